// The platform roster as stored, and how a roster imported again changes it (migration 12). A
// platform is never deleted: its draws, scans, evidence and inspections name it. One missing from
// a roster imported whole is marked gone from the roster, with the date, and one back in a later
// roster returns. Every change (added, a field's old and new value, gone, returned) is written to
// roster_changes with who made it, when and from which file.
import type { PlatformRecord } from '../../rules/types.js';
import { CLOSED_STATUSES } from '../roster/platforms.js';
import { beijingDay } from '../time.js';
import type { Db } from './database.js';

export type RosterName = 'platforms' | 'inspectors';
export type ChangeKind = 'added' | 'changed' | 'gone' | 'returned';

export interface RosterChange {
  roster: RosterName;
  /** The platform's or inspector's id. */
  subject: string;
  change: ChangeKind;
  /** The field changed (name, url, status, unit …); null for added, gone and returned. */
  field: string | null;
  old: string | null;
  new: string | null;
}

/** Where a change came from: the file (and its SHA-256) imported, or null for a console command. */
export interface ChangeSource {
  file: string | null;
  sha256: string | null;
  /** Who ran it: `console (<login>)`, or an account id. */
  by: string | null;
  at: string;
}

export type LoggedChange = RosterChange & ChangeSource & { id: number };

interface ChangeRow {
  id: number;
  roster: RosterName;
  subject: string;
  change: ChangeKind;
  field: string | null;
  old: string | null;
  new: string | null;
  file: string | null;
  file_sha256: string | null;
  by: string | null;
  at: string;
}

export function logChanges(db: Db, changes: readonly RosterChange[], source: ChangeSource): void {
  const insert = db.prepare('INSERT INTO roster_changes (roster, subject, change, field, old, new, file, file_sha256, by, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  for (const c of changes) insert.run(c.roster, c.subject, c.change, c.field, c.old, c.new, source.file, source.sha256, source.by, source.at);
}

/** The change log, oldest first: of one roster, of one platform or inspector, or all. */
export function listRosterChanges(db: Db, filter: { roster?: RosterName; subject?: string } = {}): LoggedChange[] {
  const rows = db
    .prepare('SELECT * FROM roster_changes WHERE (@roster IS NULL OR roster = @roster) AND (@subject IS NULL OR subject = @subject) ORDER BY id')
    .all({ roster: filter.roster ?? null, subject: filter.subject ?? null }) as ChangeRow[];
  return rows.map((r) => ({ id: r.id, roster: r.roster, subject: r.subject, change: r.change, field: r.field, old: r.old, new: r.new, file: r.file, sha256: r.file_sha256, by: r.by, at: r.at }));
}

// --- platforms -------------------------------------------------------------------------------

export type StoredPlatform = PlatformRecord & {
  /** When the platform was first missing from a roster imported whole; null while it is in. */
  goneAt: string | null;
};

/** The fields a re-import compares, in the order a diff shows them. */
export const PLATFORM_FIELDS = ['name', 'uscc', 'url', 'platform', 'region', 'risk', 'status'] as const;

interface PlatformRow {
  id: string;
  name: string;
  uscc: string;
  url: string;
  platform: string | null;
  region: string | null;
  risk: PlatformRecord['risk'];
  status: PlatformRecord['status'] | null;
  gone_at: string | null;
}

const SELECT_PLATFORM = 'SELECT id, name, uscc, url, platform, region, risk, status, gone_at FROM platforms';
// Optional fields absent rather than null, as the roster reader gives them.
const platformOf = ({ gone_at, platform, region, status, ...r }: PlatformRow): StoredPlatform => ({
  ...r,
  ...(platform === null ? {} : { platform }),
  ...(region === null ? {} : { region }),
  ...(status === null ? {} : { status }),
  goneAt: gone_at,
});

/** Every platform stored, gone ones too, by id. */
export function listRoster(db: Db): StoredPlatform[] {
  return (db.prepare(`${SELECT_PLATFORM} ORDER BY id`).all() as PlatformRow[]).map(platformOf);
}

export function storedPlatform(db: Db, id: string): StoredPlatform | undefined {
  const row = db.prepare(`${SELECT_PLATFORM} WHERE id = ?`).get(id) as PlatformRow | undefined;
  return row && platformOf(row);
}

/** Whether a platform is still to be checked: in the roster, and not 注销, 吊销 or 停业. */
export function isTrading(p: StoredPlatform): boolean {
  return p.goneAt === null && !(p.status !== undefined && (CLOSED_STATUSES as readonly string[]).includes(p.status));
}

export interface ImportOptions {
  /** The roster file, as named on the command line. */
  file: string;
  sha256?: string | null;
  by?: string | null;
  /**
   * The file is the whole roster (`wangjian roster import`): a stored platform missing from it is
   * marked gone. A file read for a scan or a draw may be a part of the roster, and marks nothing.
   */
  complete?: boolean;
  /** Work out the changes, write nothing. */
  dryRun?: boolean;
  at?: string;
}

export interface RosterDiff {
  /** Platforms stored before the import. */
  before: number;
  changes: RosterChange[];
  unchanged: number;
}

/**
 * Stores the platforms of a roster file, each by its id, in one transaction, and logs what
 * changed; returns the changes (all of them, whether or not `dryRun`).
 */
export function importRoster(db: Db, platforms: readonly PlatformRecord[], options: ImportOptions): RosterDiff {
  const at = options.at ?? new Date().toISOString();
  const stored = new Map(listRoster(db).map((p) => [p.id, p]));
  const changes: RosterChange[] = [];
  const change = (subject: string, kind: ChangeKind, field: string | null = null, old: string | null = null, now: string | null = null) => changes.push({ roster: 'platforms', subject, change: kind, field, old, new: now });
  let unchanged = 0;
  for (const p of platforms) {
    const s = stored.get(p.id);
    if (!s) {
      change(p.id, 'added', null, null, p.name);
      continue;
    }
    const before = changes.length;
    for (const field of PLATFORM_FIELDS) {
      const [old, now] = [s[field] ?? null, p[field] ?? null];
      if (old !== now) change(p.id, 'changed', field, old, now);
    }
    if (options.complete && s.goneAt) change(p.id, 'returned', null, beijingDay(s.goneAt), null);
    if (changes.length === before) unchanged++;
  }
  if (options.complete) {
    const given = new Set(platforms.map((p) => p.id));
    for (const s of stored.values()) if (!given.has(s.id) && !s.goneAt) change(s.id, 'gone', null, null, beijingDay(at));
  }
  if (!options.dryRun) {
    const upsert = db.prepare(`
      INSERT INTO platforms (id, name, uscc, url, platform, region, risk, status, source, imported_at)
      VALUES (@id, @name, @uscc, @url, @platform, @region, @risk, @status, @source, @importedAt)
      ON CONFLICT (id) DO UPDATE SET name = excluded.name, uscc = excluded.uscc, url = excluded.url, platform = excluded.platform,
        region = excluded.region, risk = excluded.risk, status = excluded.status, source = excluded.source, imported_at = excluded.imported_at`);
    const goneAt = db.prepare('UPDATE platforms SET gone_at = ? WHERE id = ?');
    db.transaction(() => {
      for (const p of platforms) upsert.run({ ...p, platform: p.platform ?? null, region: p.region ?? null, status: p.status ?? null, source: options.file, importedAt: at });
      for (const c of changes) {
        if (c.change === 'gone') goneAt.run(at, c.subject);
        if (c.change === 'returned') goneAt.run(null, c.subject);
      }
      logChanges(db, changes, { file: options.file, sha256: options.sha256 ?? null, by: options.by ?? null, at });
    })();
  }
  return { before: stored.size, changes, unchanged };
}
