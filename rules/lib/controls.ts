// The options a page lets a visitor switch on or off — checkboxes, radio buttons, ARIA switches and
// the custom option tiles a class marks as selected — each with the words it is labelled by and
// whether it is on. The state is read as the browser last showed it: the crawler's live
// annotation first (a script may have ticked a box without touching the HTML), then the HTML.
import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { ANNOTATION } from './rendered.js';
import { textOf } from './text.js';

export type ControlType = 'checkbox' | 'radio' | 'switch' | 'selected-tile';

/** Where a control's state was read. */
export type StateSource = 'live' | 'checked-attribute' | 'aria' | 'class';

export interface OptionControl {
  element: Element;
  type: ControlType;
  /** The words the control is labelled by (its label, own text, or the short text around it). */
  label: string;
  /** The element holding the label: where a notice beside the option is looked for. */
  labelElement: Element;
  on: boolean;
  /** Where `on` was read; null when nothing marks the control on. */
  stateFrom: StateSource | null;
}

/** Labels longer than this are a block of text, not the words of one option. */
const MAX_LABEL_CHARS = 80;
/** How far up from a bare box its label is looked for (box → its row → the row's group). */
const LABEL_LEVELS = 2;
const CHECKBOX_ROLES = new Set(['checkbox', 'menuitemcheckbox', 'option']);
/** A class token that marks a custom option tile as chosen: selected, is-checked, item-active, cur … */
const SELECTED_CLASS = /^(?:(?:is|item|z|j)-)?(?:selected|checked|active|on|cur|current)$|[-_](?:selected|checked|active)$/i;
const ARIA_ON = ['aria-checked', 'aria-selected', 'aria-pressed'] as const;

const roleOf = (el: Element) => (el.attribs.role ?? '').toLowerCase();

function typeOf(el: Element): ControlType | null {
  const role = roleOf(el);
  // <input type=checkbox role=switch> is drawn and announced as a switch
  if (role === 'switch') return 'switch';
  if (el.name === 'input') {
    const type = (el.attribs.type ?? '').toLowerCase();
    return type === 'checkbox' || type === 'radio' ? type : null;
  }
  if (role === 'radio' || role === 'menuitemradio') return 'radio';
  if (CHECKBOX_ROLES.has(role)) return 'checkbox';
  return null;
}

function stateOf(el: Element, type: ControlType): { on: boolean; stateFrom: StateSource | null } {
  const live = el.attribs[ANNOTATION.checked];
  if (live !== undefined) return { on: live === '1', stateFrom: 'live' };
  if (type === 'selected-tile') return { on: true, stateFrom: 'class' };
  if (el.name === 'input') return el.attribs.checked !== undefined ? { on: true, stateFrom: 'checked-attribute' } : { on: false, stateFrom: null };
  const aria = ARIA_ON.find((a) => el.attribs[a] !== undefined);
  if (aria) return { on: el.attribs[aria] === 'true', stateFrom: 'aria' };
  return hasSelectedClass(el) ? { on: true, stateFrom: 'class' } : { on: false, stateFrom: null };
}

const parentTag = (el: Element): Element | null => (el.parent?.type === 'tag' ? el.parent : null);

const hasSelectedClass = (el: Element) => (el.attribs.class ?? '').split(/\s+/).some((c) => SELECTED_CLASS.test(c));

function labelOf($: CheerioAPI, el: Element): { label: string; labelElement: Element } {
  const named = (el.attribs['aria-label'] ?? el.attribs.title ?? '').trim();
  if (named) return { label: named, labelElement: el };
  const id = el.attribs.id;
  const forId = id ? $.root().find('label').toArray().find((l) => l.attribs.for === id) : undefined;
  let wrapping = parentTag(el);
  while (wrapping && wrapping.name !== 'label') wrapping = parentTag(wrapping);
  for (const candidate of [forId, wrapping, el]) {
    const text = candidate ? textOf($(candidate)) : '';
    if (candidate && text && [...text].length <= MAX_LABEL_CHARS) return { label: text, labelElement: candidate };
  }
  let cur = parentTag(el);
  for (let level = 0; level < LABEL_LEVELS && cur; level++, cur = parentTag(cur)) {
    const text = textOf($(cur));
    if ([...text].length > MAX_LABEL_CHARS) break;
    if (text) return { label: text, labelElement: cur };
  }
  return { label: '', labelElement: el };
}

/** Every option control of a page, in document order. */
export function optionControls($: CheerioAPI): OptionControl[] {
  const boxes = new Set($.root().find('input, [role]').toArray().filter((el) => typeOf(el) !== null));
  // A tile marked selected by class counts once (not again for a selected part inside it), and
  // not when it wraps a real box (counted as such) or is page chrome (a menu's current tab).
  const tiles = new Set<Element>();
  const within = (el: Element, set: ReadonlySet<Element>) => {
    for (let cur = parentTag(el); cur; cur = parentTag(cur)) if (set.has(cur)) return true;
    return false;
  };
  for (const el of $.root().find('[class]').toArray()) {
    if (boxes.has(el) || !hasSelectedClass(el) || within(el, tiles) || $(el).parents('header, nav, footer').length) continue;
    if (!$(el).find('input, [role]').toArray().some((b) => boxes.has(b))) tiles.add(el);
  }
  const order = new Map<AnyNode, number>();
  $('*').each((i, el) => void order.set(el, i));
  return [...boxes, ...tiles]
    .sort((a, b) => order.get(a)! - order.get(b)!)
    .map((el) => {
      const type = typeOf(el) ?? 'selected-tile';
      return { element: el, type, ...labelOf($, el), ...stateOf(el, type) };
    });
}
