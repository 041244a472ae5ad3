/**
 * Building a deck on a PowerPoint file's own masters and layouts. pptxgenjs 4.0.1 cannot open a
 * package (it has no way to start from a template file), so it writes the slides (on no master of the file's) and this step grafts the file in:
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
 *
 * It runs first, in `before`: the parts it copies in are then frozen (ctx.frozen), so that no
 * repair of pptxgenjs's defects touches the file's own masters, layouts or themes.
 */
import { readFileSync } from 'node:fs';
import type { Deck, PlaceholderRef, Slide, TextShape } from '../../../deck/types.js';
import { openPackage } from '../../../ooxml/package.js';
import { graftPlan } from '../../../ooxml/presentation.js';
import { type PptxPackage, relativeTarget, relsPartOf, resolveTarget } from './package.js';
import type { FixupContext, FixupOptions, Repair } from './repair.js';

const PRESENTATION = 'ppt/presentation.xml';
const CONTENT_TYPES = '[Content_Types].xml';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** Roles of the text shapes brief lays out that go into a layout placeholder: which one, and which body. */
const ROLE_TO_PLACEHOLDER: Record<string, ['title' | 'subtitle' | 'body', number]> = { title: ['title', 0], subtitle: ['subtitle', 0], body: ['body', 0], agenda: ['body', 0], 'column-1': ['body', 0], 'column-2': ['body', 1] };

export function graftRepair(options: FixupOptions): Repair | undefined {
  const deck = options.graft;
  if (!deck?.base) return undefined;
  return { name: "the template file's masters and layouts", before: (ctx) => graft(ctx, deck, options.eastAsianFont) };
}

function graft(ctx: FixupContext, deck: Pick<Deck, 'slides' | 'base'>, eastAsianFont: string | undefined): void {
  const { pkg } = ctx;
  const base = deck.base!;
  const file = openPackage(readFileSync(base.file));
  // read with the template and cached with it; read here when the Deck comes without it
  const model = base.plan ?? graftPlan(file);

  // 1. What pptxgenjs wrote for its own masters goes: masters, layouts and the masters' themes.
  const ownMasters = pkg.names().filter((p) => /^ppt\/slideMasters\/[^/]+\.xml$/.test(p));
  const ownThemes = new Set(ownMasters.flatMap((m) => pkg.relationships(m).filter((r) => r.type.endsWith('/theme') && !r.external).map((r) => r.part)));
  for (const name of pkg.names()) {
    if (/^ppt\/(slideMasters|slideLayouts)\//.test(name) || ownThemes.has(name) || [...ownThemes].some((t) => name === relsPartOf(t))) pkg.remove(name);
  }

  // 2. The file's masters with everything they reach (layouts, themes, media), byte for byte.
  const copied = new Set(model.parts);
  const renamed = new Map<string, string>();
  for (const part of copied) if (pkg.has(part)) renamed.set(part, freeName(part, (n) => pkg.has(n) || copied.has(n)));
  for (const [from, to] of renamed) {
    pkg.setBytes(to, pkg.data(from));
    pkg.remove(from);
    if (pkg.has(relsPartOf(from))) {
      pkg.setBytes(relsPartOf(to), pkg.data(relsPartOf(from)));
      pkg.remove(relsPartOf(from));
    }
  }
  if (renamed.size) retarget(pkg, renamed);
  for (const part of copied) {
    const bytes = file.bytes(part)!;
    pkg.setBytes(part, bytes);
    ctx.frozen.add(part);
    // as the file deflated it: a designed template's layouts and pictures are not deflated again
    const stored = file.compressed(part);
    if (stored) ctx.deflated.set(part, { content: bytes, ...stored });
  }
  pkg.note(`grafted ${model.masters.length} slide master(s) with ${[...copied].filter((p) => /^ppt\/slideLayouts\/[^/]+\.xml$/.test(p)).length} layouts of the template file`);

  // 3. Slides onto the file's layouts.
  deck.slides.forEach((slide, i) => {
    const part = `ppt/slides/slide${i + 1}.xml`;
    const layout = base.layouts[slide.layout] ?? base.layouts['bullets'];
    if (!layout || !pkg.has(part)) return;
    const relsName = relsPartOf(part);
    const target = relativeTarget(part, layout.part);
    pkg.setText(relsName, pkg.text(relsName).replace(/(<Relationship\b[^>]*Type="[^"]*\/slideLayout"[^>]*Target=")[^"]*(")/, `$1${target}$2`).replace(/(<Relationship\b[^>]*Target=")[^"]*("[^>]*Type="[^"]*\/slideLayout")/, `$1${target}$2`));
    pkg.setText(part, slideOnLayout(pkg.text(part), slide, layout, base, i + 1));
  });

  // 4. presentation.xml: the file's masters (their ids kept) and slide size.
  const presRels = relsPartOf(PRESENTATION);
  let rels = pkg.text(presRels).replace(/<Relationship\b[^>]*Type="[^"]*\/slideMaster"[^>]*\/>/g, '');
  const masterIds = model.masters.map((m, k) => {
    rels = rels.replace('</Relationships>', `<Relationship Id="rIdBaseMaster${k + 1}" Type="${REL_NS}/slideMaster" Target="${relativeTarget(PRESENTATION, m.part)}"/></Relationships>`);
    return `<p:sldMasterId id="${m.id}" r:id="rIdBaseMaster${k + 1}"/>`;
  });
  rels = rels.replace(/(<Relationship\b[^>]*Type="[^"]*\/theme"[^>]*Target=")[^"]*(")/, `$1${relativeTarget(PRESENTATION, model.masters[0]!.theme.part)}$2`);
  pkg.setText(presRels, rels);
  let pres = pkg.text(PRESENTATION);
  pres = pres.replace(/<p:sldMasterIdLst>[\s\S]*?<\/p:sldMasterIdLst>/, `<p:sldMasterIdLst>${masterIds.join('')}</p:sldMasterIdLst>`);
  pres = pres.replace(/<p:sldSz\b[^>]*\/>/, `<p:sldSz cx="${model.slide.cx}" cy="${model.slide.cy}"/>`);
  pkg.setText(PRESENTATION, pres);

  // 5. The file's themes only gain what they lack: an East Asian face where theirs is empty.
  if (eastAsianFont) {
    const face = eastAsianFont.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
    for (const part of copied) {
      if (!/^ppt\/theme\/[^/]+\.xml$/.test(part)) continue;
      const xml = pkg.text(part);
      const filled = xml.replace(/(<a:(?:majorFont|minorFont)>(?:(?!<\/a:(?:majorFont|minorFont)>)[\s\S])*?<a:ea\s+typeface=)""/g, `$1"${face}"`);
      if (filled !== xml) {
        pkg.setText(part, filled);
        pkg.note(`${part}: set the empty East Asian typeface to "${eastAsianFont}"`);
      }
    }
  }

  // 6. Content types of what came in, as the file declares them (the content-types repair adds the rest).
  pkg.setText(CONTENT_TYPES, contentTypes(pkg, model.contentTypes, copied));
}

function freeName(part: string, taken: (name: string) => boolean): string {
  const dot = part.lastIndexOf('.');
  for (let n = 1; ; n++) {
    const candidate = `${part.slice(0, dot)}_brief${n}${part.slice(dot)}`;
    if (!taken(candidate)) return candidate;
  }
}

/** Points every deck relationship at a renamed part's new name. */
function retarget(pkg: PptxPackage, renamed: Map<string, string>): void {
  for (const name of pkg.names()) {
    if (!name.endsWith('.rels')) continue;
    const source = name.replace(/_rels\/([^/]+)\.rels$/, '$1');
    const xml = pkg.text(name);
    const fixed = xml.replace(/(<Relationship\b[^>]*Target=")([^"]*)(")/g, (all, head: string, target: string, tail: string) => {
      const to = renamed.get(resolveTarget(source, target));
      return to ? `${head}${relativeTarget(source, to)}${tail}` : all;
    });
    if (fixed !== xml) pkg.setText(name, fixed);
  }
}

function phElement(ref: PlaceholderRef): string {
  const type = ref.typeWritten ? ` type="${ref.type}"` : '';
  const idx = ref.idx || !ref.typeWritten ? ` idx="${ref.idx}"` : '';
  return `<p:ph${type}${idx}/>`;
}

/** The slide's XML on `layout`: no background of its own, placeholders filled, footer placeholders added. */
function slideOnLayout(xml: string, slide: Slide, layout: NonNullable<Deck['base']>['layouts'][string], base: NonNullable<Deck['base']>, number: number): string {
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
  if (slide.kind !== 'title') out = out.replace('</p:spTree>', `${footerShapes(out, layout, base, number)}</p:spTree>`);
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

function footerShapes(xml: string, layout: NonNullable<Deck['base']>['layouts'][string], base: NonNullable<Deck['base']>, number: number): string {
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

function contentTypes(pkg: PptxPackage, declared: Readonly<Record<string, string>>, copied: Set<string>): string {
  const xml = pkg.text(CONTENT_TYPES);
  const defaults = new Map<string, string>();
  const overrides = new Map<string, string>();
  for (const m of xml.matchAll(/<Default\b[^>]*Extension="([^"]*)"[^>]*ContentType="([^"]*)"/g)) defaults.set(m[1]!.toLowerCase(), m[2]!);
  for (const m of xml.matchAll(/<Override\b[^>]*PartName="\/?([^"]*)"[^>]*ContentType="([^"]*)"/g)) if (pkg.has(m[1]!)) overrides.set(m[1]!, m[2]!);
  for (const part of pkg.names()) {
    if (part === CONTENT_TYPES || overrides.has(part)) continue;
    const ext = part.slice(part.lastIndexOf('.') + 1).toLowerCase();
    const fromFile = copied.has(part) ? declared[part] : undefined;
    if (fromFile && fromFile !== defaults.get(ext)) {
      if (!defaults.has(ext) && !/presentationml|officedocument\.theme|drawingml/.test(fromFile)) defaults.set(ext, fromFile);
      else overrides.set(part, fromFile);
    }
  }
  const d = [...defaults].map(([e, t]) => `<Default Extension="${e}" ContentType="${t}"/>`).join('');
  const o = [...overrides].map(([p, t]) => `<Override PartName="/${p}" ContentType="${t}"/>`).join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">${d}${o}</Types>`;
}

