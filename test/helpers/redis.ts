// A redis-server of the test's own on a free 127.0.0.1 port, no persistence, its files in the
// test's temp folder; the binary set-up found (storage/setup.json), else the system's.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { unusedPort } from '../../src/demo/http.js';
import { paths } from '../../src/paths.js';

export interface TestRedis {
  url: string;
  stop(): Promise<void>;
}

function redisServer(): string {
  try {
    const found = (JSON.parse(readFileSync(paths.setupState, 'utf8')) as { redis?: string }).redis;
    if (found && existsSync(found)) return found;
  } catch {
    // no set-up state: the system's
  }
  const system = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find(existsSync);
  if (!system) throw new Error('no redis-server: run `npm run setup` (it installs redis-server on Debian as root)');
  return system;
}

const answers = (port: number) =>
  new Promise<boolean>((done) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => socket.end('PING\r\n'));
    socket.once('data', (d) => done(d.toString().startsWith('+PONG')));
    socket.once('error', () => done(false));
  });

export async function startRedis(dir: string): Promise<TestRedis> {
  const port = await unusedPort();
  const folder = join(dir, 'redis');
  mkdirSync(folder, { recursive: true });
  const child = spawn(redisServer(), ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', folder], { stdio: 'ignore' });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  for (let i = 0; i < 100 && !(await answers(port)); i++) await new Promise((r) => setTimeout(r, 50));
  if (!(await answers(port))) {
    child.kill('SIGKILL');
    throw new Error(`redis-server did not answer on 127.0.0.1:${port}`);
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
