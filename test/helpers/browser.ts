// A real Chromium for tests, started the way the crawler starts it.
import { chromium, type Browser } from 'playwright-core';
import { launchOptions } from '../../src/browser/chromium.js';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch(launchOptions());
}
