// The draw's input files: the campaign, the inspector roster and excluded draws, each rejected
// whole with the file, the line or field, and what was expected.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CHECK_IDS } from '../../rules/index.js';
import { inRegion, regionPrefix } from '../../src/campaign/campaign.js';
import { CATALOGUE_CHECKS, INSPECTION_ITEMS, itemsCovered } from '../../src/campaign/items.js';
import { readCampaignInput, readExclusionFile } from '../../src/draw/inputs.js';
import { readInspectorRoster } from '../../src/registry/inspectors.js';
import { InputFileError } from '../../src/roster/table-file.js';
import { tempDir } from '../helpers/tmp.js';

const tmp = tempDir();
afterAll(() => tmp.remove());

function file(name: string, content: string): string {
  const path = join(tmp.dir, name);
  writeFileSync(path, content);
  return path;
}

async function problemsOf(read: () => unknown): Promise<string[]> {
  try {
    await read();
  } catch (error) {
    expect(error).toBeInstanceOf(InputFileError);
    return (error as InputFileError).problems;
  }
  throw new Error('expected the file to be rejected');
}

const CAMPAIGN = {
  id: 'sx-2026-ecom',
  name: '2026年度电子商务平台经营者双随机抽查',
  level: 'province',
  region: '140000',
  ratios: { low: 0.2, general: 0.3, higher: 0.5, high: 1.0 },
  minInspectors: 2,
  checks: ['licence-display', 'agreement-display', 'ad-label'],
  window: { from: '2026-06-01', to: '2026-10-10' },
  exclude: ['draws/province-2026.json'],
};
const campaignProblems = (changes: Record<string, unknown>) => problemsOf(() => readCampaignInput(file('c.json', JSON.stringify({ ...CAMPAIGN, ...changes }))));

describe('campaign file', () => {
  it('reads the example of formats.md, with defaults filled in', async () => {
    const { campaign, digest } = readCampaignInput(file('campaign.json', `\uFEFF${JSON.stringify(CAMPAIGN)}`));
    expect(campaign).toMatchObject({ ...CAMPAIGN, minInspectors: 2, assistants: 0, specialties: ['网络交易'] });
    expect(digest.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('rejects a ratio outside 0–1, for one share or per class', async () => {
    expect(await campaignProblems({ ratios: undefined, ratio: 1.5 })).toEqual(['field "ratio": expected a share between 0 and 1, such as 0.5']);
    expect(await campaignProblems({ ratios: { ...CAMPAIGN.ratios, low: -0.1 } })).toEqual(['field "ratios.low": expected a share between 0 and 1, such as 0.5']);
  });

  it('rejects ratios that do not rise from low to high risk', async () => {
    expect(await campaignProblems({ ratios: { low: 0.5, general: 0.3, higher: 0.5, high: 1 } })).toEqual([
      'field "ratios.general": expected ratios rising from low to high risk (分别递加比例): general 0.3 is below low 0.5',
    ]);
  });

  it('wants exactly one of ratio and ratios', async () => {
    expect((await campaignProblems({ ratio: 0.5 }))[0]).toMatch(/either "ratio" .* or "ratios"/);
    expect((await campaignProblems({ ratios: undefined }))[0]).toMatch(/either "ratio" .* or "ratios"/);
  });

  it('names unknown checks, misspelt keys, a region of the wrong level, one inspector, and bad dates', async () => {
    expect(await campaignProblems({ checks: ['licence-display', 'licence-dispaly'] })).toEqual(['field "checks.1": expected a check of shared/spec/checks.md or an inspection item item-1 … item-16']);
    expect((await campaignProblems({ minInspector: 3 }))[0]).toMatch(/minInspector/);
    expect(await campaignProblems({ region: '140500' })).toEqual(['field "region": expected a province code (2 significant digits, e.g. 140000); got 140500']);
    expect(await campaignProblems({ minInspectors: 1 })).toEqual(['field "minInspectors": expected a whole number of at least 2: an inspection needs two certified officers']);
    expect(await campaignProblems({ window: { from: '2026-10-10', to: '2026-06-01' } })).toEqual(['field "window.to": expected the window to end on or after 2026-10-10']);
  });

  it('rejects a file that is not JSON, naming it', async () => {
    const path = file('broken.json', '{"id": "x",');
    expect((await problemsOf(() => readCampaignInput(path)))[0]).toMatch(/^is not a JSON campaign file/);
  });

  it('knows the 16 items of seeds/000 and every check the rules implement', async () => {
    expect(INSPECTION_ITEMS).toHaveLength(16);
    expect(INSPECTION_ITEMS[11]).toEqual({ id: 'item-12', no: '（十二）', name: '电子商务平台经营者竞价排名业务的广告标注义务的检查' });
    for (const id of CHECK_IDS) expect(Object.keys(CATALOGUE_CHECKS)).toContain(id);
    expect(itemsCovered(['ad-label', 'item-6', 'licence-display']).map((i) => i.no)).toEqual(['（一）', '（六）', '（十二）']);
  });

  it('takes a region by its significant digits', async () => {
    expect([regionPrefix('140000'), regionPrefix('140500'), regionPrefix('140521')]).toEqual(['14', '1405', '140521']);
    expect(inRegion('140521', '140500')).toBe(true);
    expect(inRegion('140100', '140500')).toBe(false);
    expect(inRegion('141000', '140000')).toBe(true);
    expect(inRegion(undefined, '140000')).toBe(false);
  });
});

const HEADER = 'id,name,unit,region,certificate,specialties,avoid';

describe('inspector roster', () => {
  it('reads semicolon lists (also full-width), empty cells, BOM and CRLF', async () => {
    const path = file('inspectors.csv', `\uFEFF${[HEADER, 'jc-01,王建国,网监科,140500,14050019001,网络交易；广告 ,jc-live; jc-med', 'jc-02,黄丽,网监科,140500,,,'].join('\r\n')}\r\n`);
    expect(await readInspectorRoster(path)).toEqual([
      { id: 'jc-01', name: '王建国', unit: '网监科', region: '140500', certificate: '14050019001', specialties: ['网络交易', '广告'], avoid: ['jc-live', 'jc-med'] },
      { id: 'jc-02', name: '黄丽', unit: '网监科', region: '140500', specialties: [], avoid: [] },
    ]);
  });

  it('reads JSON with lists as arrays', async () => {
    const path = file('inspectors.json', JSON.stringify([{ id: 'a', name: '甲', unit: '网监科', region: '140000', certificate: 'X1', specialties: ['网络交易'], avoid: 'p-1;p-2' }]));
    expect((await readInspectorRoster(path))[0]).toMatchObject({ specialties: ['网络交易'], avoid: ['p-1', 'p-2'] });
  });

  it('rejects duplicate ids and certificates, bad regions and avoid ids, naming each line', async () => {
    const path = file('dup.csv', [HEADER, 'a,甲,科,140500,C1,,', 'b,乙,科,1405,C2,,', 'a,丙,科,140500,C3,,', 'd,丁,科,140500,C1,,Bad_Id'].join('\n'));
    expect(await problemsOf(() => readInspectorRoster(path))).toEqual([
      'line 3, field "region": expected a 6-digit administrative division code such as 140500; got "1405"',
      'line 5, field "avoid.0": expected platform ids ([a-z0-9-]+) or 统一社会信用代码 separated by ";"; got "Bad_Id"',
    ]);
    const fixed = file('dup2.csv', [HEADER, 'a,甲,科,140500,C1,,', 'b,乙,科,140500,C2,,', 'a,丙,科,140500,C3,,', 'd,丁,科,140500,C1,,'].join('\n'));
    expect(await problemsOf(() => readInspectorRoster(fixed))).toEqual([
      'line 4, field "id": expected a unique id; "a" is already used at line 2',
      'line 5, field "certificate": expected a unique certificate; "C1" is already used at line 2',
    ]);
  });

  it('requires the columns that say who and where', async () => {
    expect(await problemsOf(() => readInspectorRoster(file('cols.csv', 'id,name\na,甲\n')))).toEqual(['missing columns "unit" (or 单位, 所属单位), "region" (or 区划, 行政区划代码)']);
  });
});

describe('excluded draw file', () => {
  it('takes the targets of a draw from any system that follows formats.md', async () => {
    const path = file('province.json', JSON.stringify({ campaignId: 'sx-2026', seed: 's', algorithm: 'other', drawnAt: '2026-07-25T00:00:00Z', targets: [{ platformId: 'b' }, { platformId: 'a', extra: 1 }] }));
    expect(readExclusionFile(path, 'province.json')).toMatchObject({ file: 'province.json', drawId: null, campaignId: 'sx-2026', platformIds: ['a', 'b'] });
  });

  it('rejects one that does not parse, naming the file and field', async () => {
    expect((await problemsOf(() => readExclusionFile(file('bad-draw.json', '[1,2'), 'bad-draw.json')))[0]).toMatch(/^is not a JSON draw file/);
    expect(await problemsOf(() => readExclusionFile(file('no-targets.json', '{"campaignId":"x"}'), 'no-targets.json'))).toEqual(['field "targets": expected the drawn targets']);
  });
});
