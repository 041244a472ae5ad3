/**
 * Building a deck on a PowerPoint file's own masters and layouts. pptxgenjs cannot open a package,
 * so it writes the slides (on no master of the file's) and this step grafts the file in:
 * - the deck keeps only the file's slide masters, layouts, their themes and media, copied byte for
 *   byte (pptxgenjs's master and layouts are dropped; the file's example slides never come in);
 * - each slide's layout relationship points to the file layout its kind was given, its own
 *   background goes (the layout's shows), and its title, subtitle and body text boxes become that
 *   layout's placeholders (`p:ph` type/idx as the layout has them), inheriting its look: run-level
 *   sizes, colours and faces are dropped unless the text had to shrink, or the file states its look
 *   only on the prompt text (LibreOffice masters), where PowerPoint would not inherit it;
 * - the layout's footer, date and slide-number placeholders are filled (the number as a field);
 * - presentation.xml lists the file's masters (their ids kept) and takes its slide size; content
 *   types and relationships follow; a theme only gains what it lacks (an empty East Asian face).
 * Writing the slide parts ourselves would mean re-implementing pptxgenjs's charts and tables;
 * grafting keeps it the single writer of slide content.
 */
import { readFileSync } from 'node:fs';
import { unzipSync, zipSync, type Zippable } from 'fflate';
import type { Deck, PlaceholderRef, Slide, TextShape } from '../../deck/types.js';
import { type OoxmlPackage, openPackage, relsPartOf, resolveTarget } from '../../ooxml/package.js';
import { readPresentation } from '../../ooxml/presentation.js';

const PRESENTATION = 'ppt/presentation.xml';
const CONTENT_TYPES = '[Content_Types].xml';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const utf8 = new TextEncoder();
const text = new TextDecoder();

/** Roles of the text shapes brief lays out that go into a layout placeholder, by which one. */
const ROLE_TO_PLACEHOLDER: Record<string, ['title' | 'subtitle' | 'body', number]> = { title: ['title', 0], subtitle: ['subtitle', 0], body: ['body', 0], agenda: ['body', 0], 'column-1': ['body', 0], 'column-2': ['body', 1] };

export interface GraftOptions {
  eastAsianFont?: string;
  /** Receives a line per change, like the fix-up's repairs. */
  notes?: string[];
}

class Parts {
  readonly map: Map<string, Uint8Array>;
  constructor(entries: Record<string, Uint8Array>) {
    this.map = new Map(Object.entries(entries));
  }
  text(name: string): string {
    return text.decode(this.map.get(name)!);
  }
  setText(name: string, value: string): void {
    this.map.set(name, utf8.encode(value));
  }
}

export function graftBase(deckZip: Uint8Array, deck: Deck, options: GraftOptions = {}): Uint8Array {
  const base = deck.base!;
  const file = openPackage(readFileSync(base.file));
  const model = readPresentation(file);
  const parts = new Parts(unzipSync(deckZip));
  const notes = options.notes ?? [];

  // 1. What pptxgenjs wrote for its own masters goes: masters, layouts and the masters' themes.
  const ownMasters = [...parts.map.keys()].filter((p) => /^ppt\/slideMasters\/[^/]+\.xml$/.test(p));
  const ownThemes = new Set(ownMasters.flatMap((m) => relsOf(parts, m).filter((r) => r.type.endsWith('/theme')).map((r) => r.part)));
  for (const name of [...parts.map.keys()]) {
    if (/^ppt\/(slideMasters|slideLayouts)\//.test(name) || ownThemes.has(name) || [...ownThemes].some((t) => name === relsPartOf(t))) parts.map.delete(name);
  }

  // 2. The file's masters with everything they reach (layouts, themes, media), byte for byte.
  const copied = closure(file, model.masters.map((m) => m.part));
  const renamed = new Map<string, string>();
  for (const part of copied) {
    if (parts.map.has(part)) renamed.set(part, freeName(part, (n) => parts.map.has(n) || copied.has(n)));
  }
  for (const [from, to] of renamed) {
    parts.map.set(to, parts.map.get(from)!);
    parts.map.delete(from);
    if (parts.map.has(relsPartOf(from))) {
      parts.map.set(relsPartOf(to), parts.map.get(relsPartOf(from))!);
      parts.map.delete(relsPartOf(from));
    }
  }
  if (renamed.size) retarget(parts, renamed);
  for (const part of copied) parts.map.set(part, file.bytes(part)!);
  notes.push(`grafted ${model.masters.length} slide master(s) and ${model.masters.reduce((n, m) => n + m.layouts.length, 0)} layouts of ${base.file}`);

  // 3. Slides onto the file's layouts.
  deck.slides.forEach((slide, i) => {
    const part = `ppt/slides/slide${i + 1}.xml`;
    const layout = base.layouts[slide.layout] ?? base.layouts['bullets'];
    if (!layout || !parts.map.has(part)) return;
    const relsName = relsPartOf(part);
    const target = relativeTarget(part, layout.part);
    parts.setText(relsName, parts.text(relsName).replace(/(<Relationship\b[^>]*Type="[^"]*\/slideLayout"[^>]*Target=")[^"]*(")/, `$1${target}$2`).replace(/(<Relationship\b[^>]*Target=")[^"]*("[^>]*Type="[^"]*\/slideLayout")/, `$1${target}$2`));
    parts.setText(part, slideOnLayout(parts.text(part), slide, layout, base, i + 1, deck.slides.length));
  });

  // 4. presentation.xml: the file's masters and slide size.
  const presRels = relsPartOf(PRESENTATION);
  let rels = parts.text(presRels).replace(/<Relationship\b[^>]*Type="[^"]*\/slideMaster"[^>]*\/>/g, '');
  const masterIds = model.masters.map((m, k) => {
    rels = rels.replace('</Relationships>', `<Relationship Id="rIdBaseMaster${k + 1}" Type="${REL_NS}/slideMaster" Target="${relativeTarget(PRESENTATION, m.part)}"/></Relationships>`);
    return `<p:sldMasterId id="${m.id}" r:id="rIdBaseMaster${k + 1}"/>`;
  });
  const firstTheme = model.masters[0]!.theme.part;
  rels = rels.replace(/(<Relationship\b[^>]*Type="[^"]*\/theme"[^>]*Target=")[^"]*(")/, `$1${relativeTarget(PRESENTATION, firstTheme)}$2`);
  parts.setText(presRels, rels);
  let pres = parts.text(PRESENTATION);
  pres = pres.replace(/<p:sldMasterIdLst>[\s\S]*?<\/p:sldMasterIdLst>/, `<p:sldMasterIdLst>${masterIds.join('')}</p:sldMasterIdLst>`);
  pres = pres.replace(/<p:sldSz\b[^>]*\/>/, `<p:sldSz cx="${model.slide.cx}" cy="${model.slide.cy}"/>`);
  parts.setText(PRESENTATION, pres);

  // 5. Themes gain an East Asian face where they have none (nothing else of them changes).
  if (options.eastAsianFont) {
    const face = options.eastAsianFont.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
    for (const part of copied) {
      if (!/^ppt\/theme\/[^/]+\.xml$/.test(part)) continue;
      const xml = parts.text(part);
      const filled = xml.replace(/(<a:(?:majorFont|minorFont)>(?:(?!<\/a:(?:majorFont|minorFont)>)[\s\S])*?<a:ea\s+typeface=)""/g, `$1"${face}"`);
      if (filled !== xml) {
        parts.setText(part, filled);
        notes.push(`${part}: set the empty East Asian typeface to "${options.eastAsianFont}"`);
      }
    }
  }

  // 6. Content types for what came in and went.
  parts.setText(CONTENT_TYPES, contentTypes(parts, file, copied));
  return zip(parts);
}

/** Every part reachable from `roots` through internal relationships, with the .rels parts themselves. */
function closure(pkg: OoxmlPackage, roots: string[]): Set<string> {
  const out = new Set<string>();
  const queue = [...roots];
  while (queue.length) {
    const part = queue.pop()!;
    if (out.has(part) || !pkg.has(part)) continue;
    out.add(part);
    if (pkg.has(relsPartOf(part))) out.add(relsPartOf(part));
    for (const rel of pkg.rels(part)) {
      // Masters and layouts never lead to slides; a stray link to one must not bring the example slides in.
      if (rel.external || /\/(slide|notesSlide|notesMaster|handoutMaster)$/.test(rel.type)) continue;
      queue.push(rel.part);
    }
  }
  return out;
}

function relsOf(parts: Parts, source: string): { type: string; part: string }[] {
  const name = relsPartOf(source);
  if (!parts.map.has(name)) return [];
  const out: { type: string; part: string }[] = [];
  for (const m of parts.text(name).matchAll(/<Relationship\b([^>]*)\/?>/g)) {
    const attrs = m[1]!;
    const type = /Type="([^"]*)"/.exec(attrs)?.[1] ?? '';
    const target = /Target="([^"]*)"/.exec(attrs)?.[1] ?? '';
    if (/TargetMode="External"/.test(attrs)) continue;
    out.push({ type, part: resolveTarget(source, target) });
  }
  return out;
}

function freeName(part: string, taken: (name: string) => boolean): string {
  const dot = part.lastIndexOf('.');
  for (let n = 1; ; n++) {
    const candidate = `${part.slice(0, dot)}_brief${n}${part.slice(dot)}`;
    if (!taken(candidate)) return candidate;
  }
}

/** Points every deck relationship at a renamed part's new name. */
function retarget(parts: Parts, renamed: Map<string, string>): void {
  for (const name of [...parts.map.keys()]) {
    if (!name.endsWith('.rels')) continue;
    const source = name.replace(/_rels\/([^/]+)\.rels$/, '$1');
    const xml = parts.text(name);
    const fixed = xml.replace(/(<Relationship\b[^>]*Target=")([^"]*)(")/g, (all, head: string, target: string, tail: string) => {
      const to = renamed.get(resolveTarget(source, target));
      return to ? `${head}${relativeTarget(source, to)}${tail}` : all;
    });
    if (fixed !== xml) parts.setText(name, fixed);
  }
}

export function relativeTarget(source: string, part: string): string {
  const from = source.split('/').slice(0, -1);
  const to = part.split('/');
  let common = 0;
  while (common < from.length && common < to.length - 1 && from[common] === to[common]) common++;
  return [...Array(from.length - common).fill('..'), ...to.slice(common)].join('/');
}

function phElement(ref: PlaceholderRef): string {
  const type = ref.typeWritten ? ` type="${ref.type}"` : '';
  const idx = ref.idx || !ref.typeWritten ? ` idx="${ref.idx}"` : '';
  return `<p:ph${type}${idx}/>`;
}

/** The slide's XML on `layout`: no background of its own, placeholders filled, footer placeholders added. */
function slideOnLayout(xml: string, slide: Slide, layout: NonNullable<Deck['base']>['layouts'][string], base: NonNullable<Deck['base']>, number: number, count: number): string {
  let out = xml.replace(/<p:bg>[\s\S]*?<\/p:bg>/, '');
  const texts = new Map<string, TextShape[]>();
  for (const s of slide.shapes) if (s.kind === 'text') texts.set(s.role, [...(texts.get(s.role) ?? []), s]);
  // Each placeholder of the layout takes one shape: the first of its role (a body that continues after a table stays a text box).
  const used = new Set<string>();
  out = out.replace(/<p:sp>([\s\S]*?)<\/p:sp>/g, (sp, inner: string) => {
    const name = /<p:cNvPr\b[^>]*\bname="([^"]*)"/.exec(inner)?.[1] ?? '';
    const [which, n] = ROLE_TO_PLACEHOLDER[name] ?? [];
    if (!which) return sp;
    const ref = which === 'title' ? layout.title : which === 'subtitle' ? (layout.subtitle ?? layout.bodies[0]) : layout.bodies[n ?? 0];
    if (!ref) return sp;
    const key = which === 'subtitle' && !layout.subtitle ? 'body0' : which === 'body' ? `body${n}` : which;
    if (used.has(key)) return sp;
    used.add(key);
    const shape = texts.get(name)?.shift();
    const shrunk = !!shape && ref.size !== undefined && shape.style.fontSize < ref.size - 0.01;
    let body = inner
      .replace(/<p:cNvSpPr\b[^>]*?(\/>|>[\s\S]*?<\/p:cNvSpPr>)/, '<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr>')
      .replace(/<p:nvPr\b[^>]*?(\/>|>[\s\S]*?<\/p:nvPr>)/, `<p:nvPr>${phElement(ref)}</p:nvPr>`);
    if (!ref.explicitLook && !shrunk) body = inheritLook(body, which !== 'body');
    return `<p:sp>${body}</p:sp>`;
  });
  if (slide.kind !== 'title') out = out.replace('</p:spTree>', `${footerShapes(out, layout, base, number, count)}</p:spTree>`);
  return out;
}

/** Drops what a placeholder would otherwise inherit: run sizes, colours and Latin faces, alignment. */
function inheritLook(sp: string, paragraphsToo: boolean): string {
  let out = sp.replace(/<a:rPr\b([^>]*?)(\/>|>([\s\S]*?)<\/a:rPr>)/g, (_all, attrs: string, _end: string, inner: string | undefined) => {
    const kept = attrs.replace(/\s(sz|b|i)="(0|[0-9]+)"/g, (a, k: string, v: string) => (k !== 'sz' && v !== '0' ? a : ''));
    const children = (inner ?? '').replace(/<a:solidFill>[\s\S]*?<\/a:solidFill>/g, '').replace(/<a:latin\b[^>]*\/>/g, '').replace(/<a:cs\b[^>]*\/>/g, '');
    return children ? `<a:rPr${kept}>${children}</a:rPr>` : `<a:rPr${kept}/>`;
  });
  out = out.replace(/<a:endParaRPr\b[^>]*?(\/>|>[\s\S]*?<\/a:endParaRPr>)/g, '<a:endParaRPr lang="en-US"/>');
  out = out.replace(/<a:bodyPr\b[^>]*?(\/>|>[\s\S]*?<\/a:bodyPr>)/, '<a:bodyPr/>');
  if (paragraphsToo) out = out.replace(/<a:pPr\b[^>]*?(\/>|>[\s\S]*?<\/a:pPr>)/g, '');
  else out = out.replace(/(<a:pPr\b[^>]*?)\salgn="[a-z]+"/g, '$1');
  return out;
}

function footerShapes(xml: string, layout: NonNullable<Deck['base']>['layouts'][string], base: NonNullable<Deck['base']>, number: number, _count: number): string {
  let id = Math.max(1, ...[...xml.matchAll(/<p:cNvPr\b[^>]*\bid="(\d+)"/g)].map((m) => Number(m[1])));
  const shape = (ref: PlaceholderRef, name: string, paragraph: string) =>
    `<p:sp><p:nvSpPr><p:cNvPr id="${++id}" name="${name}"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr>${phElement(ref)}</p:nvPr></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:lstStyle/>${paragraph}</p:txBody></p:sp>`;
  const run = (t: string) => `<a:p><a:r><a:rPr lang="en-US" dirty="0"/><a:t>${escapeXml(t)}</a:t></a:r></a:p>`;
  let out = '';
  if (layout.dt && base.date) out += shape(layout.dt, 'Date', run(base.date));
  if (layout.ftr && base.footer) out += shape(layout.ftr, 'Footer', run(base.footer));
  if (layout.sldNum) out += shape(layout.sldNum, 'Slide Number', `<a:p><a:fld id="{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}" type="slidenum"><a:rPr lang="en-US"/><a:t>${number}</a:t></a:fld></a:p>`);
  return out;
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function contentTypes(parts: Parts, file: OoxmlPackage, copied: Set<string>): string {
  const xml = parts.text(CONTENT_TYPES);
  const defaults = new Map<string, string>();
  const overrides = new Map<string, string>();
  for (const m of xml.matchAll(/<Default\b[^>]*Extension="([^"]*)"[^>]*ContentType="([^"]*)"/g)) defaults.set(m[1]!.toLowerCase(), m[2]!);
  for (const m of xml.matchAll(/<Override\b[^>]*PartName="\/?([^"]*)"[^>]*ContentType="([^"]*)"/g)) if (parts.map.has(m[1]!)) overrides.set(m[1]!, m[2]!);
  for (const part of parts.map.keys()) {
    if (part === CONTENT_TYPES || overrides.has(part)) continue;
    const ext = part.slice(part.lastIndexOf('.') + 1).toLowerCase();
    const fromFile = copied.has(part) ? file.contentType(part) : undefined;
    if (fromFile && fromFile !== defaults.get(ext)) {
      if (!defaults.has(ext) && !/presentationml|officedocument\.theme|drawingml/.test(fromFile)) defaults.set(ext, fromFile);
      else overrides.set(part, fromFile);
    } else if (!defaults.has(ext)) defaults.set(ext, 'application/octet-stream');
  }
  const d = [...defaults].map(([e, t]) => `<Default Extension="${e}" ContentType="${t}"/>`).join('');
  const o = [...overrides].map(([p, t]) => `<Override PartName="/${p}" ContentType="${t}"/>`).join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">${d}${o}</Types>`;
}

function zip(parts: Parts): Uint8Array {
  const entries: Zippable = {};
  entries[CONTENT_TYPES] = parts.map.get(CONTENT_TYPES)!;
  for (const [name, data] of parts.map) if (name !== CONTENT_TYPES) entries[name] = data;
  return zipSync(entries, { level: 6 });
}
