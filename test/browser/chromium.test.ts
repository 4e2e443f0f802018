// How the crawler starts Chromium: the features it turns off, read back from the renderers the
// browser starts (a renderer's command line carries the features in force; Chromium rewrites its
// children's, so their arguments are parted by spaces, not NULs).
import { existsSync, readFileSync } from 'node:fs';
import { chromium, type LaunchOptions } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, launchOptions } from '../../src/browser/chromium.js';

/** The command lines of the renderers of a browser with one context and one page open. */
async function renderers(options: LaunchOptions): Promise<string[][]> {
  const browser = await chromium.launch(options);
  try {
    await (await browser.newContext()).newPage();
    const { processInfo } = (await (await browser.newBrowserCDPSession()).send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
    return processInfo.filter((p) => p.type === 'renderer').map((p) => readFileSync(`/proc/${p.id}/cmdline`, 'utf8').split(/[\0 ]/));
  } finally {
    await browser.close();
  }
}

const disabled = (cmdline: string[]) => new Set(cmdline.find((a) => a.startsWith('--disable-features='))?.slice('--disable-features='.length).split(',') ?? []);

describe.skipIf(!existsSync('/proc/self/cmdline'))('Chromium as the crawler starts it', () => {
  it('keeps every feature Playwright disables off, and starts no omnibox popup renderer', async () => {
    const playwrights = await renderers({ ...launchOptions(), args: CHROMIUM_ARGS.filter((a) => !a.startsWith('--disable-features=')) });
    const ours = await renderers(launchOptions());
    const wanted = disabled(playwrights.find((c) => !c.includes('--top-chrome-webui'))!);
    expect(wanted.has('OptimizationHints')).toBe(true);
    for (const cmdline of ours) expect([...wanted].filter((f) => !disabled(cmdline).has(f))).toEqual([]);
    // Without the flag the popups have renderers of their own; with it, none.
    expect(playwrights.some((c) => c.includes('--top-chrome-webui'))).toBe(true);
    expect(ours.filter((c) => c.includes('--top-chrome-webui'))).toEqual([]);
  });
});
