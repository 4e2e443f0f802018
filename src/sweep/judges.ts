// The sweep's reading of pages on the machine's other cores: the rules are pure, so a page's facts
// and a subject's judgement are computed in worker threads, while the main thread fetches, writes
// evidence and stores. On 2 cores the main thread's work a page falls by about a third (facts,
// the licence link search and the checks, some 3 ms of 8). The same module is the worker's entry.
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { pageLinks } from '../../rules/lib/links.js';
import { staticPageFacts } from '../../rules/lib/static-facts.js';
import { loadHtml } from '../../rules/lib/text.js';
import { judgeSubject, type SweepSubject } from '../../rules/sweep.js';
import type { DraftFinding, PageFacts, Snapshot } from '../../rules/types.js';
import { paths } from '../paths.js';

/** Licence pages followed from a subject's page. */
const MAX_LICENCE_LINKS = 3;

export interface PageReading {
  facts: PageFacts;
  /** The licence links the rules would follow (own pages, not 亮照 systems): URL and link text. */
  licenceLinks: [string, string][];
}

export interface Judged {
  draft: DraftFinding;
  rule: { id: string; version: string };
}

type Task = { kind: 'read'; html: string; url: string; withLinks: boolean } | { kind: 'judge'; subject: SweepSubject; checks: readonly string[]; snapshots: readonly Snapshot[] };

/** A page's facts and, for a subject's own page, its licence links. */
export function readPage(html: string, url: string, withLinks: boolean): PageReading {
  const facts = staticPageFacts(html);
  const links = new Map<string, string>();
  if (withLinks && html) {
    for (const link of pageLinks(loadHtml(html), url)) {
      if (link.kind !== 'licence' || link.licenceSystem || !/^https?:/.test(link.url) || links.has(link.url)) continue;
      links.set(link.url, link.text);
      if (links.size >= MAX_LICENCE_LINKS) break;
    }
  }
  return { facts, licenceLinks: [...links] };
}

export function judge(subject: SweepSubject, checks: readonly string[], snapshots: readonly Snapshot[]): Judged[] {
  return judgeSubject(subject, checks, snapshots).map(({ draft, rule }) => ({ draft, rule: { id: rule.id, version: rule.version } }));
}

function run(task: Task): PageReading | Judged[] {
  return task.kind === 'read' ? readPage(task.html, task.url, task.withLinks) : judge(task.subject, task.checks, task.snapshots);
}

/**
 * Worker threads that read and judge, the least busy taking each task; with `threads` 0 (or on a
 * machine of one core) the work is done on the calling thread.
 */
export class Judges {
  private readonly workers: { worker: Worker; pending: Map<number, { resolve(v: unknown): void; reject(e: Error): void }> }[] = [];
  private next = 0;

  constructor(threads = Math.min(availableParallelism() - 1, 2)) {
    // Compiled code only: a worker runs JavaScript (tests running the sources use the build).
    const entry = join(paths.root, 'dist', 'src', 'sweep', 'judges.js');
    for (let i = 0; i < threads; i++) {
      const worker = new Worker(entry);
      const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
      worker.on('message', ({ id, result, error }: { id: number; result?: unknown; error?: string }) => {
        const p = pending.get(id);
        pending.delete(id);
        if (error !== undefined) p?.reject(new Error(error));
        else p?.resolve(result);
      });
      worker.on('error', (error) => {
        for (const p of pending.values()) p.reject(error);
        pending.clear();
      });
      this.workers.push({ worker, pending });
    }
  }

  private send<T>(task: Task): Promise<T> {
    if (!this.workers.length) {
      try {
        return Promise.resolve(run(task) as T);
      } catch (error) {
        return Promise.reject(error as Error);
      }
    }
    const least = this.workers.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      least.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      least.worker.postMessage({ id, task });
    });
  }

  read(html: string, url: string, withLinks: boolean): Promise<PageReading> {
    return this.send({ kind: 'read', html, url, withLinks });
  }

  judge(subject: SweepSubject, checks: readonly string[], snapshots: readonly Snapshot[]): Promise<Judged[]> {
    return this.send({ kind: 'judge', subject, checks, snapshots });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  port.on('message', ({ id, task }: { id: number; task: Task }) => {
    try {
      port.postMessage({ id, result: run(task) });
    } catch (error) {
      port.postMessage({ id, error: (error as Error).message });
    }
  });
}
