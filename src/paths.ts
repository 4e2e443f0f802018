import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// Compiled code runs from dist/src, sources from src: the checkout is the first folder up
// that holds package.json.
const here = dirname(fileURLToPath(import.meta.url));
const root = here.includes(`${join('dist', 'src')}`) ? resolve(here, '..', '..') : resolve(here, '..');
const storage = process.env.WANGJIAN_STORAGE ? resolve(process.env.WANGJIAN_STORAGE) : join(root, 'storage');

export const paths = {
  root,
  packageJson: join(root, 'package.json'),
  /** The sample bureau's files of the README's first day: rosters, units, a campaign. */
  firstDay: join(root, 'examples', 'first-day'),
  storage,
  database: join(storage, 'wangjian.sqlite'),
  runs: join(storage, 'runs'),
  setupState: join(storage, 'setup.json'),
} as const;
