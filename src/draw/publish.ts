// 一公开: the drawn targets and their inspectors as the public list, in CSV (UTF-8 with BOM,
// CRLF, which spreadsheet programs in Chinese offices open correctly) and XLSX, with the seed,
// the input hashes and how anyone can reproduce the draw. Names come from the rosters drawn
// from, and only when their content is exactly that of the draw.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PlatformRecord } from '../../rules/types.js';
import { RISK_NAMES } from '../campaign/campaign.js';
import { itemsCovered } from '../campaign/items.js';
import type { Inspector } from '../registry/inspectors.js';
import { DrawError } from './draw.js';
import type { DrawRecord, RosterDigest } from './record.js';

const LEVEL_NAMES = { province: '省级', city: '市级', county: '县级' } as const;

export const PUBLIC_COLUMNS = ['序号', '风险类别', '平台编号', '企业名称', '统一社会信用代码', '平台名称', '网址', '检查人员', '执法证号', '辅助人员'] as const;

export function publicRows(record: DrawRecord, platforms: readonly PlatformRecord[], inspectors: readonly Inspector[]): string[][] {
  const platform = new Map(platforms.map((p) => [p.id, p]));
  const inspector = new Map(inspectors.map((i) => [i.id, i]));
  const person = (id: string) => inspector.get(id)!;
  return record.targets.map((t, n) => {
    const p = platform.get(t.platformId)!;
    return [
      String(n + 1),
      RISK_NAMES[t.riskClass],
      p.id,
      p.name,
      p.uscc,
      p.platform ?? '',
      p.url,
      t.inspectors.map((id) => `${person(id).name}（${person(id).unit}）`).join('、'),
      t.inspectors.map((id) => person(id).certificate!).join('、'),
      t.assistants.map((id) => `${person(id).name}（${person(id).unit}）`).join('、'),
    ];
  });
}

/** The seed, the inputs and how to verify, as label–text pairs for the text file and the XLSX. */
export function explanation(record: DrawRecord, drawFileName: string): [string, string][] {
  const c = record.campaign;
  const items = itemsCovered(c.checks);
  const inputs = record.inputs;
  return [
    ['抽查任务', `${c.name}（${c.id}）`],
    ['层级和区域', `${LEVEL_NAMES[c.level]} ${c.region}`],
    ['检查事项', [...items.map((i) => `${i.no}${i.name}`), `（检查项：${c.checks.join(', ')}）`].join('；')],
    ['抽查比例', record.strata.map((s) => `${RISK_NAMES[s.riskClass]} ${Math.round(s.ratio * 1000) / 10}%：${s.eligible} 家中抽取 ${s.drawn} 家`).join('；')],
    ['检查时间', `${c.window.from} 至 ${c.window.to}${c.deadline ? `；结果录入公示截止 ${c.deadline}` : ''}`],
    ['每户检查人员', `执法人员不少于 ${c.minInspectors} 名${c.assistants ? `，辅助人员 ${c.assistants} 名` : ''}，从名录库随机匹配，已执行回避`],
    ['抽取编号', record.id],
    ['抽取时间', record.drawnAt],
    ...(record.supersedes ? ([['重新抽取', `取代 ${record.supersedes}；原因：${record.reason}`]] as [string, string][]) : []),
    ['随机种子（抽取前公布）', record.seed],
    ['算法', `${record.algorithm}：以随机种子为密钥的 HMAC-SHA256 计数器模式随机流，拒绝采样得无偏整数，按风险类别分层、按平台编号排序后抽取（算法全文见 wangjian README “Campaigns and the draw”）`],
    ['排除的抽取', inputs.exclude.length ? inputs.exclude.map((e) => `${e.drawId ?? e.campaignId}（${e.platformIds.length} 家，文件 ${e.file}，SHA-256 ${e.sha256}）`).join('；') : '无'],
    ['抽查任务文件 SHA-256', `${inputs.campaign.file}：${inputs.campaign.sha256}`],
    ['平台名录 SHA-256', `${inputs.platforms.file}：${inputs.platforms.sha256}（内容 ${inputs.platforms.contentSha256}）`],
    ['检查人员名录 SHA-256', `${inputs.inspectors.file}：${inputs.inspectors.sha256}（内容 ${inputs.inspectors.contentSha256}）`],
    ['复核方法', `取得公布的抽取记录 ${drawFileName}、平台名录和检查人员名录，运行 npx wangjian draw verify ${drawFileName} --platforms <平台名录> --inspectors <检查人员名录>；结果一致即证明本次抽取由公布的种子和名录决定，未经改动。也可按算法自行重算。`],
  ];
}

function sameContent(what: string, recorded: RosterDigest, given: RosterDigest): void {
  if (recorded.contentSha256 !== given.contentSha256) throw new DrawError(`${what} ${given.file} is not the one the draw was made from (content ${given.contentSha256}, draw ${recorded.contentSha256}): run \`wangjian draw verify\` to see what differs`);
}

const csvCell = (v: string) => {
  // A cell starting with = + - @ would be run as a formula by a spreadsheet program.
  const safe = /^[=+\-@]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** Rows as CSV the way offices open it: UTF-8 with BOM, CRLF, formula-safe cells. */
export function csvText(rows: readonly (readonly string[])[]): string {
  return `\uFEFF${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

export interface PublishInputs {
  record: DrawRecord;
  drawFile: string;
  platforms: { platforms: PlatformRecord[]; digest: RosterDigest };
  inspectors: { inspectors: Inspector[]; digest: RosterDigest };
  outDir: string;
}

/** Writes <id>.csv, <id>.xlsx, <id>.verify.txt and a copy of the draw file as <id>.draw.json. */
export async function publishDraw(input: PublishInputs): Promise<string[]> {
  const { record, outDir } = input;
  sameContent('the platform roster', record.inputs.platforms, input.platforms.digest);
  sameContent('the inspector roster', record.inputs.inspectors, input.inspectors.digest);
  const rows = publicRows(record, input.platforms.platforms, input.inspectors.inspectors);
  const drawFileName = `${record.id}.draw.json`;
  const notes = explanation(record, drawFileName);
  const files = ['csv', 'xlsx', 'verify.txt', 'draw.json'].map((ext) => join(outDir, `${record.id}.${ext}`));
  const [csv, xlsx, txt, json] = files as [string, string, string, string];

  mkdirSync(outDir, { recursive: true });
  writeFileSync(csv, csvText([[...PUBLIC_COLUMNS], ...rows]));
  writeFileSync(txt, `\uFEFF${notes.map(([k, v]) => `${k}：${v}`).join('\r\n')}\r\n`);
  copyFileSync(input.drawFile, json);

  // Loaded here, not at start-up: every wangjian command would pay for it.
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  book.created = new Date(record.drawnAt);
  const list = book.addWorksheet('抽查名单');
  list.addRow([...PUBLIC_COLUMNS]).font = { bold: true };
  list.addRows(rows);
  list.columns.forEach((col, i) => (col.width = [6, 10, 16, 32, 22, 16, 32, 40, 28, 24][i]));
  list.views = [{ state: 'frozen', ySplit: 1 }];
  const about = book.addWorksheet('抽取说明');
  about.addRows(notes);
  about.getColumn(1).width = 24;
  about.getColumn(2).width = 120;
  about.getColumn(1).font = { bold: true };
  await book.xlsx.writeFile(xlsx);
  return files;
}
