// Per-host politeness across every worker: a platform's visit holds a lease on its host in Redis,
// so that one host is visited by one worker at a time, as the local scan visits platforms of one
// host one after another (scan.ts); within the visit its crawler keeps the per-host limits
// (--per-host, --rpm). A lease expires unless renewed, so a worker killed with its lease held
// frees the host after one lease time.
import type { Redis } from 'ioredis';

const KEY = (host: string) => `wangjian:host:${host}`;

// Take a host that is free, or held by another attempt of the same job (its worker lost it);
// renew or release only the lease this attempt holds. Each compares and acts in one step.
const TAKE = `local v = redis.call('GET', KEYS[1])
if (not v) or v == ARGV[1] or string.sub(v, 1, string.len(ARGV[3])) == ARGV[3] then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
return 0`;
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

export interface HostLease {
  release(): Promise<void>;
}

/**
 * Takes the host for an attempt of a job (`job`, and `attempt`: the worker's lock token) for `ms`,
 * renewed every third of it until released. Null when another job holds it. Another attempt of
 * the same job takes it over: a job redone after its worker died need not wait for its own old
 * lease, and the old attempt, should it still run, can then neither renew nor release it.
 */
export async function takeHost(redis: Redis, host: string, job: string, attempt: string, ms: number): Promise<HostLease | null> {
  const key = KEY(host);
  const holder = `${job}|${attempt}`;
  if ((await redis.eval(TAKE, 1, key, holder, ms, `${job}|`)) !== 1) return null;
  const timer = setInterval(() => void redis.eval(RENEW, 1, key, holder, ms).catch(() => undefined), Math.max(100, Math.floor(ms / 3)));
  timer.unref();
  return {
    async release() {
      clearInterval(timer);
      await redis.eval(RELEASE, 1, key, holder);
    },
  };
}

/** The job holding the host, if any. */
export async function hostHolder(redis: Redis, host: string): Promise<string | null> {
  return (await redis.get(KEY(host)))?.split('|')[0] ?? null;
}
