// 立即取证: an officer matched to an inspection captures one URL now, as a scan captures a page
// (the bytes fetched, the rendered page, screenshots, the server's address, certificate and
// redirects, the machine), into a capture folder of the inspection (src/evidence/on-demand.ts)
// whose manifest names the officer and is time-stamped when a TSA is configured; the act is in
// the audit log. The 电子数据提取笔录 lists it with the inspection's run.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Snapshot } from '../../rules/types.js';
import { BrowserSession } from '../browser/session.js';
import { capturePage, failedSnapshot } from '../crawl/capture.js';
import { failureFromError } from '../crawl/failures.js';
import { DEFAULT_VISIT_OPTIONS, type VisitOptions } from '../crawl/options.js';
import { captureEnvironment, ServerIdentities } from '../crawl/provenance.js';
import { loadInto, Tabs } from '../crawl/tabs.js';
import { EvidenceBundle } from '../evidence/bundle.js';
import { capturesFolderOf, type OnDemandCapture, type OnDemandManifest } from '../evidence/on-demand.js';
import { stampManifestIfConfigured, type ManifestStamp } from '../evidence/timestamp.js';
import { utcSeconds } from '../findings/finding.js';
import { actorOf, assertMayAct, ReviewError, type Actor } from '../review/acts.js';
import { isLocked } from '../review/items.js';
import { appendAudit } from '../store/audit-log.js';
import type { Db } from '../store/database.js';
import type { Inspection } from '../store/inspections.js';
import { TOOL_VERSION } from '../version.js';

/** Captures `url` now for the inspection, by `by` (one of its inspectors or assistants); a page that fails is kept as a failed capture, as a scan keeps it. */
export async function captureNow(db: Db, inspection: Inspection, url: string, by: Actor, visit: VisitOptions = DEFAULT_VISIT_OPTIONS): Promise<OnDemandCapture & { timeStamp?: ManifestStamp }> {
  const { actor, ip } = actorOf(by);
  assertMayAct(actor, inspection);
  if (isLocked(db, inspection.id)) throw new ReviewError('检查记录表已签名，不能再取证 (the record form is signed)');
  let target: URL;
  try {
    target = new URL(url.trim());
  } catch {
    throw new ReviewError(`“${url}”不是网址 (not a URL)`);
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new ReviewError('网址须以 http:// 或 https:// 开头 (only http and https URLs)');
  const startedAt = new Date().toISOString();
  const id = `${utcSeconds(startedAt).replace(/[-:]/g, '').replace('T', '-').replace('Z', '')}-${randomBytes(2).toString('hex')}`;
  const folder = join(capturesFolderOf(db.name, inspection.id), id);
  const bundle = new EvidenceBundle(folder, inspection.platform.id);
  bundle.reset();
  const request = { id: 'p01', kind: 'homepage' as const, requestedUrl: target.href, depth: 0, via: null, linkText: null, query: null, startedAt };

  const browsers = new BrowserSession();
  let snapshot: Snapshot;
  try {
    const browser = await browsers.browser();
    const context = await browser.newContext({ userAgent: visit.userAgent });
    const tab = await new Tabs(context).take();
    try {
      const response = await loadInto(tab, target.href, visit.navigationTimeoutSecs * 1000);
      snapshot = await capturePage(tab.page, tab.document ?? response, request, bundle, visit.capture, { itemSelector: null, watch: tab.watch, servers: new ServerIdentities(), environment: await captureEnvironment(browser.version()) });
    } catch (error) {
      snapshot = failedSnapshot(request, failureFromError(error), bundle);
    }
  } finally {
    await browsers.close();
  }
  const { html: _html, ...page } = snapshot;
  const manifest: OnDemandManifest & { toolVersion: string; writtenAt: string } = { platform: inspection.platform, inspectionId: inspection.id, capturedBy: actor, toolVersion: TOOL_VERSION, rules: {}, writtenAt: utcSeconds(new Date().toISOString()), pages: [page] };
  const written = bundle.write('manifest.json', 'page-metadata', JSON.stringify(manifest, null, 2));
  const timeStamp = await stampManifestIfConfigured(folder, inspection.platform.id);
  appendAudit(db, { actor, ip, action: 'evidence-captured', inspectionId: inspection.id, subject: target.href, after: { capture: id, status: page.status, failure: page.failure?.reason ?? null, files: page.files.length, manifestSha256: written.sha256, ...(timeStamp ? { timeStamp } : {}) } });
  return { id, folder, capturedBy: actor, page, ...(timeStamp ? { timeStamp } : {}) };
}
