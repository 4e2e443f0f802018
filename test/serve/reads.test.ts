// A read never writes: every GET route of the review application, as an inspector and as a lead,
// leaves every row of the database as it was. Two things are kept on reading by design, and only
// they: the signed-in session's idle clock (sessions.last_seen_at), and the audit log's record of
// who exported the audit log (audit-export), which the 执法全过程记录 asks for.
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/database.js';
import { listAudit } from '../../src/store/audit-log.js';
import { reviewItems } from '../../src/store/review-items.js';
import { HttpClient, useServeFixture } from './fixture.js';

const served = useServeFixture();

/** Every row of every table, as text, the session idle clock left out. */
function rows(db: Db): Record<string, string[]> {
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string }[];
  return Object.fromEntries(
    tables.map(({ name }) => {
      const all = db.prepare(`SELECT * FROM "${name}"`).all() as Record<string, unknown>[];
      const kept = name === 'audit_log' ? all.filter((r) => r.action !== 'audit-export') : all;
      return [name, kept.map((r) => JSON.stringify(name === 'sessions' ? { ...r, last_seen_at: undefined } : r)).sort()];
    }),
  );
}

/** GET routes not read here: an empty answer, and pages of what the fixture has none of (document versions, units). */
// The fixture has no draw made in the server and no scan started from a page: campaigns.test reads those.
const UNREAD = ['/draws/:id', '/favicon.ico', '/platforms/:platformId/documents/:documentId/diff', '/quota/reports/:report.:ext', '/scans/:job'];

describe('reading the review application', () => {
  it('changes no row of the database, whatever GET route is read and by whom', async () => {
    const inspector = new HttpClient(served.fx.base);
    const lead = new HttpClient(served.fx.base);
    const other = new HttpClient(served.fx.base);
    await inspector.logIn('jc-01');
    await lead.logIn('jc-09');
    await other.logIn('jc-03');
    const before = rows(served.fx.db);
    const inspection = (id: number) => [`/inspections/${id}`, `/inspections/${id}/items/${reviewItems(served.fx.db, id)[0]!.id}`, `/inspections/${id}/record`, `/inspections/${id}/record.pdf`, `/inspections/${id}/record/versions`, `/inspections/${id}/extraction-record.pdf`];
    const routes: [HttpClient, string][] = [
      ...['/', ...inspection(served.fx.shopInspection), `/evidence/${served.fx.shopInspection}/evidence/shop/p01-homepage.png`, '/assets/inplace.js', '/quota', '/platforms/shop/documents', '/campaigns/jc-2026/record'].map((path) => [inspector, path] as [HttpClient, string]),
      ...['/', ...inspection(served.fx.shopInspection), '/audit', '/audit.csv', '/users', '/quota', '/campaigns/jc-2026/record', '/progress', '/campaigns', '/campaigns/new', '/campaigns/jc-2026/progress', '/users/jc-01/password', '/platforms/shop/nightly'].map((path) => [lead, path] as [HttpClient, string]),
      [other, `/inspections/${served.fx.mallInspection}`],
      [new HttpClient(served.fx.base), '/login'],
    ];
    const statuses: string[] = [];
    for (const [client, path] of routes) {
      const res = await client.request('GET', path);
      await res.arrayBuffer();
      statuses.push(`${res.status} ${path}`);
    }
    // the routes answered (a refusal would prove nothing)
    expect(statuses.filter((s) => !s.startsWith('200 '))).toEqual([]);
    // every GET route of the application was read, but those the fixture has nothing for
    const read = routes.map(([, path]) => path.replace(/\?.*$/, ''));
    const pattern = (url: string) => new RegExp(`^${url.replace(/\./g, '\\.').replace(/:\w+/g, '[^/]+').replace('*', '.*')}$`);
    const unread = served.fx.app.reviewRoutes.filter((r) => r.method === 'GET' && !read.some((path) => pattern(r.url).test(path))).map((r) => r.url);
    expect(unread.sort()).toEqual(UNREAD);
    expect(rows(served.fx.db)).toEqual(before);
    expect(listAudit(served.fx.db).filter((e) => e.action === 'audit-export').map((e) => e.actor)).toEqual(['jc-09']);
  });
});
