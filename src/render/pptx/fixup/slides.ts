/**
 * Repairs inside the slide-like parts (slides, layouts, masters, notes) that pptxgenjs 4.0.1 writes
 * against the PresentationML schema: several a:pPr per paragraph, shapes without p:txBody (#1441),
 * backgrounds without a:effectLst (#1442), invalid preset names (#1449), hyperlinks to missing
 * relationships.
 */
import {
  applyEdits,
  attributes,
  attributeValue,
  childElements,
  type Edit,
  elementAt,
  findElements,
  nextStartTag,
  previousStartTag,
  serializeElement,
  type Span,
} from './xml.js';
import { type PptxPackage, plural } from './package.js';
import { type Repair, Tally } from './repair.js';

const SLIDE_LIKE = /^ppt\/(slides|slideLayouts|slideMasters|notesSlides|notesMasters|handoutMasters)\/[^/]+\.xml$/;

/**
 * CT_TextParagraphProperties children in schema order; members of one group exclude each other
 * (a paragraph has one bullet type, one bullet size, ...).
 */
const PPR_GROUPS = [
  ['a:lnSpc'],
  ['a:spcBef'],
  ['a:spcAft'],
  ['a:buClrTx', 'a:buClr'],
  ['a:buSzTx', 'a:buSzPct', 'a:buSzPts'],
  ['a:buFontTx', 'a:buFont'],
  ['a:buNone', 'a:buAutoNum', 'a:buChar', 'a:buBlip'],
  ['a:tabLst'],
  ['a:defRPr'],
  ['a:extLst'],
];
const BULLETS = new Set(['a:buAutoNum', 'a:buChar', 'a:buBlip']);

/** Preset names people (and pptxgenjs' docs) use that are not ST_ShapeType values (#1449). */
const PRESET_ALIASES: Record<string, string> = { oval: 'ellipse', roundedRectangle: 'roundRect', rectangle: 'rect' };

const EMPTY_TEXT_BODY = '<p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:endParaRPr lang="en-US"/></a:p></p:txBody>';

/** Bullet-bearing properties win; otherwise the first one does. */
function byPriority(pprs: Span[], childrenOf: Map<Span, Span[]>): Span[] {
  const withBullet = pprs.find((ppr) => childrenOf.get(ppr)!.some((child) => BULLETS.has(child.name)));
  return withBullet ? [withBullet, ...pprs.filter((ppr) => ppr !== withBullet)] : pprs;
}

/** Each grouped child name → its group's place in PPR_GROUPS. */
const GROUP_OF = new Map(PPR_GROUPS.flatMap((group, i) => group.map((name) => [name, i] as [string, number])));

function mergedParagraphProperties(xml: string, pprs: Span[]): string {
  const childrenOf = new Map(pprs.map((ppr) => [ppr, childElements(xml, ppr)]));
  const ranked = byPriority(pprs, childrenOf);
  const attrs = new Map<string, string>();
  for (const ppr of ranked) for (const [key, value] of attributes(xml, ppr)) if (!attrs.has(key)) attrs.set(key, value);
  // per group, the child of the highest-ranked a:pPr that has one
  const chosen: (Span | undefined)[] = new Array(PPR_GROUPS.length);
  for (const ppr of ranked) {
    for (const child of childrenOf.get(ppr)!) {
      const group = GROUP_OF.get(child.name);
      if (group !== undefined && chosen[group] === undefined) chosen[group] = child;
    }
  }
  let inner = '';
  for (const child of chosen) if (child) inner += xml.slice(child.start, child.end);
  for (const c of childrenOf.get(ranked[0]!)!) if (!GROUP_OF.has(c.name)) inner += xml.slice(c.start, c.end);
  return serializeElement('a:pPr', [...attrs], inner);
}

/** True when the a:pPr whose `<` is at `at` is the first child of an a:p (no other tag between). */
function leadsParagraph(xml: string, at: number): boolean {
  if (xml.charCodeAt(at - 1) !== 0x3e /* > */ || xml.charCodeAt(at - 2) === 0x2f /* / */) return false;
  const tag = xml.lastIndexOf('<', at - 1);
  return tag >= 0 && xml.startsWith('<a:p', tag) && previousStartTag(xml, 'a:p', at) === tag;
}

/**
 * The paragraphs with an a:pPr that is not their first child: a second one, or one after a run.
 * Found from the a:pPr elements, not by reading every paragraph: a slide holds hundreds of
 * paragraphs and a few, if any, need this repair. a:pPr occurs only as a child of a:p, and a:p
 * does not nest, so the a:p before an a:pPr is its paragraph.
 */
function paragraphsToMerge(xml: string): Span[] {
  const found: Span[] = [];
  let done = 0;
  for (let at = nextStartTag(xml, 'a:pPr', 0); at >= 0; at = nextStartTag(xml, 'a:pPr', at + 6)) {
    if (at < done || leadsParagraph(xml, at)) continue;
    const start = previousStartTag(xml, 'a:p', at);
    const p = start < 0 ? undefined : elementAt(xml, start);
    if (!p || p.selfClosing || p.closeStart <= at) continue;
    found.push(p);
    done = p.end;
  }
  return found;
}

/**
 * Defect: a bullet paragraph whose runs are bold/italic gets one a:pPr per run (the later ones
 * with buNone), which the schema forbids and which makes LibreOffice drop the bullet.
 */
export function mergeParagraphProperties(xml: string): { xml: string; count: number } {
  if (!xml.includes('<a:pPr')) return { xml, count: 0 };
  const edits: Edit[] = [];
  for (const p of paragraphsToMerge(xml)) {
    const children = childElements(xml, p);
    const pprs = children.filter((child) => child.name === 'a:pPr');
    if (pprs.length === 0 || (pprs.length === 1 && children[0] === pprs[0])) continue;
    const rest = children.filter((child) => child.name !== 'a:pPr').map((child) => xml.slice(child.start, child.end));
    edits.push({ start: p.openEnd, end: p.closeStart, text: mergedParagraphProperties(xml, pprs) + rest.join('') });
  }
  return { xml: applyEdits(xml, edits), count: edits.length };
}

function isSlideImagePlaceholder(xml: string, sp: Span): boolean {
  const ph = findElements(xml, 'p:ph', sp.start, sp.end)[0];
  return ph !== undefined && attributeValue(xml, ph, 'type') === 'sldImg';
}

/**
 * Start tags of the p:sp elements with no p:txBody. p:txBody only ever occurs as a child of p:sp
 * and p:sp does not nest, so a shape has one exactly when a p:txBody starts before the next p:sp
 * does: the shapes with text (most of them) are passed over without finding where they end.
 */
function shapesWithoutText(xml: string): number[] {
  const out: number[] = [];
  let text = nextStartTag(xml, 'p:txBody', 0);
  for (let at = nextStartTag(xml, 'p:sp', 0); at >= 0; ) {
    const next = nextStartTag(xml, 'p:sp', at + 5);
    while (text >= 0 && text < at) text = nextStartTag(xml, 'p:txBody', text + 9);
    if (text < 0 || (next >= 0 && text > next)) out.push(at);
    at = next;
  }
  return out;
}

/** pptxgenjs #1441: a shape without text gets no p:txBody; PowerPoint repairs every such shape. */
export function addMissingTextBodies(xml: string): { xml: string; count: number } {
  const edits: Edit[] = [];
  for (const start of shapesWithoutText(xml)) {
    const sp = elementAt(xml, start);
    if (sp.selfClosing) continue;
    const children = childElements(xml, sp);
    // PowerPoint itself writes slide-image placeholders (notes pages) without a text body.
    if (isSlideImagePlaceholder(xml, sp)) continue;
    const at = children.find((child) => child.name === 'p:extLst')?.start ?? sp.closeStart;
    edits.push({ start: at, end: at, text: EMPTY_TEXT_BODY });
  }
  return { xml: applyEdits(xml, edits), count: edits.length };
}

/** pptxgenjs #1442: a solid-colour background is written without a:effectLst. */
export function addBackgroundEffects(xml: string): { xml: string; count: number } {
  if (!xml.includes('<p:bgPr')) return { xml, count: 0 };
  const edits: Edit[] = [];
  for (const bgPr of findElements(xml, 'p:bgPr')) {
    if (bgPr.selfClosing) continue;
    const children = childElements(xml, bgPr);
    if (children.some((child) => child.name === 'a:effectLst' || child.name === 'a:effectDag')) continue;
    const at = children.find((child) => child.name === 'a:extLst')?.start ?? bgPr.closeStart;
    edits.push({ start: at, end: at, text: '<a:effectLst/>' });
  }
  return { xml: applyEdits(xml, edits), count: edits.length };
}

/** Any of the alias names: most slides have none, and are then left as they are without a rewrite. */
const PRESET_ALIAS = new RegExp(`<a:prstGeom\\s+prst="(?:${Object.keys(PRESET_ALIASES).join('|')})"`);

export function fixPresetAliases(xml: string): { xml: string; count: number } {
  if (!PRESET_ALIAS.test(xml)) return { xml, count: 0 };
  let count = 0;
  const fixed = xml.replace(/(<a:prstGeom\s+prst=")([A-Za-z]+)"/g, (match, head: string, name: string) => {
    const preset = PRESET_ALIASES[name];
    if (!preset) return match;
    count++;
    return `${head}${preset}"`;
  });
  return { xml: fixed, count };
}

/** pptxgenjs #1392-style hyperlinks whose r:id names no relationship (e.g. `rIdundefined`). */
export function dropDanglingHyperlinks(xml: string, relationshipIds: () => Set<string>): { xml: string; count: number } {
  if (!xml.includes('<a:hlink')) return { xml, count: 0 };
  const ids = relationshipIds();
  const edits: Edit[] = [];
  for (const name of ['a:hlinkClick', 'a:hlinkMouseOver']) {
    for (const link of findElements(xml, name)) {
      const id = attributeValue(xml, link, 'r:id');
      if (id && !ids.has(id)) edits.push({ start: link.start, end: link.end, text: '' });
    }
  }
  return { xml: applyEdits(xml, edits), count: edits.length };
}

type PartRepair = (xml: string, part: string, pkg: PptxPackage) => { xml: string; count: number };

export function slidePartsRepair(): Repair {
  const kinds: Array<{ tally: Tally; repair: PartRepair }> = [];
  const kind = (describe: (count: number) => string, repair: PartRepair) => kinds.push({ tally: new Tally(describe), repair });
  kind((n) => `merged the a:pPr elements of ${plural(n, 'paragraph')} into one, first`, mergeParagraphProperties);
  kind((n) => `added an empty p:txBody to ${plural(n, 'shape')} (pptxgenjs #1441)`, addMissingTextBodies);
  kind((n) => `added a:effectLst to ${plural(n, 'background')} (pptxgenjs #1442)`, addBackgroundEffects);
  kind((n) => `replaced ${plural(n, 'invalid preset geometry name')} (pptxgenjs #1449)`, fixPresetAliases);
  kind((n) => `removed ${plural(n, 'hyperlink')} naming a missing relationship`, (xml, part, pkg) => dropDanglingHyperlinks(xml, () => pkg.relationshipIds(part)));
  return {
    name: 'slide-like parts against the PresentationML schema',
    parts: SLIDE_LIKE,
    part: (xml, part, { pkg }) => {
      for (const { tally, repair } of kinds) {
        const result = repair(xml, part, pkg);
        if (result.count === 0) continue;
        xml = result.xml;
        tally.add(part, result.count);
      }
      return xml;
    },
    after: ({ pkg }) => {
      for (const { tally } of kinds) tally.report(pkg);
    },
  };
}
