// Reading a licence published only as an image: Tesseract with its Simplified Chinese model
// (installed by the set-up) reads the image's own bytes, and the image and its text are kept as
// evidence with their hashes. The checks compare what was read (rules/lib/image-text.ts); an
// image stays for review as checks.md says, but the inspector sees at once what it says. Without
// Tesseract on the machine nothing is read and the finding says the image could not be checked.
import { execFile, spawn } from 'node:child_process';
import type { Page } from 'playwright-core';
import { mentionsUscc } from '../../rules/lib/uscc.js';
import type { Box, EvidenceFile, ImageText } from '../../rules/types.js';
import { extensionOf, type EvidenceBundle } from '../evidence/bundle.js';

/** Images read a page: the largest, where a licence picture is. */
const MAX_IMAGES = 2;
const OCR_TIMEOUT_MS = 20_000;
const FETCH_TIMEOUT_MS = 10_000;
/** Smaller images are icons, badges and logos, not a licence one can read. */
const MIN_NATURAL = { width: 300, height: 180 };

let engine: Promise<string | null> | undefined;

/** "tesseract 5.3.0 chi_sim", or null when this machine has no Tesseract with the chi_sim model. */
export function ocrEngine(): Promise<string | null> {
  engine ??= new Promise((resolve) => {
    execFile('tesseract', ['--list-langs'], (error, stdout, stderr) => {
      if (error || !/^chi_sim$/m.test(`${stdout}${stderr}`)) return resolve(null);
      execFile('tesseract', ['--version'], (_e, out, err) => resolve(`${/tesseract\s+\S+/.exec(`${out}${err}`)?.[0] ?? 'tesseract'} chi_sim`));
    });
  });
  return engine;
}

/** The text of an image: Tesseract reading it as one block of Simplified Chinese. */
export function ocr(image: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('tesseract', ['stdin', 'stdout', '-l', 'chi_sim', '--psm', '6'], { stdio: ['pipe', 'pipe', 'ignore'] });
    const timer = setTimeout(() => child.kill('SIGKILL'), OCR_TIMEOUT_MS);
    let text = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (text += d));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(text.trim());
      else reject(new Error(code === null ? `OCR took over ${OCR_TIMEOUT_MS} ms` : `tesseract exited with status ${code}`));
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(image);
  });
}

/** The page's large images, largest first, with their boxes in page coordinates. */
function largeImages(opts: { max: number; min: { width: number; height: number } }): { src: string; box: Box }[] {
  return Array.from(document.images)
    .filter((img) => img.complete && img.naturalWidth >= opts.min.width && img.naturalHeight >= opts.min.height)
    .map((img) => {
      const r = img.getBoundingClientRect();
      return { src: img.currentSrc || img.src, box: { x: Math.round(r.x + scrollX), y: Math.round(r.y + scrollY), width: Math.round(r.width), height: Math.round(r.height) } };
    })
    .filter((i) => i.box.width > 0 && i.box.height > 0)
    .sort((a, b) => b.box.width * b.box.height - a.box.width * a.box.height)
    .slice(0, opts.max);
}

async function bytesOf(page: Page, src: string): Promise<{ bytes: Buffer; type: string } | null> {
  const data = /^data:([^;,]+)(;base64)?,(.*)$/s.exec(src);
  if (data) return { bytes: Buffer.from(decodeURIComponent(data[3]!), data[2] ? 'base64' : 'utf8'), type: data[1]! };
  const response = await page.context().request.get(src, { timeout: FETCH_TIMEOUT_MS }).catch(() => null);
  if (!response?.ok()) return null;
  return { bytes: await response.body(), type: response.headers()['content-type'] ?? 'application/octet-stream' };
}

/**
 * Reads a licence page's images: the page itself when it is an image (its bytes are already the
 * page's fetched file), else, unless its text states a credit code, its largest images, fetched
 * again in the page's own context. Each image's text is a file of its own; images fetched here are
 * kept beside it.
 */
export async function readImages(page: Page, body: Buffer | null, contentType: string | null, prefix: string, bundle: EvidenceBundle): Promise<{ imageTexts: ImageText[]; files: EvidenceFile[] }> {
  const imageTexts: ImageText[] = [];
  const files: EvidenceFile[] = [];
  const engineName = await ocrEngine();
  if (!engineName) return { imageTexts, files };
  const pageIsImage = /^image\//i.test(contentType ?? '') && body !== null;
  // A page that states a credit code in its text shows its licence as text: its pictures are not read.
  if (!pageIsImage && mentionsUscc(await page.evaluate(() => document.body?.innerText ?? '').catch(() => ''))) return { imageTexts, files };
  const images = pageIsImage
    ? [{ src: page.url(), box: null, bytes: body, type: contentType! }]
    : (
        await Promise.all(
          (await page.evaluate(largeImages, { max: MAX_IMAGES, min: MIN_NATURAL }).catch(() => [])).map(async (i) => {
            const fetched = await bytesOf(page, i.src);
            return fetched ? { ...i, ...fetched } : null;
          }),
        )
      ).filter((i) => i !== null);
  for (const [n, image] of images.entries()) {
    const text = await ocr(image.bytes).catch(() => null);
    if (text === null) continue;
    const name = `${prefix}.image-${n + 1}`;
    if (!pageIsImage) files.push(bundle.write(`${name}.${extensionOf(image.type)}`, 'image', image.bytes));
    files.push(bundle.write(`${name}.txt`, 'image-text', text));
    imageTexts.push({ src: image.src, box: image.box, text, engine: engineName });
  }
  return { imageTexts, files };
}
