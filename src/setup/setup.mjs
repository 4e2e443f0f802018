#!/usr/bin/env node
// Set-up shared by `npm start`, `npm test` and `npm run bench`. Node built-ins only: it runs
// before node_modules exists. Each step checks first and does nothing when already done, so a
// second run takes well under a few seconds.
//   1. npm dependencies (npm ci from the lockfile, reinstalled when the lockfile changes)
//   2. a Chromium with CJK fonts: $WANGJIAN_CHROMIUM, /usr/bin/chromium, apt-get as root on
//      Debian, else Playwright's own installer where the machine has the internet
//   3. Tesseract with its Simplified Chinese model, to read licences published only as images
//      (apt-get as root on Debian; without it such images are kept and reported unread)
//   4. redis-server, for scans spread over worker processes on a queue (`--redis`; apt-get as
//      root on Debian; without it the embedded, one-process scan still works)
//   5. the TypeScript build into dist/, when a source file is newer than the last build
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const stateFile = join(process.env.WANGJIAN_STORAGE ? resolve(process.env.WANGJIAN_STORAGE) : join(root, 'storage'), 'setup.json');
const quiet = process.env.WANGJIAN_SETUP_QUIET === '1';

function say(msg) {
  if (!quiet) process.stderr.write(`[setup] ${msg}\n`);
}

function fail(msg) {
  process.stderr.write(`[setup] ${msg}\n`);
  process.exit(1);
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: opts.capture ? 'pipe' : 'inherit', encoding: 'utf8', env: { ...process.env, ...opts.env } });
  return { ok: r.status === 0, out: (r.stdout ?? '') + (r.stderr ?? ''), error: r.error };
}

function readState() {
  try {
    return JSON.parse(readFileSync(stateFile, 'utf8'));
  } catch {
    return {};
  }
}

function writeState(state) {
  mkdirSync(dirname(stateFile), { recursive: true });
  writeFileSync(stateFile, JSON.stringify(state, null, 2) + '\n');
}

function sha256(file) {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

function ensureDependencies(state) {
  const lock = join(root, 'package-lock.json');
  const lockHash = existsSync(lock) ? sha256(lock) : 'none';
  const installed = existsSync(join(root, 'node_modules', '.package-lock.json'));
  if (installed && state.lockHash === lockHash) return;
  say(existsSync(lock) ? 'installing npm dependencies (npm ci)…' : 'installing npm dependencies (npm install)…');
  // nodedir lets node-gyp build better-sqlite3 offline against the system's Node headers.
  const env = existsSync('/usr/include/node/node.h') ? { npm_config_nodedir: '/usr' } : {};
  const r = run('npm', [existsSync(lock) ? 'ci' : 'install', '--no-audit', '--no-fund'], { env });
  if (!r.ok) fail('npm could not install the dependencies; see its output above.');
  state.lockHash = lockHash;
  writeState(state);
}

const candidates = ['/usr/bin/chromium', '/usr/lib/chromium/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

function works(path) {
  if (!path || !existsSync(path)) return false;
  const r = run(path, ['--version'], { capture: true });
  return r.ok && /chrom/i.test(r.out);
}

function hasCjkFont() {
  const r = run('fc-list', [':lang=zh', 'family'], { capture: true });
  return r.ok && r.out.trim().length > 0;
}

function isRootOnDebian() {
  return typeof process.getuid === 'function' && process.getuid() === 0 && existsSync('/usr/bin/apt-get');
}

function aptInstall(packages) {
  say(`installing ${packages.join(', ')} with apt-get…`);
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  if (!run('apt-get', ['update'], { env }).ok) return false;
  return run('apt-get', ['install', '-y', '--no-install-recommends', ...packages], { env }).ok;
}

function playwrightInstalledChromium() {
  const r = run(process.execPath, ['-e', "import('playwright-core').then(m=>console.log(m.chromium.executablePath()))"], { capture: true });
  const path = r.out.trim().split('\n').pop();
  return r.ok && existsSync(path) ? path : undefined;
}

function ensureChromium(state) {
  const override = process.env.WANGJIAN_CHROMIUM;
  if (override) {
    if (!works(override)) fail(`WANGJIAN_CHROMIUM=${override} is not a working Chromium.`);
    state.chromium = override;
  } else if (!works(state.chromium)) {
    state.chromium = candidates.find(works);
    if (!state.chromium && isRootOnDebian() && aptInstall(['chromium', 'fonts-noto-cjk'])) state.chromium = candidates.find(works);
    if (!state.chromium) {
      say('no system Chromium; trying Playwright’s own installer (needs the internet)…');
      run('npx', ['--no-install', 'playwright-core', 'install', 'chromium']);
      state.chromium = playwrightInstalledChromium();
    }
    if (!state.chromium) {
      fail('no Chromium found. Install one (Debian: apt-get install chromium fonts-noto-cjk) or set WANGJIAN_CHROMIUM to its path.');
    }
  }
  if (!hasCjkFont()) {
    if (!(isRootOnDebian() && aptInstall(['fonts-noto-cjk']) && hasCjkFont())) {
      say('warning: no CJK font found; Chinese text in screenshots will show as boxes (Debian: apt-get install fonts-noto-cjk).');
    }
  }
  writeState(state);
}

function hasOcr() {
  const r = run('tesseract', ['--list-langs'], { capture: true });
  return r.ok && /^chi_sim$/m.test(r.out);
}

function ensureOcr() {
  if (hasOcr()) return;
  if (!(isRootOnDebian() && aptInstall(['tesseract-ocr', 'tesseract-ocr-chi-sim']) && hasOcr())) {
    say('warning: no Tesseract with chi_sim; licences shown only as images are kept but not read (Debian: apt-get install tesseract-ocr tesseract-ocr-chi-sim).');
  }
}

const redisCandidates = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'];

function redisWorks(path) {
  if (!path || !existsSync(path)) return false;
  const r = run(path, ['--version'], { capture: true });
  return r.ok && /^Redis server/m.test(r.out);
}

// Its path is kept in the state: the tests start their own redis-server from it.
function ensureRedis(state) {
  if (redisWorks(state.redis)) return;
  state.redis = redisCandidates.find(redisWorks);
  if (!state.redis && isRootOnDebian() && aptInstall(['redis-server'])) state.redis = redisCandidates.find(redisWorks);
  if (!state.redis) say('warning: no redis-server; scans with --redis and `wangjian worker` need one (Debian: apt-get install redis-server).');
  writeState(state);
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const p = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (/\.(ts|mts|json)$/.test(entry.name)) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

function ensureBuild() {
  const stamp = join(root, 'dist', '.build-stamp');
  const sources = Math.max(...['src', 'rules', 'test'].map((d) => newestMtime(join(root, d))), statSync(join(root, 'tsconfig.json')).mtimeMs);
  if (existsSync(stamp) && statSync(stamp).mtimeMs >= sources) return;
  say('building (tsc)…');
  if (!run(join(root, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json']).ok) fail('the TypeScript build failed; see the errors above.');
  writeFileSync(stamp, new Date().toISOString() + '\n');
}

const state = readState();
ensureDependencies(state);
ensureChromium(state);
ensureOcr();
ensureRedis(state);
ensureBuild();
say(`ready (Chromium: ${state.chromium})`);
