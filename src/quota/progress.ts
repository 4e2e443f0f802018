// 进度通报: how far each target of a campaign has come (not scanned, scanned, under review, signed,
// entered on the provincial platform) against its deadline and the publication clock. The facts
// are campaignTargets' (what `wangjian campaign status` prints); this adds the stage and the unit
// each target is counted under.
import type { HolidayCalendar } from '../campaign/working-days.js';
import { getUser } from '../store/accounts.js';
import type { Db } from '../store/database.js';
import { listInspections } from '../store/inspections.js';
import { currentRecordForm } from '../store/record-forms.js';
import { reviewItems } from '../store/review-items.js';
import { campaignTargets, type TargetStatus } from './platform-results.js';

export const STAGES = ['not-scanned', 'scanned', 'under-review', 'signed', 'entered'] as const;
export type Stage = (typeof STAGES)[number];
export const STAGE_NAMES: Readonly<Record<Stage, string>> = {
  'not-scanned': '未扫描',
  scanned: '已扫描，待审核',
  'under-review': '审核中',
  signed: '已签署，待录入平台',
  entered: '已录入平台',
};

export interface TargetProgress extends TargetStatus {
  stage: Stage;
  /** The unit the target counts for: the task's 检查实施机关 or the signed form's, else the first inspector's account's. */
  unitName: string | null;
  /** A mark says the deadline or the publication day has passed. */
  overdue: boolean;
}

/** The furthest stage a target has reached. A touched review item or a record form begun is under review. */
export function stageOf(db: Db, t: TargetStatus): Stage {
  if (t.entry) return 'entered';
  if (t.signed) return 'signed';
  const id = t.inspection.id;
  if (currentRecordForm(db, id) || reviewItems(db, id).some((i) => i.origin !== 'automated' || i.versions.length > 1)) return 'under-review';
  return t.inspection.runId ? 'scanned' : 'not-scanned';
}

/** Every current target of the campaign with its stage (campaignTargets, as `campaign status` reads them). */
export function campaignProgress(db: Db, campaignId: string, calendar: HolidayCalendar, now?: Date): TargetProgress[] {
  return campaignTargets(db, campaignId, calendar, { now }).map((t) => ({
    ...t,
    stage: stageOf(db, t),
    unitName: t.unit ?? (t.inspection.inspectors[0] ? (getUser(db, t.inspection.inspectors[0])?.unit ?? null) : null),
    overdue: t.marks.some((m) => /逾期|已过/.test(m)),
  }));
}

export interface CampaignSummary {
  id: string;
  name: string | null;
  deadline: string | null;
  targets: number;
}

/** The campaigns with current inspections (drawn here or opened from a provincial task), newest deadline first. */
export function listCampaigns(db: Db): CampaignSummary[] {
  const byId = new Map<string, CampaignSummary>();
  for (const i of listInspections(db)) {
    if (!i.campaignId) continue;
    const c = byId.get(i.campaignId) ?? { id: i.campaignId, name: i.campaignName, deadline: i.deadline, targets: 0 };
    c.targets++;
    if (i.deadline && (!c.deadline || i.deadline > c.deadline)) c.deadline = i.deadline;
    byId.set(i.campaignId, c);
  }
  return [...byId.values()].sort((a, b) => (b.deadline ?? '').localeCompare(a.deadline ?? '') || a.id.localeCompare(b.id));
}
