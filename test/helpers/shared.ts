// Material from outside the repository: the `shared/` folder beside the checkout (the real saved
// pages of Chinese platforms, the formats validator). A bureau's clone has none of it, so every
// test that reads it asks here and skips without it; test/global-setup.ts says so once a run.
// WANGJIAN_SHARED points elsewhere (test/standalone.test.ts points it at nothing to prove the skip).
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export const SHARED_DIR = process.env.WANGJIAN_SHARED ? resolve(process.env.WANGJIAN_SHARED) : resolve(repoRoot, '..', 'shared');

/** A path inside shared/. */
export const sharedPath = (...parts: string[]): string => join(SHARED_DIR, ...parts);

/** Whether shared/ holds this file or folder. */
export const hasShared = (...parts: string[]): boolean => existsSync(sharedPath(...parts));
