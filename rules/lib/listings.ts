// The result items of a search or listing page, found without per-site selectors: a list is a
// parent whose children of one tag repeat, each carrying a link and a price. For each item the
// rank, URL, title, price and every short label or badge (广告, 自营, 推广 …) with its rendering.
import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import type { Box } from '../types.js';
import { judgeProminence, renderingOf, type ProminenceJudgement } from './rendered.js';
import { resolveHref } from './urls.js';

export interface ListingLabel {
  /** The label's words: its text, or an icon's alt, title or data-tips. */
  text: string;
  source: 'text' | 'image-alt' | 'attribute';
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
  box: Box | null;
  /** The item's main link (its title link), absolute. */
  url: string | null;
  title: string;
  price: string | null;
  labels: ListingLabel[];
  /** Every link URL in the card, absolute: click-tracking URLs mark paid results. */
  links: string[];
  /** class, id and data-* attribute names and values of the card and its descendants. */
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
const MAX_LABEL_CHARS = 8;

const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();

function ownText(el: Element): string {
  return collapse(el.children.map((c) => (c.type === 'text' ? c.data : '')).join(''));
}

function isItem($: CheerioAPI, el: Element): boolean {
  const card = $(el);
  return card.find('a[href]').length > 0 && PRICE.test(card.text());
}

function labelsWithin($: CheerioAPI, root: Element, card: Box | undefined, skip: (el: Element) => boolean): ListingLabel[] {
  const labels: ListingLabel[] = [];
  $(root)
    .find('*')
    .each((_, node) => {
      if (node.type !== 'tag' || skip(node)) return;
      const text = ownText(node);
      const judge = () => judgeProminence($, node, card);
      if (text && [...text].length <= MAX_LABEL_CHARS && !PRICE.test(text) && !/^[\d.,%+\-/() ]+$/.test(text)) {
        labels.push({ text, source: 'text', element: node, judgement: judge() });
      } else if (node.name === 'img' && (node.attribs.alt || node.attribs.title)) {
        const alt = collapse(node.attribs.alt || node.attribs.title || '');
        if (alt && [...alt].length <= MAX_LABEL_CHARS) labels.push({ text: alt, source: 'image-alt', element: node, judgement: judge() });
      }
      const tips = node.attribs['data-tips'] ?? node.attribs['data-tip'];
      if (tips) labels.push({ text: collapse(tips), source: 'attribute', element: node, judgement: judge() });
    });
  return labels;
}

function attributesOf(el: Element): string[] {
  const out: string[] = [];
  const visit = (node: AnyNode) => {
    if (node.type !== 'tag') return;
    for (const [name, value] of Object.entries(node.attribs)) if (name === 'class' || name === 'id' || name.startsWith('data-')) out.push(`${name}=${value}`);
    node.children.forEach(visit);
  };
  visit(el);
  return out;
}

function itemOf($: CheerioAPI, el: Element, rank: number, zone: number, baseUrl: string): ListingItem {
  const card = $(el);
  const box = renderingOf($, el).box;
  const anchors = card.find('a[href]').toArray();
  const titled = anchors
    .map((a) => ({ a, text: collapse($(a).text()) || collapse(a.attribs.title ?? '') }))
    .sort((x, y) => y.text.length - x.text.length)[0];
  const title = titled?.text ?? '';
  const price = PRICE.exec(card.text())?.[0]?.replace(/\s+/g, '') ?? null;
  const titleNodes = new Set<Element>(titled ? [titled.a, ...$(titled.a).find('*').toArray()] : []);
  return {
    rank,
    zone,
    element: el,
    box,
    url: titled ? resolveHref(titled.a.attribs.href, baseUrl) : null,
    title,
    price,
    labels: labelsWithin($, el, box ?? undefined, (n) => titleNodes.has(n)),
    links: anchors.map((a) => resolveHref(a.attribs.href, baseUrl)).filter((u): u is string => u !== null),
    attributes: attributesOf(el),
  };
}

/** The result lists of a page, in document order, each with its items and zone-wide labels. */
export function listingZones($: CheerioAPI, baseUrl: string): ListingZone[] {
  const containers: { parent: Element; items: Element[] }[] = [];
  $('body *').each((_, parent) => {
    if (parent.type !== 'tag') return;
    const byTag = new Map<string, Element[]>();
    for (const child of parent.children) if (child.type === 'tag') byTag.set(child.name, [...(byTag.get(child.name) ?? []), child]);
    for (const siblings of byTag.values()) {
      const items = siblings.filter((s) => isItem($, s));
      if (items.length >= MIN_ITEMS) containers.push({ parent, items });
    }
  });
  // A list of lists (rows of cards) also repeats with links and prices: keep the innermost lists,
  // whose items each hold one price.
  const innermost = containers.filter((c) => !containers.some((o) => o !== c && o.items.some((i) => c.items.some((ci) => ci !== i && $(i).find(ci).length === 0 && $(ci).closest(i).length > 0))));
  const zones: ListingZone[] = [];
  for (const c of innermost) {
    const index = zones.length;
    const inItems = new Set<Element>(c.items.flatMap((i) => [i, ...$(i).find('*').toArray()]));
    const holder = c.parent.parent && c.parent.parent.type === 'tag' && c.parent.parent.name !== 'body' ? c.parent.parent : c.parent;
    const box = renderingOf($, holder).box ?? undefined;
    zones.push({
      index,
      element: c.parent,
      items: c.items.map((el, i) => itemOf($, el, i + 1, index, baseUrl)),
      labels: labelsWithin($, holder, box, (n) => inItems.has(n)),
    });
  }
  return zones;
}
