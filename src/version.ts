import { readFileSync } from 'node:fs';
import { paths } from './paths.js';

/** The tool version recorded on every finding, from package.json. */
export const TOOL_VERSION: string = (JSON.parse(readFileSync(paths.packageJson, 'utf8')) as { version: string }).version;
