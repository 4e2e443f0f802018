// A task the provincial 双随机 platform drew, opened for review: its targets and inspectors as the
// province drew them become inspections the same way a wangjian draw's do (createDrawInspections),
// stored as an immutable draw whose record keeps the 抽查任务编号 and each target's 检查实施机关
// for the results the platform takes back (quota/platform-results.ts).
import { isKnownCheck } from '../campaign/campaign.js';
import type { ProvincialTask } from '../roster/task-list.js';
import { listUsers, type User } from '../store/accounts.js';
import { appendAudit } from '../store/audit-log.js';
import type { Db } from '../store/database.js';
import { storeDraw } from '../store/draws.js';
import { getPlatform } from '../store/scans.js';
import { ReviewError } from './acts.js';
import { createDrawInspections } from './inspections.js';

/** The seed column of a draw wangjian did not make: the province drew it, with no seed of ours. */
export const PROVINCIAL_SEED = '省级平台抽取';

export interface OpenTaskRequest {
  task: ProvincialTask;
  /** 任务名称, as the platform names the task. */
  name: string;
  /** Checks and items (item-N) the task covers. */
  checks: readonly string[];
  /** 完成时限: results entered on the platform by this day. */
  deadline: string;
  supersedes?: { drawId: string; reason: string };
  actor: string;
}

/** A stored provincial task's draw record: a draw's shape (campaign, targets) plus what the platform named. */
export interface ProvincialDrawRecord {
  id: string;
  source: 'provincial-platform';
  campaignId: string;
  /** 抽查任务编号 */
  taskNo: string;
  campaign: { id: string; name: string; checks: string[]; deadline: string };
  importedFrom: string;
  drawnAt: string;
  targets: { platformId: string; uscc: string; name: string; unit: string | null; listed: string[]; inspectors: string[]; assistants: string[] }[];
}

/**
 * An inspector as the task lists them: the account of that id, 执法证号 or name. A name two
 * accounts share is refused rather than guessed; a disabled account cannot sign, so it is no match.
 */
function accountOf(users: readonly User[], listed: string): { id: string } | { problem: string } {
  const matches = users.filter((u) => u.disabledAt === null && (u.id === listed || u.certificate === listed || u.name === listed));
  if (matches.length === 1) return { id: matches[0]!.id };
  if (!matches.length) return { problem: `${listed} has no account (wangjian user add, or list the 执法证号)` };
  return { problem: `${listed} names ${matches.length} accounts (${matches.map((u) => u.id).join(', ')}): list the 执法证号 instead` };
}

/** Stores the task as a draw and opens its inspections, in one transaction; refuses the whole task on any problem. */
export function openProvincialTask(db: Db, req: OpenTaskRequest): { record: ProvincialDrawRecord; created: number } {
  const problems: string[] = [];
  const unknown = req.checks.filter((c) => !isKnownCheck(c));
  if (unknown.length) problems.push(`--checks: unknown ${unknown.join(', ')} (a check of shared/spec/checks.md or item-1 … item-16)`);
  if (!req.checks.length) problems.push('--checks: name the checks or items the task covers');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(req.deadline) || Number.isNaN(Date.parse(req.deadline))) problems.push(`--deadline: expected a date as YYYY-MM-DD, got ${req.deadline}`);
  if (!req.name.trim()) problems.push('--name: the task\'s name (任务名称)');
  const users = listUsers(db);
  const drawnAt = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const targets = req.task.targets.map((t) => {
    if (!getPlatform(db, t.platformId)) problems.push(`target ${t.uscc} (${t.name}): platform ${t.platformId} is not in the platforms table; import the roster first (wangjian roster import <file>)`);
    const matched = t.inspectors.map((listed) => accountOf(users, listed));
    for (const m of matched) if ('problem' in m) problems.push(`target ${t.uscc} (${t.name}), 检查人员: ${m.problem}`);
    const inspectors = [...new Set(matched.flatMap((m) => ('id' in m ? [m.id] : [])))];
    if (matched.every((m) => 'id' in m) && inspectors.length < 2) problems.push(`target ${t.uscc} (${t.name}), 检查人员: ${t.inspectors.join('、') || 'none'}: an inspection needs two inspectors`);
    return { platformId: t.platformId, uscc: t.uscc, name: t.name, unit: t.unit, listed: t.inspectors, inspectors, assistants: [] };
  });
  if (problems.length) throw new ReviewError(`task ${req.task.campaignId} was not opened:\n  ${problems.join('\n  ')}`);
  const taskNo = req.task.campaignId;
  const record: ProvincialDrawRecord = {
    id: `${taskNo}-${drawnAt.replace(/[-:]/g, '')}`,
    source: 'provincial-platform',
    campaignId: taskNo,
    taskNo,
    campaign: { id: taskNo, name: req.name.trim(), checks: [...req.checks], deadline: req.deadline },
    importedFrom: req.task.importedFrom,
    drawnAt,
    targets,
  };
  let created = 0;
  db.transaction(() => {
    const text = `${JSON.stringify(record, null, 2)}\n`;
    storeDraw(db, { id: record.id, campaignId: taskNo, seed: PROVINCIAL_SEED, drawnAt, supersedes: req.supersedes?.drawId ?? null, reason: req.supersedes?.reason ?? null, targets: targets.length, record: text });
    appendAudit(db, { actor: req.actor, action: 'provincial-task-opened', subject: taskNo, after: { drawId: record.id, importedFrom: record.importedFrom, targets: targets.map((t) => ({ platformId: t.platformId, inspectors: t.inspectors })) } });
    created = createDrawInspections(db);
  })();
  return { record, created };
}

/** The provincial task record of a stored draw, or null for a draw wangjian made. */
export function provincialRecordOf(recordText: string): ProvincialDrawRecord | null {
  const record = JSON.parse(recordText) as Partial<ProvincialDrawRecord>;
  return record.source === 'provincial-platform' ? (record as ProvincialDrawRecord) : null;
}
