// A PNG's pixel size, from its IHDR chunk: screenshots are cut and outlined in its pixels.
import { closeSync, openSync, readSync } from 'node:fs';

/** Bytes of a PNG up to the end of its width and height. */
const HEAD = 24;

export function pngSize(png: Buffer): { width: number; height: number } | null {
  if (png.length < HEAD || png.readUInt32BE(0) !== 0x89504e47 || png.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** The size of a PNG file, reading only its head. */
export function pngFileSize(file: string): { width: number; height: number } | null {
  const head = Buffer.alloc(HEAD);
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    return readSync(fd, head, 0, HEAD, 0) < HEAD ? null : pngSize(head);
  } catch {
    return null;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
