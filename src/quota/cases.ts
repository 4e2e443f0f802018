// Cases (查处网络违法案件) by the main violation, as the statistics table 附件2 (seeds/003)
// classifies them. `wangjian case add --kind` takes the id or the Chinese name.
import type { Db } from '../store/database.js';
import { addCase, findUnit, UnitStoreError, type CaseRecord } from '../store/units.js';

export const CASE_KINDS = [
  { id: 'counterfeit', name: '网络销售假冒伪劣商品案件' },
  { id: 'platform-duty', name: '电子商务平台未履行平台义务案件' },
  { id: 'disclosure', name: '电子商务经营者未履行市场主体公示义务案件' },
  { id: 'food-licence', name: '未办理《食品经营许可证》销售食品案件' },
  { id: 'unfair-competition', name: '互联网不正当竞争案件' },
  { id: 'price', name: '不正当价格行为案件' },
  { id: 'advertising', name: '虚假违法互联网广告案件' },
  { id: 'consumer-rights', name: '侵害网络消费者合法权益案件' },
  { id: 'personal-info', name: '侵害公民个人信息案件' },
  { id: 'standard-terms', name: '格式条款合同违法违规案件' },
  { id: 'prohibited-goods', name: '网络销售禁售、限售物品案件' },
  { id: 'other', name: '其他违法违规案件' },
] as const;

export type CaseKind = (typeof CASE_KINDS)[number]['id'];

export function caseKind(idOrName: string): CaseKind {
  const text = idOrName.trim().replace(/（件）$/, '');
  const kind = CASE_KINDS.find((k) => k.id === text || k.name === text);
  if (!kind) throw new UnitStoreError(`unknown case kind "${idOrName}": expected one of ${CASE_KINDS.map((k) => `${k.id} (${k.name})`).join(', ')}`);
  return kind.id;
}

export interface CaseInput {
  unit: string;
  kind: string;
  platform?: string;
  decisionNo: string;
  /** 罚没款, 万元, as written on the decision. */
  fineWan: string;
  transferred: boolean;
  date: string;
  actor: string | null;
}

/** Records a case from the command's text fields, checked first. */
export function recordCase(db: Db, input: CaseInput): CaseRecord {
  const unit = findUnit(db, input.unit);
  if (!unit) throw new UnitStoreError(`no unit "${input.unit}": import the units file first (wangjian unit import)`);
  if (!/^\d+(\.\d{1,4})?$/.test(input.fineWan.trim())) throw new UnitStoreError(`--fine: expected 罚没款 in 万元 with at most 4 decimals (1 元), such as 0.5; got "${input.fineWan}"`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.date) || Number.isNaN(Date.parse(input.date))) throw new UnitStoreError(`--date: expected the decision's date as YYYY-MM-DD; got "${input.date}"`);
  if (!input.decisionNo.trim()) throw new UnitStoreError('--decision-no: expected the 行政处罚决定书 number');
  const [whole, frac = ''] = input.fineWan.trim().split('.');
  return addCase(db, {
    unit: unit.id,
    kind: caseKind(input.kind),
    platformId: input.platform ?? null,
    decisionNo: input.decisionNo.trim(),
    // 万元 to yuan without floating point: "0.35" → 3500.
    fineYuan: Number(whole) * 10_000 + Number(frac.padEnd(4, '0')),
    transferred: input.transferred,
    decidedOn: input.date,
    createdBy: input.actor,
  });
}

/** Yuan as 万元 for the table: 3500 → "0.35". */
export function wan(yuan: number): string {
  const whole = Math.floor(yuan / 10_000);
  const frac = String(yuan % 10_000).padStart(4, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : String(whole);
}
