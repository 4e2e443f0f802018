// An evidence pack: a run folder's evidence as a WACZ 1.1.1 (a zip a third party can open in any
// WACZ replay tool and check). Its WARC (written by warcio, not by hand) holds each page's
// response as the server sent it, and the rendered page, screenshots, licence images, their OCR
// text and the page metadata beside it; pages.jsonl lists the pages, indexes/index.cdx finds
// their records, and datapackage.json hashes every file, itself hashed (and signed, with a key) in
// datapackage-digest.json.
import { createHash, type KeyObject } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { STATUS_CODES } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { finished } from 'node:stream/promises';
import JSZip from 'jszip';
import { CDXIndexer, WARCRecord, WARCSerializer } from 'warcio';
import type { EvidenceFile, EvidenceKind, Snapshot } from '../../rules/types.js';
import { TOOL_VERSION } from '../version.js';
import { sha256 } from './bundle.js';
import { EvidenceError, readManifest } from './load.js';
import { signHash } from './signing.js';
import { manifestStampOf, stampDigest, stampRecord, type StampRecord, type TsaConfig } from './timestamp.js';
import { DATAPACKAGE, DIGEST, verifyRunFolder, type Problem } from './verify.js';

const WARC = 'archive/data.warc.gz';
/** The records of a page's files other than its response: resource records under a URN naming the page (a screenshot as Browsertrix keeps one, urn:view:), so that replay of the page's own URL finds its response. */
const RESOURCE_SCHEME: Partial<Record<EvidenceKind, string>> = { screenshot: 'urn:view:', 'rendered-html': 'urn:dom:', image: 'urn:image:', 'image-text': 'urn:ocr:' };
const CONTENT_TYPE: Partial<Record<EvidenceKind, string>> = { screenshot: 'image/png', 'rendered-html': 'text/html; charset=utf-8', 'image-text': 'text/plain; charset=utf-8', 'page-metadata': 'application/json' };
const IMAGE_TYPE: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', svg: 'image/svg+xml' };
// Playwright hands back the body decoded: the server's encoding and length would misdescribe it.
const RECODED_HEADERS = new Set(['content-encoding', 'transfer-encoding', 'content-length']);

/** The files a pack could not take as captured: it is made of evidence that verifies, or not at all. */
export class UnverifiedEvidenceError extends EvidenceError {
  override name = 'UnverifiedEvidenceError';
  constructor(
    runDir: string,
    readonly problems: Problem[],
  ) {
    super(`${runDir}: the evidence is not as captured, so it is not packed (wangjian evidence verify ${runDir} names each file):\n${problems.map((p) => `  ${p.what} ${p.path}: ${p.detail}`).join('\n')}`);
  }
}

export interface PackResult {
  out: string;
  platforms: string[];
  pages: number;
  records: number;
  /** The datapackage's hash, as datapackage-digest.json records it. */
  hash: string;
  signed: boolean;
  /** The time the TSA stamped the datapackage's hash at, when one is configured. */
  stamped: string | null;
}

/** Packs a run folder's evidence (one platform's, or every finished platform's) into a WACZ at `out`, signed when a key is given and time-stamped when a TSA is. */
export async function packEvidence(runDir: string, options: { out: string; platformId?: string; key: KeyObject | null; tsa?: TsaConfig; now?: Date }): Promise<PackResult> {
  const { out, platformId, key } = options;
  const tsa = options.tsa ?? { url: null, ca: null };
  const now = options.now ?? new Date();
  if (existsSync(out)) throw new EvidenceError(`${out} exists already; a pack is never overwritten, so choose another --out`);
  const verification = verifyRunFolder(runDir, platformId, tsa.ca);
  if (verification.problems.length) throw new UnverifiedEvidenceError(runDir, verification.problems);
  const platforms = readdirSync(join(runDir, 'evidence')).filter((id) => (platformId === undefined || id === platformId) && existsSync(join(runDir, 'evidence', id, 'manifest.json')));
  if (!platforms.length) throw new EvidenceError(`${runDir} has no finished platform to pack (no evidence/<platform>/manifest.json)`);
  const runId = basename(runDir);

  const work = mkdtempSync(join(tmpdir(), 'wangjian-pack-'));
  try {
    const warcFile = join(work, 'data.warc.gz');
    const warc = createWriteStream(warcFile);
    const warcHash = createHash('sha256');
    let warcBytes = 0;
    const write = async (record: WARCRecord) => {
      const bytes = await WARCSerializer.serialize(record, { gzip: true });
      warcHash.update(bytes);
      warcBytes += bytes.length;
      if (!warc.write(bytes)) await new Promise<void>((drain) => warc.once('drain', drain));
    };
    await write(WARCRecord.createWARCInfo({ filename: 'data.warc.gz', warcVersion: 'WARC/1.1' }, { software: `wangjian ${TOOL_VERSION}`, format: 'WARC File Format 1.1', isPartOf: runId, description: `evidence of run ${runId}: ${platforms.join(', ')}` }));
    let records = 1;
    const pages: object[] = [];
    const manifests: string[] = [];
    for (const id of platforms) {
      manifests.push(`evidence/${id}/manifest.json`);
      if (existsSync(manifestStampOf(runDir, id))) manifests.push(`evidence/${id}/manifest.json.tsr`);
      for (const page of readManifest(runDir, id).pages) {
        for (const record of pageRecords(runDir, page)) {
          await write(record.warc);
          records++;
          // warcio hashed the payload as it wrote it: the pack holds the bytes the manifest hashed
          if (record.warc.warcPayloadDigest !== `sha256:${record.file.sha256}`) throw new UnverifiedEvidenceError(runDir, [{ what: 'changed', path: record.file.path, detail: `it changed while it was packed (${record.warc.warcPayloadDigest})` }]);
        }
        if (page.files.some((f) => f.kind === 'response-body')) pages.push({ id: `${id}/${page.id}`, url: page.finalUrl, ts: page.capturedAt, title: page.title || undefined, platform: id, kind: page.kind });
      }
    }
    warc.end();
    await finished(warc);

    const indexer = new CDXIndexer({ format: 'cdxj' });
    const index: string[] = [];
    for await (const entry of indexer.iterIndex([{ filename: 'data.warc.gz', reader: createReadStream(warcFile) }])) index.push(indexer.serializeCDXJ(entry));
    index.sort();

    const files = new Map<string, Buffer>([
      ['pages/pages.jsonl', Buffer.from([{ format: 'json-pages-1.0', id: 'pages', title: 'All Pages' }, ...pages].map((p) => JSON.stringify(p)).join('\n') + '\n')],
      ['indexes/index.cdx', Buffer.from(index.join(''))],
      ...manifests.map((m): [string, Buffer] => [m, readFileSync(join(runDir, m))]),
    ]);
    const findings = findingsOf(runDir, platforms);
    if (findings) files.set('findings.jsonl', findings);
    const main = pages[0] as { url: string; ts: string } | undefined;
    const datapackage = Buffer.from(
      JSON.stringify(
        {
          profile: 'data-package',
          wacz_version: '1.1.1',
          title: `网监 evidence: run ${runId}, ${platforms.join(', ')}`,
          created: now.toISOString(),
          modified: now.toISOString(),
          software: `wangjian ${TOOL_VERSION}`,
          ...(main ? { mainPageUrl: main.url, mainPageDate: main.ts } : {}),
          resources: [
            { name: 'data.warc.gz', path: WARC, hash: `sha256:${warcHash.digest('hex')}`, bytes: warcBytes },
            ...[...files].map(([path, bytes]) => ({ name: basename(path), path, hash: `sha256:${sha256(bytes)}`, bytes: bytes.length })),
          ],
        },
        null,
        2,
      ),
    );
    const hash = `sha256:${sha256(datapackage)}`;
    const timeStamp: StampRecord | null = tsa.url ? stampRecord(await stampDigest(sha256(datapackage), { ...tsa, url: tsa.url })) : null;
    const digest = { path: DATAPACKAGE, hash, ...(key ? { signedData: signHash(hash, key, now) } : {}), ...(timeStamp ? { timeStamp } : {}) };

    const zip = new JSZip();
    // already compressed, and stored so that a replay tool reads records by offset
    zip.file(WARC, createReadStream(warcFile), { compression: 'STORE' });
    for (const [path, bytes] of files) zip.file(path, bytes);
    zip.file(DATAPACKAGE, datapackage);
    zip.file(DIGEST, JSON.stringify(digest, null, 2));
    const part = `${out}.part`;
    await finished(zip.generateNodeStream({ streamFiles: true, compression: 'DEFLATE' }).pipe(createWriteStream(part)));
    renameSync(part, out);
    return { out, platforms, pages: pages.length, records, hash, signed: key !== null, stamped: timeStamp?.time ?? null };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** A page's WARC records, each with the evidence file it carries: the response first, the rest concurrent to it. */
function pageRecords(runDir: string, page: Omit<Snapshot, 'html'>): { warc: WARCRecord; file: EvidenceFile }[] {
  const date = page.capturedAt;
  const body = page.files.find((f) => f.kind === 'response-body');
  const records: { warc: WARCRecord; file: EvidenceFile }[] = [];
  let responseId: string | undefined;
  if (body && page.status !== null) {
    const meta = page.files.find((f) => f.kind === 'page-metadata');
    const headers = meta ? (JSON.parse(readFileSync(join(runDir, meta.path), 'utf8')) as { responseHeaders?: Record<string, string> }).responseHeaders : undefined;
    const bytes = readFileSync(join(runDir, body.path));
    const warc = WARCRecord.create(
      { url: page.finalUrl, date, type: 'response', warcVersion: 'WARC/1.1', statusline: `HTTP/1.1 ${page.status} ${STATUS_CODES[page.status] ?? ''}`.trimEnd(), httpHeaders: httpHeaders(headers ?? { 'content-type': page.contentType ?? 'application/octet-stream' }, bytes.length), warcHeaders: { 'Wangjian-Evidence-Path': body.path } },
      [bytes],
    );
    responseId = warc.warcHeader('WARC-Record-ID') ?? undefined;
    records.push({ warc, file: body });
  }
  for (const file of page.files) {
    if (file === body) continue;
    const metadata = file.kind === 'page-metadata';
    const contentType = CONTENT_TYPE[file.kind] ?? IMAGE_TYPE[file.path.split('.').pop()!] ?? 'application/octet-stream';
    const warcHeaders: Record<string, string> = { 'Content-Type': contentType, 'Wangjian-Evidence-Path': file.path, ...(responseId ? { 'WARC-Concurrent-To': responseId } : {}) };
    records.push({ warc: WARCRecord.create({ url: metadata ? page.finalUrl : `${RESOURCE_SCHEME[file.kind] ?? 'urn:file:'}${page.finalUrl}`, date, type: metadata ? 'metadata' : 'resource', warcVersion: 'WARC/1.1', warcHeaders }, [readFileSync(join(runDir, file.path))]), file });
  }
  return records;
}

/** The response headers as recorded, one field a value (Playwright joins repeated ones, Set-Cookie's, with a newline), and the length of the body as stored. */
function httpHeaders(recorded: Record<string, string>, length: number): [string, string][] {
  const fields = Object.entries(recorded).flatMap(([name, value]) =>
    name.startsWith(':') || RECODED_HEADERS.has(name.toLowerCase())
      ? []
      : value.split('\n').map((v): [string, string] => [name, /^[\x20-\x7e\t\x80-\xff]*$/.test(v) ? v : encodeURI(v)]),
  );
  return [...fields, ['content-length', String(length)]];
}

/** The findings of the packed platforms, from the run's findings.jsonl, or null when it has none. */
function findingsOf(runDir: string, platforms: readonly string[]): Buffer | null {
  const file = join(runDir, 'findings.jsonl');
  if (!existsSync(file)) return null;
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() && platforms.includes((JSON.parse(line) as { platformId: string }).platformId));
  return lines.length ? Buffer.from(lines.join('\n') + '\n') : null;
}
