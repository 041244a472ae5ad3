/**
 * Notes master repairs (pptxgenjs 4.0.1, #1443 and #1449 "defect 5").
 *
 * pptxgenjs relates its notes master to theme1.xml, the slide master's theme, where PowerPoint
 * writes a theme per master (#1449); and PowerPoint's repair of a pptxgenjs deck empties the notes
 * master's shape tree (#1443). Which of the two triggers the repair is not known, so both are
 * undone: the notes master gets a copy of the theme, and its placeholders are removed as the repair
 * removes them. Their positions are first copied onto the notes slides' placeholders, which
 * pptxgenjs writes with an empty p:spPr to inherit them, so notes pages keep their layout.
 */
import { applyEdits, attributeValue, childElements, type Edit, findElements, type Span } from './xml.js';
import { type PptxPackage, plural, relativeTarget, relsPartOf, summarize } from './package.js';
import type { Repair } from './repair.js';

const THEME_REL = '/relationships/theme';
const NOTES_MASTER_REL = '/relationships/notesMaster';
const SLIDE_MASTER = /^ppt\/slideMasters\/slideMaster\d+\.xml$/;
const OTHER_MASTER = /^ppt\/(notesMasters\/notesMaster|handoutMasters\/handoutMaster)\d+\.xml$/;
const NOTES_MASTER = /^ppt\/notesMasters\/notesMaster\d+\.xml$/;
const NOTES_SLIDE = /^ppt\/notesSlides\/notesSlide\d+\.xml$/;

function themeOf(pkg: PptxPackage, master: string) {
  return pkg.relationships(master, THEME_REL).find((rel) => !rel.external);
}

function nextThemePart(pkg: PptxPackage): string {
  const numbers = pkg.names().map((name) => /^ppt\/theme\/theme(\d+)\.xml$/.exec(name)?.[1]).filter((n) => n !== undefined).map(Number);
  return `ppt/theme/theme${Math.max(0, ...numbers) + 1}.xml`;
}

function retarget(pkg: PptxPackage, source: string, id: string, part: string): void {
  const relsName = relsPartOf(source);
  const xml = pkg.text(relsName);
  const rel = findElements(xml, 'Relationship').find((span) => attributeValue(xml, span, 'Id') === id);
  if (!rel) return;
  const head = xml.slice(rel.start, rel.openEnd).replace(/Target="[^"]*"/, `Target="${relativeTarget(source, part)}"`);
  pkg.setText(relsName, xml.slice(0, rel.start) + head + xml.slice(rel.openEnd));
}

function copyTheme(pkg: PptxPackage, theme: string): string {
  const copy = nextThemePart(pkg);
  pkg.setBytes(copy, pkg.data(theme));
  // Theme rels targets are relative to ppt/theme/, so the copy's rels can be copied verbatim.
  if (pkg.has(relsPartOf(theme))) pkg.setBytes(relsPartOf(copy), pkg.data(relsPartOf(theme)));
  return copy;
}

/** Every notes/handout master gets a theme no other master uses. */
function giveMastersOwnThemes(pkg: PptxPackage): void {
  const claimed = new Set(pkg.names().filter((name) => SLIDE_MASTER.test(name)).flatMap((master) => themeOf(pkg, master)?.part ?? []));
  const moved: string[] = [];
  for (const master of pkg.names().filter((name) => OTHER_MASTER.test(name))) {
    const theme = themeOf(pkg, master);
    if (!theme || !pkg.has(theme.part)) continue;
    if (!claimed.has(theme.part)) {
      claimed.add(theme.part);
      continue;
    }
    const copy = copyTheme(pkg, theme.part);
    retarget(pkg, master, theme.id, copy);
    claimed.add(copy);
    moved.push(`${master} → ${copy}`);
  }
  if (moved.length > 0) pkg.note(`gave ${plural(moved.length, 'master')} a theme of its own instead of the slide master's (pptxgenjs #1449): ${summarize(moved)}`);
}

function placeholderType(xml: string, sp: Span): string | undefined {
  const ph = findElements(xml, 'p:ph', sp.start, sp.end)[0];
  return ph ? (attributeValue(xml, ph, 'type') ?? 'obj') : undefined;
}

/** Removes the master's placeholder shapes; returns each placeholder type's a:xfrm. */
function stripPlaceholders(pkg: PptxPackage, master: string): Map<string, string> | undefined {
  const xml = pkg.text(master);
  const tree = findElements(xml, 'p:spTree')[0];
  if (!tree) return undefined;
  const geometry = new Map<string, string>();
  const edits: Edit[] = [];
  for (const sp of childElements(xml, tree).filter((child) => child.name === 'p:sp')) {
    const type = placeholderType(xml, sp);
    if (type === undefined) continue;
    const xfrm = findElements(xml, 'a:xfrm', sp.start, sp.end)[0];
    if (xfrm && !geometry.has(type)) geometry.set(type, xml.slice(xfrm.start, xfrm.end));
    edits.push({ start: sp.start, end: sp.end, text: '' });
  }
  if (edits.length === 0) return undefined;
  pkg.setText(master, applyEdits(xml, edits));
  return geometry;
}

/** Gives placeholders that carried no geometry of their own the position they inherited. */
function pinPlaceholders(xml: string, geometry: Map<string, string>): { xml: string; count: number } {
  const edits: Edit[] = [];
  for (const sp of findElements(xml, 'p:sp')) {
    const type = placeholderType(xml, sp);
    const xfrm = type === undefined ? undefined : geometry.get(type);
    const spPr = xfrm ? childElements(xml, sp).find((child) => child.name === 'p:spPr') : undefined;
    if (!xfrm || !spPr) continue;
    if (spPr.selfClosing) edits.push({ start: spPr.start, end: spPr.end, text: `<p:spPr>${xfrm}</p:spPr>` });
    else if (!childElements(xml, spPr).some((child) => child.name === 'a:xfrm')) edits.push({ start: spPr.openEnd, end: spPr.openEnd, text: xfrm });
  }
  return { xml: applyEdits(xml, edits), count: edits.length };
}

/** The notes slides of each notes master, from one read of every notes slide's relationships. */
function notesSlidesByMaster(pkg: PptxPackage): Map<string, string[]> {
  const byMaster = new Map<string, string[]>();
  for (const name of pkg.names()) {
    if (!NOTES_SLIDE.test(name)) continue;
    // one notes master per notes slide in practice; a slide naming several is pinned by each
    const masters = new Set(pkg.relationships(name, NOTES_MASTER_REL).map((rel) => rel.part));
    for (const master of masters) (byMaster.get(master) ?? byMaster.set(master, []).get(master)!).push(name);
  }
  return byMaster;
}

function emptyNotesMasters(pkg: PptxPackage): void {
  let slidesOf: Map<string, string[]> | undefined;
  for (const master of pkg.names().filter((name) => NOTES_MASTER.test(name))) {
    const geometry = stripPlaceholders(pkg, master);
    if (!geometry) continue;
    slidesOf ??= notesSlidesByMaster(pkg);
    let pinned = 0;
    for (const slide of slidesOf.get(master) ?? []) {
      const result = pinPlaceholders(pkg.text(slide), geometry);
      if (result.count === 0) continue;
      pkg.setText(slide, result.xml);
      pinned += result.count;
    }
    pkg.note(`${master}: removed the placeholders PowerPoint strips on repair (pptxgenjs #1443); copied their positions onto ${plural(pinned, 'notes-slide placeholder')}`);
  }
}

/** Both work across parts (a master and its notes slides, a theme and its copy): before the part pass. */
export function notesMasterRepair(): Repair {
  return {
    name: 'notes master: own theme, no placeholders (pptxgenjs #1443, #1449)',
    before: ({ pkg }) => {
      giveMastersOwnThemes(pkg);
      emptyNotesMasters(pkg);
    },
  };
}
