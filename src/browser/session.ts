// One Chromium for a whole scan: started on first use, started again when it has died (a crash
// costs the visit under way, not the run), closed once at the end. Each platform is visited in a
// browser context of its own, so no cookie or cache crosses from one platform to the next.
import { chromium, type Browser } from 'playwright-core';
import { launchOptions } from './chromium.js';

export class BrowserSession {
  private launched: Promise<Browser> | null = null;

  /** The running browser, started (again) when there is none; visits asking at once share one start. */
  browser(): Promise<Browser> {
    const current = this.launched;
    if (!current) return (this.launched = chromium.launch(launchOptions()));
    return current.then(
      (b) => (b.isConnected() ? b : this.relaunch(current)),
      () => this.relaunch(current),
    );
  }

  private relaunch(dead: Promise<Browser>): Promise<Browser> {
    if (this.launched === dead) this.launched = chromium.launch(launchOptions());
    return this.launched!;
  }

  async close(): Promise<void> {
    const running = await this.launched?.catch(() => null);
    this.launched = null;
    await running?.close().catch(() => undefined);
  }
}
