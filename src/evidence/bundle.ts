// The evidence bundle of one platform's visit: every file the tool fetched, rendered or made,
// written under <run folder>/evidence/<platform id>/ and hashed, so a finding can be defended.
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { EvidenceFile, EvidenceKind } from '../../rules/types.js';

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

export class EvidenceBundle {
  readonly dir: string;

  constructor(
    private readonly runDir: string,
    platformId: string,
  ) {
    this.dir = join(runDir, 'evidence', platformId);
  }

  /** Starts the platform's bundle afresh: a visit that was cut short left files no finding names. */
  reset(): void {
    rmSync(this.dir, { recursive: true, force: true });
    mkdirSync(this.dir, { recursive: true });
  }

  write(name: string, kind: EvidenceKind, data: Buffer | string): EvidenceFile {
    const file = join(this.dir, name);
    writeFileSync(file, data);
    return { kind, path: relative(this.runDir, file).split('\\').join('/'), sha256: sha256(data) };
  }

  /** This bundle, refusing to write once `signal` is aborted: an attempt given up on must not overwrite its retry's files. */
  until(signal: AbortSignal): EvidenceBundle {
    const view = Object.create(this) as EvidenceBundle;
    view.write = (name, kind, data) => {
      signal.throwIfAborted();
      return this.write(name, kind, data);
    };
    return view;
  }
}

/** The file extension of evidence of a content type (a fetched page, an image). */
export function extensionOf(contentType: string | null): string {
  if (!contentType) return 'bin';
  if (/html/.test(contentType)) return 'html';
  if (/json/.test(contentType)) return 'json';
  if (/pdf/.test(contentType)) return 'pdf';
  const image = /image\/(png|jpeg|gif|webp|svg)/.exec(contentType);
  if (image) return image[1] === 'jpeg' ? 'jpg' : image[1]!;
  return /text/.test(contentType) ? 'txt' : 'bin';
}
