// Which Chromium to drive and how to start it so that it never calls home: this machine's
// network is closed, and a compliance tool must not leak what it inspects.
import { existsSync, readFileSync } from 'node:fs';
import type { LaunchOptions } from 'playwright-core';
import { paths } from '../paths.js';

const SYSTEM_CHROMIUM = ['/usr/bin/chromium', '/usr/lib/chromium/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** $WANGJIAN_CHROMIUM, then what set-up found, then the usual system paths. */
export function findChromium(): string {
  const override = process.env.WANGJIAN_CHROMIUM;
  if (override) {
    if (!existsSync(override)) throw new Error(`WANGJIAN_CHROMIUM=${override} does not exist`);
    return override;
  }
  try {
    const found = (JSON.parse(readFileSync(paths.setupState, 'utf8')) as { chromium?: string }).chromium;
    if (found && existsSync(found)) return found;
  } catch {
    // no set-up state yet: fall through to the system paths
  }
  const system = SYSTEM_CHROMIUM.find((p) => existsSync(p));
  if (system) return system;
  throw new Error('no Chromium found: run `npm run setup`, or set WANGJIAN_CHROMIUM to a Chromium binary');
}

/**
 * The features Playwright disables (playwright-core 1.65.1): Chromium keeps only the last
 * --disable-features, so ours must name them again, among them the optimisation-guide and
 * time-service calls. test/browser/chromium.test.ts fails when Playwright disables one not here.
 */
const PLAYWRIGHT_DISABLED_FEATURES = [
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'TcpPortRandomizationWin',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
  'msForceBrowserSignIn',
  'msEdgeUpdateLaunchServicesPreferredVersion',
];

/**
 * Headless Chromium gives each window (one a browser context) the omnibox's popups as web pages
 * in a renderer process of their own, never shown: one more renderer a platform visited, about
 * 40 MB each (11 platforms at once: 23 renderers, 12 without them).
 */
const OMNIBOX_POPUPS = ['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup'];

export const CHROMIUM_ARGS = [
  `--disable-features=${[...PLAYWRIGHT_DISABLED_FEATURES, ...OMNIBOX_POPUPS].join(',')}`,
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--gaia-url=http://127.0.0.1:9',
  '--component-updater=url-source=http://127.0.0.1:9',
  '--lang=zh-CN',
];

export function launchOptions(): LaunchOptions {
  // The scan stops cleanly on Ctrl-C and SIGTERM itself (closing its browsers); Playwright's own
  // handlers would exit the process before the scan could keep what it had done.
  return { executablePath: findChromium(), headless: true, args: CHROMIUM_ARGS, handleSIGINT: false, handleSIGTERM: false };
}
