// Per-host politeness across every worker: a platform's visit holds a lease on its host in Redis,
// so that one host is visited by one worker at a time, as the local scan visits platforms of one
// host one after another (scan.ts); within the visit its crawler keeps the per-host limits
// (--per-host, --rpm). A lease expires unless renewed, so a worker killed with its lease held
// frees the host after one lease time.
import type { Redis } from 'ioredis';

const KEY = (host: string) => `wangjian:host:${host}`;

// Renew or release only a lease that is still ours (compare the holder, then act, in one step).
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

export interface HostLease {
  release(): Promise<void>;
}

/**
 * Takes the host for `holder` (a job id) for `ms`, renewed every third of it until released.
 * Null when another holds it. The same holder takes it back: a job redone after its worker died
 * need not wait for its own old lease.
 */
export async function takeHost(redis: Redis, host: string, holder: string, ms: number): Promise<HostLease | null> {
  const key = KEY(host);
  const taken = (await redis.set(key, holder, 'PX', ms, 'NX')) === 'OK' || (await redis.eval(RENEW, 1, key, holder, ms)) === 1;
  if (!taken) return null;
  const timer = setInterval(() => void redis.eval(RENEW, 1, key, holder, ms).catch(() => undefined), Math.max(100, Math.floor(ms / 3)));
  timer.unref();
  return {
    async release() {
      clearInterval(timer);
      await redis.eval(RELEASE, 1, key, holder);
    },
  };
}

/** Who holds the host, if anyone. */
export async function hostHolder(redis: Redis, host: string): Promise<string | null> {
  return redis.get(KEY(host));
}
