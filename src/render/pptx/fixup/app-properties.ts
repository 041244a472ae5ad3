/**
 * docProps/app.xml of a deck built on a PowerPoint file: pptxgenjs 4.0.1 writes its own parts list
 * (fonts "Arial" and "Calibri", one theme "Office Theme", and "Slide 1", "Slide 2"… as slide
 * titles), which after the graft (graft.ts) names none of the deck's real parts. PowerPoint shows
 * this list in File › Info and document managers index it. Here it is written from the deck: the
 * fonts its themes and text use, the theme of each of the file's slide masters, and each slide's
 * title, with the counts in HeadingPairs matching TitlesOfParts.
 */
import type { Deck, Paragraph, Shape } from '../../../deck/types.js';
import type { FixupOptions, Repair } from './repair.js';

const APP = 'docProps/app.xml';
const PRESENTATION = 'ppt/presentation.xml';

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const unescapeXml = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** What app.xml lists: fonts, then one theme per slide master, then slide titles. */
export interface PartsList {
  fonts: string[];
  themes: string[];
  titles: string[];
}

/** HeadingPairs and TitlesOfParts for `list`, as PowerPoint writes them. */
export function partsListXml(list: PartsList): { headingPairs: string; titlesOfParts: string } {
  const groups: [string, string[]][] = [
    ['Fonts Used', list.fonts],
    ['Theme', list.themes],
    ['Slide Titles', list.titles],
  ];
  const used = groups.filter(([, items]) => items.length > 0);
  const pairs = used.map(([name, items]) => `<vt:variant><vt:lpstr>${name}</vt:lpstr></vt:variant><vt:variant><vt:i4>${items.length}</vt:i4></vt:variant>`).join('');
  const titles = used.flatMap(([, items]) => items).map((t) => `<vt:lpstr>${escapeXml(t)}</vt:lpstr>`);
  return {
    headingPairs: `<HeadingPairs><vt:vector size="${used.length * 2}" baseType="variant">${pairs}</vt:vector></HeadingPairs>`,
    titlesOfParts: `<TitlesOfParts><vt:vector size="${titles.length}" baseType="lpstr">${titles.join('')}</vt:vector></TitlesOfParts>`,
  };
}

/** Typefaces the deck's text is set in (brief's own shapes: text, tables, charts), in first-use order. */
function deckFonts(slides: Deck['slides']): string[] {
  const faces: string[] = [];
  const add = (f: string | undefined) => {
    if (f && !faces.includes(f)) faces.push(f);
  };
  const eastAsian = (paragraphs: readonly Paragraph[]) => paragraphs.some((p) => p.runs.some((r) => r.lang));
  const visit = (shape: Shape) => {
    if (shape.kind === 'text' || shape.kind === 'table') {
      add(shape.style.fontFace);
      const paragraphs = shape.kind === 'text' ? shape.paragraphs : shape.rows.flat().flatMap((c) => c.paragraphs);
      if (eastAsian(paragraphs)) add(shape.style.eastAsianFontFace);
    } else if (shape.kind === 'chart') add(shape.chart.fontFace);
  };
  for (const slide of slides) for (const shape of slide.shapes) visit(shape);
  return faces;
}

export function appPropertiesRepair(options: FixupOptions): Repair | undefined {
  const deck = options.graft;
  if (!deck?.base) return undefined;
  return {
    name: "the deck's own parts in docProps/app.xml",
    after: ({ pkg }) => {
      if (!pkg.has(APP) || !pkg.has(PRESENTATION)) return;
      // The slide masters presentation.xml lists (the file's, after the graft), each with its theme.
      const masters = pkg.relationships(PRESENTATION).filter((r) => r.type.endsWith('/slideMaster'));
      const themeFonts: string[] = [];
      const themes = masters.map((m) => {
        const theme = pkg.relationships(m.part).find((r) => r.type.endsWith('/theme'));
        const xml = theme && pkg.has(theme.part) ? pkg.text(theme.part) : '';
        for (const font of ['majorFont', 'minorFont']) {
          const face = new RegExp(`<a:${font}>\\s*<a:latin\\b[^>]*\\btypeface="([^"]*)"`).exec(xml)?.[1];
          if (face && !themeFonts.includes(unescapeXml(face))) themeFonts.push(unescapeXml(face));
        }
        return unescapeXml(/<a:theme\b[^>]*\bname="([^"]*)"/.exec(xml)?.[1] ?? 'Theme');
      });
      const fonts = [...themeFonts, ...deckFonts(deck.slides).filter((f) => !themeFonts.includes(f))];
      const titles = deck.slides.map((s, i) => s.title ?? `Slide ${i + 1}`);
      const { headingPairs, titlesOfParts } = partsListXml({ fonts, themes, titles });
      const app = pkg.text(APP).replace(/<HeadingPairs>[\s\S]*?<\/HeadingPairs>/, headingPairs).replace(/<TitlesOfParts>[\s\S]*?<\/TitlesOfParts>/, titlesOfParts);
      if (app !== pkg.text(APP)) {
        pkg.setText(APP, app);
        pkg.note(`listed the deck's ${fonts.length} fonts, ${themes.length} themes and ${titles.length} slide titles in ${APP}`);
      }
    },
  };
}
