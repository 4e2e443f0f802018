// Nightly runs over a shop the test changes between them: a paid result's 广告 label removed
// (new), a 推广 label corrected to 广告 (resolved), one left as 推广 (persisting); then the shop
// down (its findings unchecked, not resolved), then up again. Real Chromium, real SQLite, the
// nightly in-process.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDemoRoster } from '../../src/demo/sites.js';
import { PLATFORM_KEY, normaliseUrl } from '../../src/nightly/identity.js';
import { nightly, type NightlyResult } from '../../src/nightly/nightly.js';
import { selectFromRoster } from '../../src/nightly/selection.js';
import { openDatabase, type Db } from '../../src/store/database.js';
import { latestNightly } from '../../src/store/nightly.js';
import { latestPlatformFindings, platformTracks, violationHistory } from '../../src/store/tracks.js';
import { FAST_VISIT } from '../helpers/scan.js';
import { tempDir } from '../helpers/tmp.js';
import { changeKeys as changes } from './changes.js';
import { startNightlySite, type NightlySite } from './site.js';

const tmp = tempDir();
let site: NightlySite;
let db: Db;
let roster: string;
const results: NightlyResult[] = [];

async function runNightly(): Promise<NightlyResult> {
  const result = await nightly(
    db,
    { selection: await selectFromRoster(roster), baseDir: join(tmp.dir, 'nightly'), checks: ['ad-label'], platformConcurrency: 1, visit: { ...FAST_VISIT, keywords: ['手机'] } },
    new AbortController().signal,
  );
  results.push(result);
  return result;
}

const key = (id: string) => normaliseUrl(site.resultUrl(id));

beforeAll(async () => {
  site = await startNightlySite({ '101': '广告', '102': '推广', '103': '推广' });
  roster = join(tmp.dir, 'roster.csv');
  await writeDemoRoster([{ id: 'yexun', name: '夜巡商城有限公司', uscc: '91330110MA2H3K5L7X', url: site.url, risk: 'general' }], roster);
  db = openDatabase(join(tmp.dir, 'wangjian.sqlite'));
  await runNightly();
  site.tags = { '101': '', '102': '广告', '103': '推广' };
  await runNightly();
});

afterAll(async () => {
  db?.close();
  await site?.close();
  tmp.remove();
});

describe('two nightly runs with pages changed between them', () => {
  it('reports the first run all new, against no previous run', () => {
    const first = results[0]!.report!;
    expect(changes(first)).toEqual({ new: [PLATFORM_KEY, key('102'), key('103')].sort(), persisting: [], resolved: [], unchecked: [] });
    expect(first.platforms[0]!.checks).toEqual([{ checkId: 'ad-label', checked: true, previousRunId: null }]);
  });

  it('reports the removed label new, the corrected one resolved, the unchanged one persisting', () => {
    const second = results[1]!.report!;
    expect(changes(second)).toEqual({ new: [key('101')], persisting: [PLATFORM_KEY, key('103')].sort(), resolved: [key('102')], unchecked: [] });
    expect(second.platforms[0]!.checks[0]!.previousRunId).toBe(results[0]!.scan.run.id);
    expect(second.totals).toEqual({ new: 1, persisting: 2, resolved: 1, unchecked: 0 });
  });

  it('writes nightly.json and nightly.html in the nightly folder, beside the roster and findings', () => {
    const { nightly: record, files, report } = results[1]!;
    expect(record.status).toBe('done');
    expect(files!.json).toBe(join(tmp.dir, 'nightly', record.id, 'nightly.json'));
    expect(JSON.parse(readFileSync(files!.json, 'utf8'))).toEqual(JSON.parse(JSON.stringify(report)));
    expect(readFileSync(join(record.outDir, 'findings.jsonl'), 'utf8')).toContain('"checkId":"ad-label"');
    expect(JSON.parse(readFileSync(join(record.outDir, 'roster.json'), 'utf8'))).toEqual([expect.objectContaining({ id: 'yexun', url: site.url })]);
    const html = readFileSync(files!.html, 'utf8');
    expect(html).toContain('夜间巡查报告');
    // one row per finding, its change in words
    expect([...html.matchAll(/<tr class="(new|persisting|resolved|unchecked)">/g)].map((m) => m[1]).sort()).toEqual(['new', 'persisting', 'persisting', 'resolved']);
    // inspectors read it: the checks by their Chinese names, times in 北京时间
    expect(html).toContain('<td>（十二）竞价排名广告标注</td>');
    expect(html).not.toContain('<td>ad-label</td>');
    expect(html).toContain('时间均为北京时间');
    expect(html).not.toMatch(/UTC/);
  });

  it('shows crawled text as text: no markup from the shop gets into the page', () => {
    const html = readFileSync(results[1]!.files!.html, 'utf8');
    expect(results[1]!.report!.platforms[0]!.findings.some((f) => f.summary.includes('<img src=x onerror=alert(1)>'))).toBe(true);
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('tracks first seen, last seen, resolution and runs seen', () => {
    const [first, second] = results.map((r) => r.scan.run.id);
    const tracks = Object.fromEntries(platformTracks(db, 'yexun').map((t) => [t.key, t]));
    expect(tracks[key('102')]).toMatchObject({ firstRunId: first, lastRunId: first, resolvedRunId: second, runsSeen: 1 });
    expect(tracks[key('103')]).toMatchObject({ firstRunId: first, lastRunId: second, resolvedRunId: null, runsSeen: 2 });
    expect(tracks[key('101')]).toMatchObject({ firstRunId: second, resolvedRunId: null, runsSeen: 1 });
    expect(tracks[PLATFORM_KEY]).toMatchObject({ firstRunId: first, runsSeen: 2, verdict: 'violation' });
    const history = violationHistory(db, 'yexun');
    expect(history).toHaveLength(4);
    const resolved = history.find((h) => h.subject === site.resultUrl('102'))!;
    expect(resolved.resolvedAt! > resolved.lastSeenAt).toBe(true);
    expect(Object.keys(resolved).sort()).toEqual(['checkId', 'firstSeenAt', 'lastSeenAt', 'resolvedAt', 'runsSeen', 'subject', 'summary', 'verdict']);
    // the report carries the track's figures
    const persisting = results[1]!.report!.platforms[0]!.findings.find((f) => f.key === key('103'))!;
    expect(persisting).toMatchObject({ runsSeen: 2, firstSeenAt: tracks[key('103')]!.firstSeenAt });
  });

  it('gives the newest nightly findings per platform', () => {
    const latest = latestPlatformFindings(db);
    expect(latest.map((l) => [l.platformId, l.runId])).toEqual([['yexun', results[1]!.scan.run.id]]);
    expect(latest[0]!.findings.every((f) => f.runId === results[1]!.scan.run.id && f.platformId === 'yexun')).toBe(true);
    expect(latestPlatformFindings(db, ['other'])).toEqual([]);
    expect(latestNightly(db)?.id).toBe(results[1]!.nightly.id);
  });

  it('with the shop down, calls its findings unchecked and leaves their tracks open', async () => {
    site.down = true;
    const third = (await runNightly()).report!;
    expect(changes(third)).toEqual({ new: [], persisting: [], resolved: [], unchecked: [PLATFORM_KEY, key('101'), key('103')].sort() });
    expect(third.platforms[0]!.checks[0]!.checked).toBe(false);
    const open = platformTracks(db, 'yexun').filter((t) => t.resolvedAt === null);
    expect(open.map((t) => t.key).sort()).toEqual([PLATFORM_KEY, key('101'), key('103')].sort());
  });

  it('back up, compares with the last run that could judge it, not the night it was down', async () => {
    site.down = false;
    const fourth = (await runNightly()).report!;
    expect(fourth.platforms[0]!.checks[0]!.previousRunId).toBe(results[1]!.scan.run.id);
    expect(changes(fourth)).toEqual({ new: [], persisting: [PLATFORM_KEY, key('101'), key('103')].sort(), resolved: [], unchecked: [] });
    expect(platformTracks(db, 'yexun').find((t) => t.key === key('103'))).toMatchObject({ runsSeen: 3, resolvedAt: null });
  });

  it('redoes only the comparison of a nightly that died after its scan, counting nothing twice', async () => {
    const last = results.at(-1)!;
    const before = platformTracks(db, 'yexun');
    db.prepare(`UPDATE nightly_runs SET status = 'running', finished_at = NULL WHERE id = ?`).run(last.nightly.id);
    const events: string[] = [];
    const redo = await nightly(
      db,
      { selection: await selectFromRoster(roster), baseDir: join(tmp.dir, 'nightly'), checks: ['ad-label'], platformConcurrency: 1, visit: { ...FAST_VISIT, keywords: ['手机'] } },
      new AbortController().signal,
      (e) => events.push(e.type === 'log' ? e.message : e.type),
    );
    expect(events).toEqual([`continuing nightly ${last.nightly.id}, started ${last.nightly.startedAt} and never finished`]);
    expect(redo.scan.run.id).toBe(last.scan.run.id);
    expect(redo.nightly.status).toBe('done');
    expect(changes(redo.report!)).toEqual(changes(last.report!));
    expect(platformTracks(db, 'yexun')).toEqual(before);
  });
});
