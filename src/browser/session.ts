// One Chromium for a whole scan: started on first use, started again when it has died (a crash
// costs the visit under way, not the run), closed once at the end. Each platform is visited in a
// browser context of its own, so no cookie or cache crosses from one platform to the next.
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS, launchOptions } from './chromium.js';

export interface SessionOptions {
  /**
   * Certificates trusted besides the system's, by the base64 SHA-256 of their public key (SPKI):
   * a test's own https server. A scan trusts none, so a certificate error stays a tls-error.
   */
  trustedKeys?: readonly string[];
}

export class BrowserSession {
  private launched: Promise<Browser> | null = null;

  constructor(private readonly options: SessionOptions = {}) {}

  private launch(): Promise<Browser> {
    const keys = this.options.trustedKeys ?? [];
    return chromium.launch(keys.length ? { ...launchOptions(), args: [...CHROMIUM_ARGS, `--ignore-certificate-errors-spki-list=${keys.join(',')}`] } : launchOptions());
  }

  /** The running browser, started (again) when there is none; visits asking at once share one start. */
  browser(): Promise<Browser> {
    const current = this.launched;
    if (!current) return (this.launched = this.launch());
    return current.then(
      (b) => (b.isConnected() ? b : this.relaunch(current)),
      () => this.relaunch(current),
    );
  }

  private relaunch(dead: Promise<Browser>): Promise<Browser> {
    if (this.launched === dead) this.launched = this.launch();
    return this.launched!;
  }

  async close(): Promise<void> {
    const running = await this.launched?.catch(() => null);
    this.launched = null;
    await running?.close().catch(() => undefined);
  }
}
