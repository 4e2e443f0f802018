// The result items of a search or listing page, found without per-site selectors: a list is a
// parent whose children of one tag repeat, each carrying a link and a price. For each item the
// rank, URL, title, price and every short label or badge (广告, 自营, 推广 …) with its rendering.
import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import type { Box } from '../types.js';
import { ANNOTATION, judgeProminence, renderingOf, type ProminenceJudgement } from './rendered.js';
import { resolveHref, samePage } from './urls.js';

export interface ListingLabel {
  /**
   * The label's words: its text, or an icon's alt, title or data-tips. For an icon drawn by CSS
   * (no words in the DOM, source 'class') the class or id that names it, e.g. "u-ad".
   */
  text: string;
  source: 'text' | 'image-alt' | 'attribute' | 'class';
  element: Element;
  /** Prominence judged against the card it labels (checks.md "Prominence"). */
  judgement: ProminenceJudgement;
}

export interface ListingItem {
  /** 1-based position within its zone, in reading order. */
  rank: number;
  /** Index of the zone (result list) the item belongs to. */
  zone: number;
  element: Element;
  /** Where the card sits on the page (cardBoxOf), for its evidence. */
  box: Box | null;
  /** The item's main link (its title link), absolute. */
  url: string | null;
  title: string;
  price: string | null;
  labels: ListingLabel[];
  /** Every link URL in the card, absolute: click-tracking URLs mark paid results. */
  links: string[];
  /**
   * What the card offers under its main link, each with a price of its own: a merchant card's
   * 团购, 套餐 and 代金券 deals. Empty for a card that lists one product.
   */
  offers: { url: string; title: string; price: string }[];
  /** class, id, data-* and onclick attributes (name=value) of the card and its descendants. */
  attributes: string[];
}

export interface ListingZone {
  index: number;
  element: Element;
  items: ListingItem[];
  /** Labels that stand over the whole zone, outside its items (a 广告 heading over an ad rail). */
  labels: ListingLabel[];
}

const PRICE = /[¥￥]\s*\d+(?:[.,]\d+)*|\d+(?:\.\d{1,2})?\s*元/;
const MIN_ITEMS = 3;
// long enough for "Sponsored"
const MAX_LABEL_CHARS = 10;
/** How far above the list element a zone heading may stand (list → its box → the titled block). */
const HOLDER_LEVELS = 2;
const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'textarea']);
/** Class or id words of an icon that CSS draws as an ad badge: the DOM holds no words to read. */
const ICON_NAME = /(?:^|[\s_-])(ad|ads|adv|advert|sponsor(?:ed)?|guanggao|tuiguang)(?:[\s_-]|$)/i;

const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();

function ownText(el: Element): string {
  return collapse(el.children.map((c) => (c.type === 'text' ? c.data : '')).join(''));
}

/** Text and link presence of a subtree in one walk (cheerio's .text() and .find() per candidate cost twice as much). */
function scan(el: Element): { text: string; hasLink: boolean } {
  const parts: string[] = [];
  let hasLink = false;
  const walk = (node: AnyNode) => {
    if (node.type === 'text') parts.push(node.data);
    else if (node.type === 'tag' && !SKIPPED.has(node.name)) {
      if (node.name === 'a' && node.attribs.href) hasLink = true;
      node.children.forEach(walk);
    }
  };
  walk(el);
  // Text of separate nodes stays apart: "¥268.00" then "9700+人付款" is not one number.
  return { text: parts.join(' '), hasLink };
}

function isItem(el: Element): boolean {
  const { text, hasLink } = scan(el);
  return hasLink && PRICE.test(text);
}

const WORDLESS = /^[\d\s.,%+\-/()|<>¥￥:：]*$/;

/** Short labels under `root`, not descending into the subtrees `skip` names. */
function labelsWithin($: CheerioAPI, root: Element, card: Box | undefined, skip: (el: Element) => boolean): ListingLabel[] {
  const labels: ListingLabel[] = [];
  const visit = (node: Element) => {
    const judge = () => judgeProminence($, node, card);
    const text = ownText(node);
    if (text && [...text].length <= MAX_LABEL_CHARS && !PRICE.test(text) && !WORDLESS.test(text)) {
      labels.push({ text, source: 'text', element: node, judgement: judge() });
    } else if (node.name === 'img' && (node.attribs.alt || node.attribs.title)) {
      const alt = collapse(node.attribs.alt || node.attribs.title || '');
      if (alt && [...alt].length <= MAX_LABEL_CHARS) labels.push({ text: alt, source: 'image-alt', element: node, judgement: judge() });
    }
    const tips = node.attribs['data-tips'] ?? node.attribs['data-tip'];
    if (tips) labels.push({ text: collapse(tips), source: 'attribute', element: node, judgement: judge() });
    const icon = [node.attribs.class ?? '', node.attribs.id ?? ''].find((n) => ICON_NAME.test(n));
    if (icon && !text && !node.children.some((c) => c.type === 'tag' || (c.type === 'text' && c.data.trim()))) {
      labels.push({ text: icon, source: 'class', element: node, judgement: judge() });
    }
  };
  const walk = (node: Element) => {
    for (const child of node.children) {
      if (child.type !== 'tag' || SKIPPED.has(child.name) || skip(child)) continue;
      visit(child);
      walk(child);
    }
  };
  walk(root);
  return labels;
}

/** The last steps of an element's place in the markup, as an inspector finds it in the captured page: "li.item > span.tag". */
export function markupPath(el: Element, steps = 4): string {
  const path: string[] = [];
  for (let cur: AnyNode | null = el; cur && cur.type === 'tag' && path.length < steps; cur = cur.parent) {
    path.unshift([cur.name, ...(cur.attribs.class ?? '').split(/\s+/).filter(Boolean).slice(0, 2)].join('.'));
  }
  return path.join(' > ');
}

function attributesOf(el: Element): string[] {
  const out: string[] = [];
  const visit = (node: AnyNode) => {
    if (node.type !== 'tag') return;
    for (const [name, value] of Object.entries(node.attribs)) {
      if (name === 'class' || name === 'id' || name === 'onclick' || name.startsWith('data-')) out.push(`${name}=${value}`);
    }
    node.children.forEach(visit);
  };
  visit(el);
  return out;
}

const HEADING = /^h[1-6]$/;

/** A link inside a heading, or holding one: the card's heading names what it lists (a merchant above its deals). */
function inHeading(a: Element): boolean {
  for (let cur: AnyNode | null = a.parent; cur && cur.type === 'tag'; cur = cur.parent) if (HEADING.test(cur.name)) return true;
  const holds = (node: Element): boolean => node.children.some((c) => c.type === 'tag' && (HEADING.test(c.name) || holds(c)));
  return holds(a);
}

/**
 * Where a card sits on the page, for its evidence: its own box, or, for a container the annotation
 * skipped (no text of its own), the union of its rendered descendants' boxes.
 */
function cardBoxOf($: CheerioAPI, el: Element): Box | null {
  const rendered = (e: Element) => (e.attribs[ANNOTATION.hidden] === undefined ? renderingOf($, e).box : null);
  if (el.attribs[ANNOTATION.box] !== undefined) return rendered(el);
  const boxes = $(el)
    .find(`[${ANNOTATION.box}]`)
    .toArray()
    .map(rendered)
    .filter((b): b is Box => b !== null && b.width > 0 && b.height > 0);
  if (!boxes.length) return null;
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  return { x, y, width: Math.max(...boxes.map((b) => b.x + b.width)) - x, height: Math.max(...boxes.map((b) => b.y + b.height)) - y };
}

function itemOf($: CheerioAPI, el: Element, rank: number, zone: number, baseUrl: string): ListingItem {
  const card = $(el);
  const box = renderingOf($, el).box;
  const anchors = card
    .find('a[href]')
    .toArray()
    .map((a) => ({ a, url: resolveHref(a.attribs.href, baseUrl), text: collapse($(a).text()) || collapse(a.attribs.title ?? '') }));
  // The main link: the heading's, else the longest-worded (the title outwords the shop name and badges).
  const byLength = [...anchors].sort((x, y) => y.text.length - x.text.length);
  const titled = byLength.find((x) => x.text && inHeading(x.a)) ?? byLength[0];
  const price = PRICE.exec(scan(el).text)?.[0]?.replace(/\s+/g, '') ?? null;
  const titleNodes = new Set<Element>(titled ? [titled.a, ...$(titled.a).find('*').toArray()] : []);
  const main = titled?.url ?? null;
  const offers = anchors.flatMap((x) => {
    const price = PRICE.exec(`${scan(x.a).text} ${x.a.attribs.title ?? ''}`)?.[0]?.replace(/\s+/g, '');
    return x.url && price && !(main && samePage(x.url, main)) ? [{ url: x.url, title: x.text, price }] : [];
  });
  return {
    rank,
    zone,
    element: el,
    box: cardBoxOf($, el),
    url: main,
    title: titled?.text ?? '',
    price,
    labels: labelsWithin($, el, box ?? undefined, (n) => titleNodes.has(n)),
    links: anchors.map((x) => x.url).filter((u): u is string => u !== null),
    offers: [...new Map(offers.map((o) => [o.url, o])).values()],
    attributes: attributesOf(el),
  };
}

interface Container {
  parent: Element;
  items: Element[];
}

/** Whether `host` has, outside the items of the lists nested in it, a link of its own and a price of its own. */
function cardOutside(host: Element, nestedItems: ReadonlySet<Element>): boolean {
  let link = false;
  const text: string[] = [];
  const walk = (node: Element) => {
    for (const c of node.children) {
      if (c.type === 'text') text.push(c.data);
      if (c.type !== 'tag' || nestedItems.has(c) || SKIPPED.has(c.name)) continue;
      if (c.name === 'a' && c.attribs.href) link = true;
      walk(c);
    }
  };
  walk(host);
  return link && PRICE.test(text.join(' '));
}

/**
 * A list of lists (rows of cards, a flash sale's brand sessions) repeats with links and prices
 * too, and so does a sub-list inside a card (a merchant's deals under its name and 人均 price).
 * Where lists nest, an outer item without both a link and a price of its own outside the inner
 * list is a row (a session's header links 进入专场 but prices nothing); an outer list of which
 * at least half the items are rows is a list of lists, and its inner lists are the results.
 * Otherwise the inner lists are parts of their cards. Linear in items × depth.
 */
function resultLists(containers: Container[]): Container[] {
  const owner = new Map<Element, number>();
  containers.forEach((c, i) => c.items.forEach((item) => owner.set(item, i)));
  const nestedItems = new Map<Element, Set<Element>>();
  const nestedIn = containers.map((c, i) => {
    for (let cur: AnyNode | null = c.parent; cur; cur = cur.parent) {
      const o = cur.type === 'tag' ? owner.get(cur) : undefined;
      if (o !== undefined && o !== i) {
        const set = nestedItems.get(cur as Element) ?? new Set<Element>();
        c.items.forEach((item) => set.add(item));
        nestedItems.set(cur as Element, set);
        return o;
      }
    }
    return null;
  });
  const listOfLists = containers.map((c) => {
    const rows = c.items.filter((item) => {
      const inner = nestedItems.get(item);
      return inner !== undefined && !cardOutside(item, inner);
    });
    return rows.length * 2 >= c.items.length;
  });
  const lists = containers.filter((_, i) => !listOfLists[i] && (nestedIn[i] === null || listOfLists[nestedIn[i]!]));
  // A row of a list of lists too short to be a list of its own (a grid's last row, a session of
  // one card) still holds results: its cards.
  const shortRows = containers.flatMap((c, i) => {
    if (!listOfLists[i]) return [];
    const cards = c.items.filter((item) => !nestedItems.has(item)).flatMap((row) => cardsIn(row));
    return cards.length ? [{ parent: c.parent, items: cards }] : [];
  });
  return [...lists, ...shortRows];
}

/** The cards of a short row: its items, past wrappers of one; the row itself when nothing in it is a card. */
function cardsIn(row: Element): Element[] {
  const items = row.children.filter((c): c is Element => c.type === 'tag' && !SKIPPED.has(c.name) && isItem(c));
  if (items.length === 1) return cardsIn(items[0]!);
  return items.length ? items : [row];
}

/** The result lists of a page, in document order, each with its items and zone-wide labels. */
export function listingZones($: CheerioAPI, baseUrl: string): ListingZone[] {
  const containers: Container[] = [];
  const body = $('body')[0];
  const walk = (parent: Element) => {
    const byTag = new Map<string, Element[]>();
    for (const child of parent.children) {
      if (child.type !== 'tag' || SKIPPED.has(child.name)) continue;
      const group = byTag.get(child.name);
      if (group) group.push(child);
      else byTag.set(child.name, [child]);
      walk(child);
    }
    for (const siblings of byTag.values()) {
      if (siblings.length < MIN_ITEMS) continue;
      const items = siblings.filter(isItem);
      if (items.length >= MIN_ITEMS) containers.push({ parent, items });
    }
  };
  if (body) walk(body);
  // the walk finishes a parent after its children: document order is by the first item
  const order = new Map<AnyNode, number>();
  $('body *').each((i, el) => void order.set(el, i));
  const lists = resultLists(containers).sort((a, b) => order.get(a.items[0]!)! - order.get(b.items[0]!)!);

  // Which zones each ancestor holds, so a zone's heading is looked for only in blocks of its own.
  const itemSet = new Set<Element>(lists.flatMap((c) => c.items));
  const zonesUnder = new Map<AnyNode, Set<number>>();
  lists.forEach((c, i) => {
    for (let cur: AnyNode | null = c.parent; cur; cur = cur.parent) {
      const set = zonesUnder.get(cur) ?? new Set<number>();
      set.add(i);
      zonesUnder.set(cur, set);
    }
  });
  return lists.map((c, index) => {
    let holder = c.parent;
    for (let level = 0; level < HOLDER_LEVELS; level++) {
      const up = holder.parent;
      if (!up || up.type !== 'tag' || up.name === 'body' || up.name === 'html' || zonesUnder.get(up)!.size > 1) break;
      holder = up;
    }
    const box = renderingOf($, holder).box ?? undefined;
    return {
      index,
      element: c.parent,
      items: c.items.map((el, i) => itemOf($, el, i + 1, index, baseUrl)),
      labels: labelsWithin($, holder, box, (n) => itemSet.has(n)),
    };
  });
}
