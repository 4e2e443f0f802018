// The Redis a queued scan and its workers share: reached once up front, so a wrong address or a
// machine without redis-server is said in one line, not as a stream of reconnection errors.
import { Redis } from 'ioredis';
import { InputError } from '../input-error.js';

export class QueueUnavailableError extends InputError {
  override name = 'QueueUnavailableError';
}

/** BullMQ's connection options for `url`: its blocking commands must never give up on a slow reply. */
export const connectionOf = (url: string) => ({ url, maxRetriesPerRequest: null });

/** Checks that Redis answers at `url`, else says what to do in one line. */
export async function reachRedis(url: string): Promise<void> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new QueueUnavailableError(`--redis ${url} is not a URL (redis://host:6379)`);
  }
  if (!/^rediss?:$/.test(parsed.protocol)) throw new QueueUnavailableError(`--redis ${url} is not a redis:// or rediss:// URL`);
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 5_000 });
  // The socket's own error (ECONNREFUSED, ENOTFOUND) says more than the "Connection is closed" connect() rejects with.
  let cause: Error | undefined;
  probe.on('error', (error: Error) => (cause ??= error));
  try {
    await probe.connect();
    await probe.ping();
  } catch (error) {
    throw new QueueUnavailableError(
      `cannot reach Redis at ${url} (${(cause ?? (error as Error)).message}): is a redis-server running there? (npm run setup installs one on Debian: apt-get install redis-server)`,
    );
  } finally {
    probe.disconnect();
  }
}

/** A client for the queue's own keys (the host leases), once Redis answers at `url`. */
export async function openRedis(url: string): Promise<Redis> {
  await reachRedis(url);
  const client = new Redis(url, { maxRetriesPerRequest: null });
  client.on('error', (error) => process.stderr.write(`redis ${url}: ${error.message}\n`));
  return client;
}
