// `wangjian demo --review`: after the demo scan, a sample bureau to try the review application
// with: the first-day bureau of the README (examples/first-day: the Hangzhou city bureau's
// online-trading section, two county bureaus and their inspectors), with demo accounts, and a
// city campaign over every check drawn over the sample platforms registered in Hangzhou. The files
// are read through the same readers as a bureau's own, so the demo exercises the real import,
// draw and account code.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeDraw } from '../draw/draw.js';
import { readCampaignInput, readInspectorsInput, readPlatformsInput } from '../draw/inputs.js';
import { paths } from '../paths.js';
import { readUnitFile } from '../quota/units.js';
import { createUser, getUser, takeCertificates, type User } from '../store/accounts.js';
import type { Db } from '../store/database.js';
import { listDraws, storeDraw } from '../store/draws.js';
import { createDrawInspections } from '../review/inspections.js';
import { importPlatforms } from '../store/scans.js';
import { importUnits } from '../store/units.js';
import { TOOL_VERSION } from '../version.js';
import { CHECK_IDS } from '../../rules/index.js';

/** Shown on the terminal and in the README: a demo on 127.0.0.1, never a real bureau's accounts. */
export const DEMO_PASSWORD = 'wangjian-demo';

/** The section's lead; the other inspectors of the roster get inspector accounts. */
const LEAD = 'hz-01';

const CAMPAIGN_ID = 'hz-demo-ecom';

export interface DemoReview {
  accounts: Pick<User, 'id' | 'name' | 'role'>[];
  drawId: string;
  inspections: number;
}

export async function seedDemoReview(db: Db, rosterFile: string, dir: string): Promise<DemoReview> {
  mkdirSync(dir, { recursive: true });
  const inspectorsFile = join(paths.firstDay, 'inspectors.csv');
  const unitsFile = join(paths.firstDay, 'units.csv');
  const campaignFile = join(dir, 'campaign.json');
  const year = new Date().getUTCFullYear();
  writeFileSync(
    campaignFile,
    JSON.stringify(
      {
        id: CAMPAIGN_ID,
        name: `${year}年度杭州市电子商务平台经营者双随机抽查（演示）`,
        level: 'city',
        region: '330100',
        ratio: 1,
        checks: [...CHECK_IDS, 'item-6', 'item-7', 'item-13', 'item-14', 'item-16'],
        window: { from: `${year}-01-01`, to: `${year}-12-31` },
      },
      null,
      2,
    ),
  );

  importUnits(db, await readUnitFile(unitsFile), unitsFile);
  const inspectors = await readInspectorsInput(inspectorsFile);
  for (const inspector of inspectors.inspectors) {
    if (!getUser(db, inspector.id)) await createUser(db, inspector, inspector.id === LEAD ? 'lead' : 'inspector', DEMO_PASSWORD);
  }
  // A demo database whose accounts predate their 执法证号 takes them from the roster.
  takeCertificates(db, inspectors.inspectors);

  // The sample sites listen on new ports each run: the roster's URLs are refreshed, the draw is kept.
  const platforms = await readPlatformsInput(rosterFile);
  importPlatforms(db, platforms.platforms, rosterFile, platforms.digest.sha256);
  let draw = listDraws(db).find((d) => d.campaignId === CAMPAIGN_ID && d.supersededBy === null);
  if (!draw) {
    const { campaign, digest } = readCampaignInput(campaignFile);
    const record = makeDraw({
      campaign,
      platforms: platforms.platforms,
      inspectors: inspectors.inspectors,
      exclude: [],
      seed: `演示-${year}`,
      digests: { campaign: digest, platforms: platforms.digest, inspectors: inspectors.digest },
      drawnAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      toolVersion: TOOL_VERSION,
    });
    const text = `${JSON.stringify(record, null, 2)}\n`;
    writeFileSync(join(dir, 'draw.json'), text);
    storeDraw(db, { id: record.id, campaignId: record.campaignId, seed: record.seed, drawnAt: record.drawnAt, supersedes: null, reason: null, targets: record.targets.length, record: text });
    draw = listDraws(db).find((d) => d.id === record.id)!;
  }
  createDrawInspections(db);
  return {
    accounts: inspectors.inspectors.map((i) => ({ id: i.id, name: i.name, role: i.id === LEAD ? 'lead' : 'inspector' })),
    drawId: draw.id,
    inspections: draw.targets,
  };
}
