// The real `wangjian` command for tests, as a bureau runs it: the built CLI (`npm run setup`, or
// `npx tsc -p tsconfig.json`), its own storage folder, stdout and stderr kept.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { paths } from '../../src/paths.js';

export const BIN = resolve(paths.root, 'src', 'bin', 'wangjian.mjs');

export interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface Running {
  child: ChildProcess;
  /** What it has printed so far. */
  output(): { stdout: string; stderr: string };
  /** Resolves once its output (stdout or stderr) matches, rejects when it ends or `ms` pass first. */
  waitFor(pattern: RegExp, ms?: number): Promise<void>;
  ended: Promise<Ended>;
}

export interface RunOptions {
  storage: string;
  cwd?: string;
  /** Written to stdin, which is then closed. */
  input?: string;
  /** Its own process group, so that a signal reaches whatever it started (`bash -c`, npx). */
  detached?: boolean;
  /** Set in its environment besides WANGJIAN_STORAGE. */
  env?: NodeJS.ProcessEnv;
}

/** Starts `file args…` with WANGJIAN_STORAGE set. */
export function start(file: string, args: readonly string[], options: RunOptions): Running {
  const child = spawn(file, args, { cwd: options.cwd ?? paths.root, env: { ...process.env, ...options.env, WANGJIAN_STORAGE: options.storage }, detached: options.detached ?? false, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const watchers = new Set<() => void>();
  child.stdout!.on('data', (d: Buffer) => {
    stdout += d;
    for (const w of watchers) w();
  });
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d;
    for (const w of watchers) w();
  });
  child.stdin!.end(options.input ?? '');
  const ended = new Promise<Ended>((done) => child.on('close', (code, signal) => done({ code, signal, stdout, stderr })));
  const waitFor = (pattern: RegExp, ms = 60_000) =>
    new Promise<void>((done, fail) => {
      const check = () => {
        if (!pattern.test(stdout) && !pattern.test(stderr)) return;
        watchers.delete(check);
        clearTimeout(timer);
        done();
      };
      const timer = setTimeout(() => fail(new Error(`no ${pattern} within ${ms} ms; stdout: ${stdout}\nstderr: ${stderr}`)), ms);
      watchers.add(check);
      void ended.then(() => fail(new Error(`ended before ${pattern}; stdout: ${stdout}\nstderr: ${stderr}`)));
      check();
    });
  return { child, output: () => ({ stdout, stderr }), waitFor, ended };
}

/** Runs `wangjian args…` to its end. */
export function wangjian(args: readonly string[], options: RunOptions): Promise<Ended> {
  return start(process.execPath, [BIN, ...args], options).ended;
}

/** Stops a process started detached, and whatever it started, as Ctrl-C in its terminal would. */
export function interrupt(running: Running, signal: NodeJS.Signals = 'SIGINT'): Promise<Ended> {
  try {
    process.kill(-running.child.pid!, signal);
  } catch {
    // already ended
  }
  return running.ended;
}

/** `wangjian serve` on a free port over `storage`, as a bureau runs it; with the address it printed. */
export async function serve(storage: string): Promise<{ server: Running; base: string }> {
  const server = start(process.execPath, [BIN, 'serve', '--port', '0'], { storage });
  await server.waitFor(/listening on http:\/\/\S+/, 30_000);
  return { server, base: /listening on (http:\/\/\S+)/.exec(server.output().stdout)![1]! };
}
