// The random stream of a draw: HMAC-SHA256 in counter mode, keyed by the published seed, so
// that anyone holding the seed and the inputs can recompute every choice. Never Math.random.
//
// The exact algorithm (wangjian-draw/1), for reimplementation:
//   key      = the seed exactly as published, UTF-8 encoded (no trimming or normalisation)
//   block(i) = HMAC-SHA256(key, UTF-8 of "wangjian-draw/1|<campaign id>|<purpose>|<i>")
//              for i = 0, 1, 2, … written in decimal; each purpose has its own counter
//   x        = the first 4 bytes of the block as an unsigned big-endian 32-bit integer
//   below(n) = x mod n, taking the next block while x ≥ 2^32 − (2^32 mod n)
//              (rejection sampling: every value 0 … n−1 is exactly equally likely)
// Purposes: "platforms/<risk class>" for the targets of each class, "inspectors" for matching
// inspectors, "assistants" for matching assistants. Separate purposes keep the parts apart:
// a change in one risk class does not move the draw of another.
import { createHmac } from 'node:crypto';

export const ALGORITHM = 'wangjian-draw/1';

const RANGE = 2 ** 32;

export class DrawStream {
  private counter = 0;

  constructor(
    private readonly seed: string,
    private readonly campaignId: string,
    private readonly purpose: string,
  ) {}

  private next(): number {
    const message = `${ALGORITHM}|${this.campaignId}|${this.purpose}|${this.counter++}`;
    return createHmac('sha256', Buffer.from(this.seed, 'utf8')).update(message, 'utf8').digest().readUInt32BE(0);
  }

  /** A uniform integer in 0 … n−1. */
  below(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > RANGE) throw new RangeError(`below(${n}): expected a whole number from 1 to 2^32`);
    const limit = RANGE - (RANGE % n);
    for (;;) {
      const x = this.next();
      if (x < limit) return x % n;
    }
  }

  /**
   * k items of `items`, uniformly without replacement: the first k steps of a Fisher–Yates
   * shuffle (step j swaps position j with position j + below(length − j)).
   */
  sample<T>(items: readonly T[], k: number): T[] {
    const a = [...items];
    for (let j = 0; j < k; j++) {
      const r = j + this.below(a.length - j);
      [a[j], a[r]] = [a[r]!, a[j]!];
    }
    return a.slice(0, k);
  }
}
