// `wangjian demo --review` seeds a sample bureau over the demo platforms through the real
// import, draw and account code; a second demo keeps the draw and the accounts.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PlatformRecord } from '../../rules/types.js';
import { DEMO_PASSWORD, seedDemoReview } from '../../src/demo/review.js';
import { writeDemoRoster } from '../../src/demo/sites.js';
import { login } from '../../src/store/accounts.js';
import { openDatabase } from '../../src/store/database.js';
import { listDraws } from '../../src/store/draws.js';
import { listInspections } from '../../src/store/inspections.js';
import { listUnits } from '../../src/store/units.js';
import { tempDir } from '../helpers/tmp.js';

const tmp = tempDir();
afterAll(() => tmp.remove());

const platform = (id: string, region: string, port: number): PlatformRecord => ({ id, name: `${id}网络科技有限公司`, uscc: '91330106673959654P', url: `http://127.0.0.1:${port}/`, region, risk: 'general' });

describe('demo --review', () => {
  it('draws the Hangzhou platforms for the sample section, with accounts that log in, and keeps them on a second run', async () => {
    const db = openDatabase(join(tmp.dir, 'w.sqlite'));
    const roster = join(tmp.dir, 'roster.csv');
    await writeDemoRoster([platform('hemei', '330106', 1), platform('youpin', '330110', 2), platform('kuaigou', '440300', 3)], roster);
    const first = await seedDemoReview(db, roster, join(tmp.dir, 'demo'));
    expect(first.inspections).toBe(2);
    expect(listInspections(db).map((i) => i.platform.id).sort()).toEqual(['hemei', 'youpin']);
    expect(listUnits(db).map((u) => u.id).sort()).toEqual(['hz-sc', 'hz-wj', 'hz-xh']);
    const lead = await login(db, 'hz-01', DEMO_PASSWORD, '127.0.0.1');
    expect(lead.ok && lead.user.role).toBe('lead');

    // New ports on the next demo: the URLs are refreshed, nothing is drawn again.
    await writeDemoRoster([platform('hemei', '330106', 4), platform('youpin', '330110', 5), platform('kuaigou', '440300', 6)], roster);
    const second = await seedDemoReview(db, roster, join(tmp.dir, 'demo'));
    expect(second.drawId).toBe(first.drawId);
    expect(listDraws(db)).toHaveLength(1);
    expect(listInspections(db).find((i) => i.platform.id === 'hemei')?.platform.url).toBe('http://127.0.0.1:4/');
    db.close();
  });
});
