#!/usr/bin/env node
// The `wangjian` command runs the compiled CLI; `npm run setup` (or npm start / npm test) builds it.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = new URL('../../dist/src/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  process.stderr.write('wangjian is not built yet: run `npm run setup` (or `npm start`) first.\n');
  process.exit(1);
}
await import(main.href);
