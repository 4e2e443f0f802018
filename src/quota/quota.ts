// Monthly online checks (seeds/003 三（二）、（四）): every county bureau and city section runs at
// least one online check a month with the record form 附件1, and units that skip it are named in
// a circular. A check counts when its record form is signed, in the calendar month of 北京时间
// (UTC+8, no daylight saving) in which it was first signed: a correction does not move it.
import type { PlatformRecord } from '../../rules/types.js';
import { inRegion } from '../campaign/campaign.js';
import type { Finding } from '../findings/finding.js';
import { certificateExpired } from '../registry/inspectors.js';
import { getUser, type Role, unitsOverTime } from '../store/accounts.js';
import type { Db } from '../store/database.js';
import { createRoutineInspection } from '../review/inspections.js';
import { currentRecordForm, signedRecordForms, type SignedCheck } from '../store/record-forms.js';
import { listInspections, type Inspection } from '../store/inspections.js';
import { isTrading, listRoster, storedPlatform } from '../store/roster.js';
import { latestPlatformFindings } from '../store/tracks.js';
import { findUnit, listUnits, type Unit } from '../store/units.js';
import { BEIJING_OFFSET_MS, beijingDay, beijingMonth } from '../time.js';
import { belongsTo, unitAndChildren } from './units.js';
import { InputError } from '../input-error.js';

/** Why a quota request was refused; nothing was changed. The message is for the inspector. */
export class QuotaError extends InputError {
  override name = 'QuotaError';
}

export interface MonthBounds {
  month: string;
  /** The month's first and next month's first instant, UTC ISO: [from, to). */
  from: string;
  to: string;
  /** YYYY-MM-DD */
  firstDay: string;
  lastDay: string;
  days: number;
}

export function monthBounds(month: string): MonthBounds {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!m) throw new QuotaError(`月份格式应为 YYYY-MM，如 2026-11 (expected a month as YYYY-MM; got "${month}")`);
  const [year, mon] = [Number(m[1]), Number(m[2])];
  const last = new Date(Date.UTC(year, mon, 0));
  return {
    month,
    from: new Date(Date.UTC(year, mon - 1, 1) - BEIJING_OFFSET_MS).toISOString(),
    to: new Date(Date.UTC(year, mon, 1) - BEIJING_OFFSET_MS).toISOString(),
    firstDay: `${month}-01`,
    lastDay: last.toISOString().slice(0, 10),
    days: last.getUTCDate(),
  };
}

/** Days of the month still open on `now`, today (北京时间) included: 0 once it is over. */
export function daysLeft(month: string, now: Date): number {
  const { days } = monthBounds(month);
  const today = beijingDay(now);
  if (today.slice(0, 7) > month) return 0;
  if (today.slice(0, 7) < month) return days;
  return days - Number(today.slice(8, 10)) + 1;
}

export interface UnitQuota {
  unit: Unit;
  /** Signed checks credited to the unit this month. */
  checks: SignedCheck[];
  below: boolean;
}

export interface MonthQuota extends MonthBounds {
  daysLeft: number;
  units: UnitQuota[];
  /** Signed checks whose unit no units file names: shown so that they are not silently lost. */
  unattributed: SignedCheck[];
}

/**
 * The unit a check counts for. Quota credit follows the officer: a drawn target's check counts for
 * the unit its first inspector was in when the check was first signed, so an officer transferred
 * (调动) with a drawn check still open earns it for the new unit, while a check already signed
 * stays with the unit it was done in, and a county's count for a month gone by never moves when
 * an officer leaves it. A routine check counts for the unit that took it on from the quota page
 * (the inspection's unit): it was that unit's monthly check. An inspector without an account
 * leaves the inspection's unit. `unitAt` is the accounts' unit history (unitsOverTime).
 */
export function creditedUnit(check: Pick<SignedCheck, 'origin' | 'unit' | 'inspectors' | 'firstSignedAt'>, units: readonly Unit[], unitAt: (id: string, at: string) => string | undefined): Unit | undefined {
  const text = (check.origin === 'draw' ? unitAt(check.inspectors[0] ?? '', check.firstSignedAt) : undefined) ?? check.unit;
  return units.find((u) => belongsTo(text, u));
}

export function monthQuota(db: Db, month: string, now = new Date()): MonthQuota {
  const bounds = monthBounds(month);
  const units = listUnits(db);
  const unitAt = unitsOverTime(db);
  const byUnit = new Map(units.map((u) => [u.id, [] as SignedCheck[]]));
  const unattributed: SignedCheck[] = [];
  for (const check of signedRecordForms(db, bounds)) {
    const unit = creditedUnit(check, units, unitAt);
    if (unit) byUnit.get(unit.id)!.push(check);
    else unattributed.push(check);
  }
  return {
    ...bounds,
    daysLeft: daysLeft(month, now),
    units: units.map((unit) => ({ unit, checks: byUnit.get(unit.id)!, below: byUnit.get(unit.id)!.length < unit.quota })),
    unattributed,
  };
}

export interface Suggestion {
  platform: PlatformRecord;
  /** The nightly run whose findings the inspection will review. */
  runId: string;
  finishedAt: string;
  /** Its violation and needs-review findings. */
  open: Finding[];
}

const isOpen = (f: Finding) => f.verdict === 'violation' || f.verdict === 'needs-review';

/** Platforms assigned to an inspection whose record form is not signed yet. */
function platformsUnderInspection(db: Db): Set<string> {
  return new Set(
    listInspections(db)
      .filter((i) => currentRecordForm(db, i.id)?.status !== 'signed')
      .map((i) => i.platform.id),
  );
}

/** What suggestions are drawn from, read once for every unit: the roster and each platform's newest nightly findings. */
interface Pool {
  platforms: PlatformRecord[];
  latest: Map<string, { runId: string; finishedAt: string; open: Finding[] }>;
  taken: Set<string>;
}

function pool(db: Db, taken: Set<string>): Pool {
  const latest = new Map(latestPlatformFindings(db).map((l) => [l.platformId, { runId: l.runId, finishedAt: l.finishedAt, open: l.findings.filter(isOpen) }]));
  // A platform 注销, 吊销 or 停业, or gone from the roster, is not suggested.
  return { platforms: listRoster(db).filter(isTrading), latest, taken };
}

/**
 * Targets for a unit this month, most open findings first: platforms of its jurisdiction with
 * nightly results that it has not checked this month and that no open inspection holds.
 */
function candidates(p: Pool, q: UnitQuota): Suggestion[] {
  const checked = new Set(q.checks.map((c) => c.platformId));
  return p.platforms
    .filter((platform) => q.unit.regions.some((r) => inRegion(platform.region, r)) && !checked.has(platform.id) && !p.taken.has(platform.id))
    .flatMap((platform) => {
      const l = p.latest.get(platform.id);
      return l && l.open.length ? [{ platform, ...l }] : [];
    })
    .sort((a, b) => b.open.length - a.open.length || violations(b) - violations(a) || a.platform.id.localeCompare(b.platform.id));
}

const violations = (s: Suggestion) => s.open.filter((f) => f.verdict === 'violation').length;

/** Suggested targets for each unit below its quota (unit id → suggestions, at most `limit` each). */
export function suggestTargets(db: Db, quota: MonthQuota, limit = 5): Map<string, Suggestion[]> {
  const below = quota.units.filter((q) => q.below);
  if (!below.length) return new Map();
  const p = pool(db, platformsUnderInspection(db));
  return new Map(below.map((q) => [q.unit.id, candidates(p, q).slice(0, limit)]));
}

export interface AcceptRequest {
  unit: string;
  platformId: string;
  inspectors: readonly string[];
  actor: string;
  now?: Date;
}

/**
 * Accepts a suggestion: a routine inspection of the platform for the unit, bound to the nightly
 * run the suggestion came from, so that the inspectors review its findings (pre-filled) and sign.
 * Due by the month's last day.
 */
export function acceptSuggestion(db: Db, req: AcceptRequest): Inspection {
  const unit = findUnit(db, req.unit);
  if (!unit) throw new QuotaError(`没有单位 ${req.unit} (no such unit: import the units file)`);
  const month = beijingMonth(req.now ?? new Date());
  const q = monthQuota(db, month, req.now).units.find((u) => u.unit.id === unit.id)!;
  const platform = storedPlatform(db, req.platformId);
  if (!platform) throw new QuotaError(`平台 ${req.platformId} 不在名录库中 (platform not in the roster)`);
  if (!isTrading(platform)) throw new QuotaError(`平台 ${platform.id} ${platform.goneAt ? `已于 ${beijingDay(platform.goneAt)} 移出名录库 (gone from the roster)` : `经营状态为${platform.status} (not trading)`}`);
  if (!unit.regions.some((r) => inRegion(platform.region, r))) throw new QuotaError(`平台 ${platform.id} 不在${unit.name}辖区 (${unit.regions.join('、')}) 内 (outside the unit's jurisdiction)`);
  if (q.checks.some((c) => c.platformId === platform.id)) throw new QuotaError(`${unit.name}本月已检查平台 ${platform.id} (checked by the unit this month already)`);
  if (platformsUnderInspection(db).has(platform.id)) throw new QuotaError(`平台 ${platform.id} 已有未完成的检查 (an open inspection holds it already)`);
  const suggestion = candidates(pool(db, new Set()), q).find((s) => s.platform.id === platform.id);
  if (!suggestion) throw new QuotaError(`平台 ${platform.id} 没有待核实的夜间扫描结果 (no nightly findings to review)`);
  const allowed = unitAndChildren(listUnits(db), unit.id);
  for (const id of req.inspectors) {
    const user = getUser(db, id);
    if (!user || user.disabledAt) throw new QuotaError(`没有检查人员账户 ${id} (no active account)`);
    // as the draw leaves them out: not 在岗, or a 执法证 past its last day
    if (user.status && user.status !== '在岗') throw new QuotaError(`${user.name}（${id}）在名录中为${user.status}，不能检查 (not on duty)`);
    if (certificateExpired(user, beijingDay(req.now ?? new Date()))) throw new QuotaError(`${user.name}（${id}）的执法证已于 ${user.validUntil} 到期 (the 执法证 has expired)`);
    if (!allowed.some((u) => belongsTo(user.unit, u))) throw new QuotaError(`${user.name}（${user.unit}）不属于${unit.name} (the inspector is not of the unit)`);
  }
  return createRoutineInspection(db, { platformId: platform.id, unit: unit.name, inspectors: req.inspectors, runId: suggestion.runId, deadline: monthBounds(month).lastDay, actor: req.actor });
}

/**
 * The units a user sees on the quota page: a lead of the city or a city section (市局市场与网络交易
 * 监管科 circulates the figures) sees every unit, another lead their unit and the units below
 * it, an inspector their own unit.
 */
export function visibleUnits(units: readonly Unit[], user: { role: Role; unit: string }): Unit[] {
  const own = units.find((u) => belongsTo(user.unit, u));
  if (!own) return [];
  if (user.role !== 'lead') return [own];
  return own.kind === 'county' ? unitAndChildren(units, own.id) : [...units];
}
