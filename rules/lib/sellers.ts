// Who sells in a shop, as its shop page shows it: the seller's licence information on the page
// and on its licence page one click away, outside the platform's own footer and chrome (which
// carry the operator's licence on every page, not the seller's; lib/chrome.ts).
import type { CheerioAPI } from 'cheerio';
import type { PlatformRecord, Snapshot } from '../types.js';
import { fieldsOf, licenceLinksOf, shown, type LicenceLink, type PageFields } from './licence-info.js';
import { normaliseName } from './names.js';
import { ownContent } from './chrome.js';
import { isPlatformChrome, type Placement } from './placement.js';
import { expandLazyModules, pageText, type PageText } from './text.js';
import { normaliseUscc } from './uscc.js';

type Usccs = PageFields['usccs'];
type Names = PageFields['names'];

export interface ShopLicence {
  shop: Snapshot;
  $: CheerioAPI;
  pt: PageText;
  /** Lazy modules read as loaded (text.ts expandLazyModules). */
  lazyModules: number;
  /** Codes and names on the shop page itself, outside the footer. */
  fields: PageFields;
  /** Licence links and badges on the shop page, outside the footer, with what each led to. */
  links: LicenceLink[];
  /** Every visible code and licence-context name, on the shop page or a licence page it links to, with where. */
  usccs: (Usccs[number] & { where: string })[];
  names: (Names[number] & { where: string })[];
}

const notPlatformChrome = (p: Placement) => !isPlatformChrome(p);
/** On a self-built site every block is the operator's own, its footer above all, where licences stand. */
const anywhere = () => true;

const read = new WeakMap<readonly Snapshot[], Map<string, ShopLicence>>();

/**
 * A shop's licence information, read once a visit: every listing sampled from the shop, and each
 * seller check, asks for it again. `ownSite`: the page is a self-built site's (a sweep), whose
 * footer is its operator's own, not a platform's.
 */
export function shopLicence(snapshots: readonly Snapshot[], shop: Snapshot, ownSite = false): ShopLicence {
  const known = read.get(snapshots) ?? new Map<string, ShopLicence>();
  read.set(snapshots, known);
  const key = `${shop.id}${ownSite ? ' own site' : ''}`;
  let licence = known.get(key);
  if (!licence) known.set(key, (licence = readShopLicence(snapshots, shop, ownSite ? anywhere : notPlatformChrome)));
  return licence;
}

function readShopLicence(snapshots: readonly Snapshot[], shop: Snapshot, own: (p: Placement) => boolean): ShopLicence {
  const load = (s: Snapshot) => ownContent(snapshots, s);
  const $ = load(shop);
  const lazyModules = expandLazyModules($);
  const pt = pageText($);
  const all = fieldsOf(pt, '', shop.page.height, false);
  const fields = { usccs: all.usccs.filter((u) => own(u.placement)), names: all.names.filter((n) => own(n.placement)) };
  const links = licenceLinksOf(snapshots, shop, $, '', shop.finalUrl, (l) => own(l.placement), load);
  const read = links.filter((l) => l.state === 'text' && shown(l.judgement) && l.fields && l.snapshot);
  return {
    shop,
    $,
    pt,
    lazyModules,
    fields,
    links,
    usccs: [
      ...fields.usccs.filter((u) => shown(u.judgement)).map((u) => ({ ...u, where: shop.id })),
      ...read.flatMap((l) => l.fields!.usccs.filter((u) => shown(u.judgement) && own(u.placement)).map((u) => ({ ...u, where: l.snapshot!.id }))),
    ],
    names: [
      ...fields.names.filter((n) => n.licenceContext && shown(n.judgement)).map((n) => ({ ...n, where: shop.id })),
      ...read.flatMap((l) => l.fields!.names.filter((n) => n.licenceContext && shown(n.judgement) && own(n.placement)).map((n) => ({ ...n, where: l.snapshot!.id }))),
    ],
  };
}

/** Words that say registration is not needed, in any phrasing (NTM 12 ¶3 self-declarations and paraphrases). */
export const NO_REGISTRATION = /(?:不需要|不需|无需|无须|免于|免予|不用)(?:办理|申领|领取)?(?:(?:市场主体|工商)(?:登记|注册)|登记|营业执照|工商执照)/g;

export interface SellerIdentity {
  /** operator: the platform operator itself sells (its roster name or code); third-party: another entity. */
  seller: 'operator' | 'third-party' | 'unknown';
  /** What decided it: a credit code, a name, or a declaration that the seller needs no registration. */
  by: 'uscc' | 'name' | 'declaration' | null;
  usccs: string[];
  names: string[];
}

/** The seller compared with the roster: a credit code decides before a name. */
export function sellerIdentity(licence: ShopLicence, platform: PlatformRecord): SellerIdentity {
  const roster = { name: normaliseName(platform.name), uscc: normaliseUscc(platform.uscc) };
  const usccs = [...new Set(licence.usccs.map((u) => u.code))];
  const names = [...new Set(licence.names.map((n) => n.name))];
  if (usccs.length) return { seller: usccs.includes(roster.uscc) ? 'operator' : 'third-party', by: 'uscc', usccs, names };
  if (names.length) return { seller: names.some((n) => normaliseName(n) === roster.name) ? 'operator' : 'third-party', by: 'name', usccs, names };
  // A seller who declares it needs no registration is an individual, never the operator.
  if (licence.pt.text.search(NO_REGISTRATION) >= 0) return { seller: 'third-party', by: 'declaration', usccs, names };
  return { seller: 'unknown', by: null, usccs, names };
}
