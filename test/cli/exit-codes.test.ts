// The README's exit-status table, checked over every command: each (command, status) pair the
// table names is produced here by the real command, and every command the CLI has is in the table.
import { appendFileSync, cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';
import { listenLocal, sendHtml, type LocalServer } from '../../src/demo/http.js';
import { paths } from '../../src/paths.js';
import { openDatabase } from '../../src/store/database.js';
import { acquireNightlyLock, releaseNightlyLock } from '../../src/store/nightly.js';
import { createRoutineInspection } from '../../src/review/inspections.js';
import { BIN, interrupt, start, wangjian, type Ended } from '../helpers/cli.js';
import { startRedis } from '../helpers/redis.js';
import { tempDir } from '../helpers/tmp.js';

const README = readFileSync(join(paths.root, 'README.md'), 'utf8');

/** Every command a user can run, by its words: `scan`, `draw verify`, … (`help` aside). */
function leafCommands(cmd: Command, prefix: string[] = []): string[] {
  return cmd.commands.flatMap((c) => {
    const words = [...prefix, c.name()];
    // A command with an action of its own (draw) is one too, besides its subcommands.
    const own = (c as unknown as { _actionHandler: unknown })._actionHandler ? [words.join(' ')] : [];
    return [...own, ...leafCommands(c, words)];
  });
}
const COMMANDS = leafCommands(buildProgram());

/** (command, status) pairs of the README's table; "every command" is every command. */
function readmePairs(): string[] {
  const section = /^## Exit status\n([\s\S]*?)(?=^## )/m.exec(README)![1]!;
  return [...section.matchAll(/^\| (\d+) \|[^|]*\| ([^|]+) \|$/gm)].flatMap(([, status, commands]) => {
    const named = commands!.trim() === 'every command' ? COMMANDS : [...commands!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
    return named.map((c) => `${c} → ${status}`);
  });
}

const tmp = tempDir('wangjian-exit-');
const storage = join(tmp.dir, 'storage');
const bureau = join(tmp.dir, 'bureau');
const f = (name: string) => join(bureau, name);
const run = (args: string[], input?: string) => wangjian(args, { storage, cwd: tmp.dir, input });
const FAST = ['--rpm', '1200', '--per-host', '2', '--nav-timeout', '8'];
let site: LocalServer;
let hanging: LocalServer;

/** A command started, stopped with Ctrl-C once it has begun its work. */
async function stoppedOnce(args: string[], begun: RegExp, where: string): Promise<Ended> {
  const running = start(process.execPath, [BIN, ...args], { storage: where, cwd: tmp.dir, detached: true });
  await running.waitFor(begun);
  return interrupt(running);
}

/** A port some other program listens on. */
async function takenPort(): Promise<{ port: number; close(): void }> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await new Promise((done) => server.once('listening', done));
  return { port: (server.address() as net.AddressInfo).port, close: () => server.close() };
}

type Case = [pair: string, run: () => Promise<Ended>];
const outcomes = new Map<string, Ended>();
// The zeros in stages, each building on those before it; the cases of a stage run side by side
// (separate processes on one WAL database, as a bureau's commands would).
const ZERO_STAGES: Case[][] = [
  // on an empty storage: every listing says so
  [
    ['roster list → 0', () => run(['roster', 'list'])],
    ['runs → 0', () => run(['runs'])],
    ['draw list → 0', () => run(['draw', 'list'])],
    ['documents list → 0', () => run(['documents', 'list'])],
    ['unit list → 0', () => run(['unit', 'list'])],
    ['case list → 0', () => run(['case', 'list'])],
    ['user list → 0', () => run(['user', 'list'])],
  ],
  [
    ['roster import → 0', () => run(['roster', 'import', f('platforms.csv')])],
    ['campaign import → 0', () => run(['campaign', 'import', f('task.csv'), '--platforms', f('platforms.csv'), '--out', f('province-task.json')])],
    ['unit import → 0', () => run(['unit', 'import', f('units.csv')])],
    ['user add → 0', () => run(['user', 'add', 'hz-02', '--inspectors', f('inspectors.csv'), '--password-stdin'], 'exit-codes-hz02\n')],
    ['user disable → 0', () => run(['user', 'add', 'hz-04', '--inspectors', f('inspectors.csv'), '--password-stdin'], 'exit-codes-hz04\n').then(() => run(['user', 'disable', 'hz-04']))],
    ['draw → 0', () => run(['draw', '--campaign', f('campaign.json'), '--platforms', f('platforms.csv'), '--inspectors', f('inspectors.csv'), '--seed', 'exit codes', '--out', f('draw.json')])],
    ['scan → 0', () => run(['scan', '--platforms', f('site.csv'), '--checks', 'agreement-display,complaint-channel', ...FAST])],
    ['nightly → 0', () => run(['nightly', '--platforms', f('site.csv'), '--checks', 'complaint-channel', ...FAST])],
    ['sweep → 0', () => run(['sweep', '--sites', f('sweep-sites.csv'), '--checks', 'icp-filing-display', '--rpm', '1200', '--nav-timeout', '8'])],
  ],
  [
    ['user passwd → 0', () => run(['user', 'passwd', 'hz-02', '--password-stdin'], 'exit-codes-hz02-new\n')],
    ['user certificates → 0', () => run(['user', 'certificates', '--inspectors', f('inspectors.csv')])],
    ['user sync → 0', () => run(['user', 'sync', '--inspectors', f('inspectors.csv'), '--dry-run'])],
    // hz-04's account is disabled, and draws no target of the review cases below
    ['user transfer → 0', () => run(['user', 'transfer', 'hz-04', '--unit', 'hz-xh'])],
    ['roster changes → 0', () => run(['roster', 'changes'])],
    ['draw show → 0', () => run(['draw', 'show', JSON.parse(readFileSync(f('draw.json'), 'utf8')).id])],
    ['draw verify → 0', () => run(['draw', 'verify', f('draw.json'), '--platforms', f('platforms.csv'), '--inspectors', f('inspectors.csv')])],
    ['draw publish → 0', () => run(['draw', 'publish', f('draw.json'), '--platforms', f('platforms.csv'), '--inspectors', f('inspectors.csv'), '--out', f('public')])],
    ['documents diff → 0', async () => run(['documents', 'diff', 'site', /^site\t(\d+)\t/m.exec((await run(['documents', 'list'])).stdout)![1]!])],
    ['rejudge → 0', async () => run(['rejudge', /^(\S+)\tfinished\t/m.exec((await run(['runs'])).stdout)![1]!])],
    ['quota → 0', () => run(['quota', '--month', '2026-11'])],
    ['case add → 0', () => run(['case', 'add', '--unit', 'hz-xh', '--kind', 'price', '--decision-no', '杭西市监处罚〔2026〕1号', '--date', '2026-11-18'])],
    ['serve → 0', () => stoppedOnce(['serve', '--port', '0'], /listening on/, storage)],
    ['worker → 0', async () => {
      const redis = await startRedis(tmp.dir);
      try {
        return await stoppedOnce(['worker', '--redis', redis.url, '--concurrency', '1'], /ready on/, storage);
      } finally {
        await redis.stop();
      }
    }],
    // The demo's own run is scan's (the same runScan) plus two minutes of sample platforms: its help here.
    ['demo → 0', () => run(['demo', '--help'])],
  ],
  [
    ['report stats → 0', () => run(['report', 'stats', '--month', '2026-11', '--out', f('reports')])],
    ['report public → 0', () => run(['report', 'public', '--month', '2026-11', '--out', f('public')])],
    ['evidence pack → 0', async () => run(['evidence', 'pack', await runFolder(), '--out', f('site.wacz')])],
    ['evidence verify → 0', async () => run(['evidence', 'verify', await runFolder()])],
    // the draw made its targets inspections: one's inspectors record its two offline items and one more
    ['review list → 0', () => run(['review', 'list'])],
    ['review show → 0', async () => run(['review', 'show', (await reviewer()).inspection])],
    ['review add → 0', async () => {
      const { inspection, inspectors: [a] } = await reviewer();
      const add = (check: string, verdict: string) => run(['review', 'add', inspection, '--as', a!, '--check', check, '--verdict', verdict, '--summary', '书面审查平台报送材料', '--mode', 'written']);
      await add('item-6', 'compliant');
      await add('item-7', 'compliant');
      return add('licence-display', 'needs-review');
    }],
  ],
  [
    ['review confirm → 0', async () => run(['review', 'confirm', await itemOf('item-6'), '--as', (await reviewer()).inspectors[1]!])],
    ['review reject → 0', async () => run(['review', 'reject', await itemOf('licence-display'), '--as', (await reviewer()).inspectors[1]!, '--reason', '首页底部已公示'])],
    ['review amend → 0', async () => run(['review', 'amend', await itemOf('item-7'), '--as', (await reviewer()).inspectors[0]!, '--summary', '书面审查：平台已建立巡查制度'])],
    ['review confirm-all → 0', async () => run(['review', 'confirm-all', (await reviewer()).inspection, '--as', (await reviewer()).inspectors[1]!, '--verdict', 'not-checked'])],
  ],
  [
    ['record build → 0', async () => run(['record', 'build', (await reviewer()).inspection, '--as', (await reviewer()).inspectors[0]!, '--rectification'])],
    ['record pdf → 0', async () => run(['record', 'pdf', (await reviewer()).inspection, '--out', f('record-draft.pdf')])],
    ['evidence record → 0', async () => {
      // a unit's own check of the scanned site, by the reviewer's two inspectors, bound to its newest run
      const db = openDatabase(join(storage, 'wangjian.sqlite'));
      let id: number;
      try {
        id = createRoutineInspection(db, { platformId: 'site', unit: '杭州市西湖区市场监督管理局', inspectors: (await reviewer()).inspectors, actor: (await reviewer()).inspectors[0]! }).id;
      } finally {
        db.close();
      }
      return run(['evidence', 'record', String(id), '--out', f('extraction-record.pdf')]);
    }],
  ],
  [
    ['evidence capture → 0', async () => {
      // the routine check of the site made above: one of its inspectors captures the site's page now
      const { inspectors } = await reviewer();
      const id = (await run(['review', 'list', '--inspector', inspectors[0]!])).stdout.split('\n').find((l) => l.split('\t')[1] === 'site')!.split('\t')[0]!;
      return run(['evidence', 'capture', id, site.url, '--as', inspectors[1]!]);
    }],
    ['record sign → 0', async () => {
      const { inspection, inspectors } = await reviewer();
      // the amended item-7 is to be confirmed before the form can be signed
      await run(['review', 'confirm', await itemOf('item-7'), '--as', inspectors[1]!]);
      const hash = /content sha256: ([0-9a-f]{64})/.exec((await run(['record', 'build', inspection])).stdout)![1]!;
      await run(['record', 'sign', inspection, '--as', inspectors[0]!, '--sha256', hash]);
      return run(['record', 'sign', inspection, '--as', inspectors[1]!, '--sha256', hash]);
    }],
  ],
  // the signed check's results out to the provincial platform; a provincial task opened beside it
  [
    ['report platform → 0', () => run(['report', 'platform', '--campaign', 'hz-2026-ecom', '--task-no', 'ZJ-2026-0100', '--out', f('platform.xlsx')])],
    ['campaign status → 0', () => run(['campaign', 'status', 'hz-2026-ecom'])],
    ['campaign entered → 0', async () => {
      const { inspectors } = await reviewer();
      const target = (JSON.parse(readFileSync(f('draw.json'), 'utf8')) as { targets: { platformId: string; inspectors: string[] }[] }).targets.find((t) => t.inspectors.join() === inspectors.join())!;
      return run(['campaign', 'entered', 'hz-2026-ecom', '--target', target.platformId, '--date', new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10), '--by', '李敏']); // today, 北京时间
    }],
    ['campaign open → 0', async () => {
      const task = { source: 'provincial-platform', campaignId: 'ZJ-2026-0099', importedFrom: 'task.xlsx', targets: [{ platformId: 'hemei', uscc: '91330106MA27U8XK3X', name: '合美网络科技有限公司', unit: '杭州市市场监督管理局', inspectors: (await reviewer()).inspectors }] };
      writeFileSync(f('open-task.json'), JSON.stringify(task));
      return run(['campaign', 'open', f('open-task.json'), '--name', '省局抽查任务', '--checks', 'licence-display', '--deadline', '2027-01-31']);
    }],
  ],
  // 回避 after the draw, last: a target other than the reviewer's, whose inspection the refusals below keep using
  [
    ['draw rematch → 0', async () => {
      const { inspectors } = await reviewer();
      const record = JSON.parse(readFileSync(f('draw.json'), 'utf8')) as { id: string; targets: { platformId: string; inspectors: string[] }[] };
      const target = record.targets.find((t) => t.inspectors.join() !== inspectors.join())!;
      return run(['draw', 'rematch', record.id, '--platform', target.platformId, '--inspector', target.inspectors[0]!, '--reason', '近亲属在该平台任职', '--platforms', f('platforms.csv'), '--inspectors', f('inspectors.csv'), '--out', f('rematch.json')]);
    }],
  ],
];

let reviewing: Promise<{ inspection: string; inspectors: string[] }> | undefined;
/** A drawn target's inspection and its two inspectors, each with an account (made once). */
function reviewer(): Promise<{ inspection: string; inspectors: string[] }> {
  return (reviewing ??= (async () => {
    // hz-04's account is disabled above
    const target = (JSON.parse(readFileSync(f('draw.json'), 'utf8')) as { targets: { platformId: string; inspectors: string[] }[] }).targets.find((t) => !t.inspectors.includes('hz-04'))!;
    for (const id of target.inspectors) await run(['user', 'add', id, '--inspectors', f('inspectors.csv'), '--password-stdin'], `exit-codes-${id}\n`);
    const line = (await run(['review', 'list', '--inspector', target.inspectors[0]!])).stdout.split('\n').find((l) => l.split('\t')[1] === target.platformId)!;
    return { inspection: line.split('\t')[0]!, inspectors: target.inspectors };
  })());
}

/** The id of the inspection's item of a check, from `review show`. */
async function itemOf(check: string): Promise<string> {
  const shown = (await run(['review', 'show', (await reviewer()).inspection])).stdout;
  return new RegExp(`^item (\\d+) .* ${check} `, 'm').exec(shown)![1]!;
}
/** The folder of a finished run (the scan's, which rejudge shares). */
async function runFolder(): Promise<string> {
  return dirname(/^\S+\tfinished\t[^\t]*\t[^\t]*\t([^\t\n]+)/m.exec((await run(['runs'])).stdout)![1]!);
}
const ZEROS = ZERO_STAGES.flat();
const REFUSALS: Case[] = [
  ['draw verify → 1', () => {
    const record = JSON.parse(readFileSync(f('draw.json'), 'utf8'));
    record.targets[0].inspectors = ['hz-01', 'hz-05'];
    writeFileSync(f('tampered.json'), JSON.stringify(record));
    return run(['draw', 'verify', f('tampered.json'), '--platforms', f('platforms.csv'), '--inspectors', f('inspectors.csv')]);
  }],
  ['evidence verify → 1', async () => {
    const copy = f('tampered-run');
    cpSync(await runFolder(), copy, { recursive: true });
    const shot = readdirSync(join(copy, 'evidence', 'site')).find((name) => name.endsWith('.png'))!;
    appendFileSync(join(copy, 'evidence', 'site', shot), 'x');
    return run(['evidence', 'verify', copy]);
  }],
  ['serve → 1', async () => {
    const taken = await takenPort();
    try {
      return await run(['serve', '--port', String(taken.port)]);
    } finally {
      taken.close();
    }
  }],

  ['scan → 2', () => run(['scan'])],
  ['sweep → 2', () => run(['sweep', '--sites', f('bad.csv')])],
  ['demo → 2', () => run(['demo', '--serve-only', '--review'])],
  ['roster import → 2', () => run(['roster', 'import', f('bad.csv')])],
  ['roster list → 2', () => run(['roster', 'list', '--all'])],
  ['runs → 2', () => run(['runs', 'extra'])],
  ['rejudge → 2', () => run(['rejudge', 'no-such-run'])],
  ['draw → 2', () => run(['draw', '--campaign', f('campaign.json'), '--platforms', f('platforms.csv'), '--inspectors', f('inspectors.csv')])],
  ['draw verify → 2', () => run(['draw', 'verify', f('missing.json'), '--platforms', f('platforms.csv'), '--inspectors', f('inspectors.csv')])],
  ['draw publish → 2', () => run(['draw', 'publish', f('draw.json'), '--platforms', f('bad.csv'), '--inspectors', f('inspectors.csv'), '--out', f('public2')])],
  ['draw list → 2', () => run(['draw', 'list', '--campaign'])],
  ['draw show → 2', () => run(['draw', 'show', 'no-such-draw'])],
  ['draw rematch → 2', () => run(['draw', 'rematch', 'no-such-draw', '--platform', 'site', '--inspector', 'hz-02', '--reason', '回避', '--platforms', f('platforms.csv'), '--inspectors', f('inspectors.csv')])],
  ['documents list → 2', () => run(['documents', 'list', '--platform'])],
  ['documents diff → 2', () => run(['documents', 'diff', 'site', '999'])],
  ['unit import → 2', () => run(['unit', 'import', f('bad.csv')])],
  ['unit list → 2', () => run(['unit', 'list', 'extra'])],
  ['quota → 2', () => run(['quota', '--accept', 'hz-xh'])],
  ['case add → 2', () => run(['case', 'add', '--unit', 'no-such-unit', '--kind', 'price', '--decision-no', 'x', '--date', '2026-11-18'])],
  ['case list → 2', () => run(['case', 'list', '--month', '2026-13'])],
  ['report stats → 2', () => run(['report', 'stats', '--month', 'November', '--out', f('reports')])],
  ['report public → 2', () => run(['report', 'public', '--out', f('public')])],
  ['nightly → 2', () => run(['nightly', '--campaign', 'no-such-campaign'])],
  ['user add → 2', () => run(['user', 'add', 'no-such-inspector', '--inspectors', f('inspectors.csv'), '--password-stdin'], 'exit-codes-none\n')],
  ['user passwd → 2', () => run(['user', 'passwd', 'hz-02', '--password-stdin'], 'short\n')],
  ['user disable → 2', () => run(['user', 'disable', 'no-such-account'])],
  ['user list → 2', () => run(['user', 'list', '--everyone'])],
  ['campaign import → 2', () => run(['campaign', 'import', f('bad.csv'), '--platforms', f('platforms.csv'), '--out', f('never-task.json')])],
  // the imported task lists no inspectors: an inspection needs two
  ['campaign open → 2', () => run(['campaign', 'open', f('province-task.json'), '--name', '省局抽查任务', '--checks', 'licence-display', '--deadline', '2027-01-31'])],
  ['campaign entered → 2', () => run(['campaign', 'entered', 'hz-2026-ecom', '--target', 'no-such-platform', '--date', '2026-12-01', '--by', '李敏'])],
  ['campaign status → 2', () => run(['campaign', 'status', 'no-such-campaign'])],
  ['report platform → 2', () => run(['report', 'platform', '--campaign', 'no-such-campaign', '--out', f('never.xlsx')])],
  ['user certificates → 2', () => run(['user', 'certificates', '--inspectors', f('no-such-inspectors.csv')])],
  ['user sync → 2', () => run(['user', 'sync', '--inspectors', f('no-such-inspectors.csv')])],
  ['user transfer → 2', () => run(['user', 'transfer', 'hz-02', '--unit', 'no-such-unit'])],
  ['roster changes → 2', () => run(['roster', 'changes', '--platform', 'hemei', '--inspector', 'hz-02'])],
  ['serve → 2', () => run(['serve', '--port', '70000'])],
  ['worker → 2', () => run(['worker', '--redis', 'redis://127.0.0.1:9'])],
  ['review list → 2', () => run(['review', 'list', 'extra'])],
  ['review show → 2', () => run(['review', 'show', '999999'])],
  ['review confirm → 2', () => run(['review', 'confirm', '999999', '--as', 'hz-02'])],
  ['review reject → 2', () => run(['review', 'reject', '1', '--as', 'hz-02'])],
  ['review amend → 2', () => run(['review', 'amend', '1', '--as', 'hz-02'])],
  ['review add → 2', () => run(['review', 'add', '1', '--as', 'hz-02', '--check', 'no-such-check', '--verdict', 'compliant', '--summary', 'x'])],
  ['review confirm-all → 2', () => run(['review', 'confirm-all', '1', '--as', 'hz-02', '--verdict', 'violation'])],
  ['record build → 2', () => run(['record', 'build', '999999'])],
  ['record sign → 2', () => run(['record', 'sign', '1', '--as', 'hz-02', '--sha256', 'f'.repeat(64)])],
  ['record pdf → 2', () => run(['record', 'pdf', '1', '--version', 'first', '--out', f('never.pdf')])],
  ['evidence pack → 2', () => run(['evidence', 'pack', f('no-such-run'), '--out', f('never.wacz')])],
  ['evidence verify → 2', () => run(['evidence', 'verify', f('no-such.wacz')])],
  ['evidence record → 2', () => run(['evidence', 'record', '999999', '--out', f('never.pdf')])],
  ['evidence capture → 2', () => run(['evidence', 'capture', '999999', 'http://127.0.0.1:9/', '--as', 'hz-02'])],

  // nightly's refusal above is made before it asks for the lock
  ['nightly → 75', async () => {
    const db = openDatabase(join(storage, 'wangjian.sqlite'));
    expect(acquireNightlyLock(db).acquired).toBe(true);
    try {
      return await run(['nightly', '--platforms', f('site.csv'), '--checks', 'complaint-channel', ...FAST]);
    } finally {
      releaseNightlyLock(db);
      db.close();
    }
  }],

];
const STOPPED: Case[] = [
  ['scan → 130', () => stoppedOnce(['scan', '--platforms', f('hanging.csv'), '--checks', 'complaint-channel', ...FAST], /visiting/, join(tmp.dir, 'scan-stopped'))],
  ['nightly → 130', () => stoppedOnce(['nightly', '--platforms', f('hanging.csv'), '--checks', 'complaint-channel', ...FAST], /visiting/, join(tmp.dir, 'nightly-stopped'))],
  ['demo → 130', () => stoppedOnce(['demo'], /visiting/, join(tmp.dir, 'demo-stopped'))],
  ['sweep → 130', () => stoppedOnce(['sweep', '--sites', f('hanging-sites.csv'), '--nav-timeout', '8'], /^sweep \S+: 1 sites/m, join(tmp.dir, 'sweep-stopped'))],
];
const CASES = [...ZEROS, ...REFUSALS, ...STOPPED];

beforeAll(async () => {
  cpSync(paths.firstDay, bureau, { recursive: true });
  site = await listenLocal((_req, res, url) =>
    sendHtml(
      res,
      200,
      url.pathname === '/agreement'
        ? '<!doctype html><title>用户服务协议</title><main><h1>用户服务协议</h1><p>第一条 本协议由平台与用户订立。</p><p>第二条 用户应当遵守平台规则。</p></main>'
        : '<!doctype html><title>某某商城</title><p><a href="/agreement">用户服务协议</a></p><footer>投诉电话：12315</footer>',
    ),
  );
  hanging = await listenLocal(() => undefined); // never answers
  const roster = (id: string, server: LocalServer) => `id,name,uscc,url\n${id},杭州某某网络科技有限公司,91330106MA27U8XK3X,${server.url}\n`;
  writeFileSync(f('site.csv'), roster('site', site));
  writeFileSync(f('hanging.csv'), roster('hanging', hanging));
  writeFileSync(f('sweep-sites.csv'), `网址\n${site.url}\n`);
  writeFileSync(f('hanging-sites.csv'), `网址\n${hanging.url}\n`);
  writeFileSync(f('bad.csv'), 'id,name\nA B,\n');
  writeFileSync(f('task.csv'), '抽查任务编号,检查对象,统一社会信用代码,检查实施机关\nZJ-2026-0042,合美网络科技有限公司,91330106MA27U8XK3X,杭州市市场监督管理局\n');
  // The zeros stage by stage; then the refusals, which change nothing, at once; then the
  // interrupted scans, each over a storage of its own.
  // A case that cannot even start (a file an earlier stage should have made is missing) fails as
  // itself, with what went wrong, not the whole table.
  const attempt = async (runCase: () => Promise<Ended>): Promise<Ended> => {
    try {
      return await runCase();
    } catch (error) {
      return { code: null, signal: null, stdout: '', stderr: `the case could not run: ${(error as Error).message}` };
    }
  };
  for (const group of [...ZERO_STAGES, REFUSALS, STOPPED]) await Promise.all(group.map(async ([pair, runCase]) => outcomes.set(pair, await attempt(runCase))));
}, 300_000);

afterAll(async () => {
  await Promise.all([site?.close(), hanging?.close()]);
  tmp.remove();
});

describe('exit status (README "Exit status")', () => {
  it('the table names every command of the CLI, and each of its statuses has a case here', () => {
    expect(COMMANDS).toContain('draw');
    expect(COMMANDS).toContain('draw verify');
    expect(CASES.map(([pair]) => pair).sort()).toEqual(readmePairs().sort());
  });

  it.each(CASES.map(([pair]) => pair))('%s', (pair) => {
    const outcome = outcomes.get(pair)!;
    const status = Number(pair.split(' → ')[1]);
    expect(outcome.code, `${outcome.stdout}\n${outcome.stderr}`).toBe(status);
    // A refusal says why in a line, never with a stack.
    if (status === 2) expect(outcome.stderr).toMatch(/^(wangjian: |error: )/m);
    expect(outcome.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
  });

  it('an empty listing says that it is empty', () => {
    for (const listing of ['roster list', 'runs', 'draw list', 'documents list', 'unit list', 'case list', 'user list']) {
      expect(outcomes.get(`${listing} → 0`)!.stdout, listing).toMatch(/^no .+ yet/);
    }
  });
});
