/**
 * Where the measurements of a template font come from. In order:
 * 1. a metric twin brief ships (Calibri ↔ Carlito, Arial ↔ Liberation Sans): exact, and the same
 *    on every machine;
 * 2. the font file itself, when this machine has the font (found through fontconfig);
 * 3. the metric twin of the font's class (serif, sans, mono, condensed) when this machine has one,
 *    else Liberation Sans, which brief ships.
 * Only the third is an approximation, and the only one layout warns about. Reading the file is
 * font-metrics.ts's business; this module only decides which file, so template/ can ask it about
 * the fonts of a PowerPoint theme too.
 */
import { execFileSync } from 'node:child_process';
import { cachedMatch } from './font-cache.js';

export type FontClass = 'serif' | 'sans' | 'mono' | 'condensed';

/** Families with an open twin of the same advance widths shipped in fonts/ (file stem prefix). */
export const SHIPPED_TWINS: Record<string, string> = {
  calibri: 'Carlito',
  carlito: 'Carlito',
  arial: 'LiberationSans',
  helvetica: 'LiberationSans',
  'helvetica neue': 'LiberationSans',
  arimo: 'LiberationSans',
  'liberation sans': 'LiberationSans',
};

/** The shipped face every font falls back to: wider than most sans faces, so text measured with it rarely overflows. */
export const FALLBACK_TWIN = 'LiberationSans';

/** Metric twins per class, by family name, looked up through fontconfig; the first found serves. */
const CLASS_TWINS: Record<FontClass, { family: string; of: string }[]> = {
  serif: [
    { family: 'Liberation Serif', of: 'Times New Roman' },
    { family: 'Tinos', of: 'Times New Roman' },
  ],
  sans: [],
  mono: [
    { family: 'Liberation Mono', of: 'Courier New' },
    { family: 'Cousine', of: 'Courier New' },
  ],
  condensed: [{ family: 'Liberation Sans Narrow', of: 'Arial Narrow' }],
};

const SERIF = /\b(serif|times|georgia|garamond|cambria|constantia|palatino|book antiqua|baskerville|bodoni|didot|minion|caslon|century|charter|merriweather|lora|playfair|pt serif|noto serif|source serif|batang|mincho|song|simsun|ming)\b/i;
const MONO = /\b(mono|consolas|courier|menlo|monaco|inconsolata|code|fira code|lucida console|andale)\b/i;
const CONDENSED = /\b(narrow|condensed|compressed|semicondensed|bahnschrift condensed|oswald|roboto condensed|arial narrow)\b/i;

/** The class of a font, guessed from its family name (sans unless the name says otherwise). */
export function fontClass(family: string): FontClass {
  const name = family.trim();
  if (MONO.test(name)) return 'mono';
  if (CONDENSED.test(name)) return 'condensed';
  if (/\bsans\b/i.test(name)) return 'sans';
  if (SERIF.test(name)) return 'serif';
  return 'sans';
}

export interface FontFile {
  file: string;
  /** PostScript name, to pick the face out of a collection (.ttc). */
  postscriptName?: string;
}

const found = new Map<string, FontFile | undefined>();

/** fontconfig's answer; `keep: false` when it failed for a passing reason (a timeout), not to be remembered. */
function askFontconfig(family: string, bold: boolean, italic: boolean): { answer: FontFile | undefined; keep: boolean } {
  try {
    const pattern = `${family.trim().replace(/([-:,\\])/g, '\\$1')}:weight=${bold ? 200 : 80}:slant=${italic ? 100 : 0}`;
    const out = execFileSync('fc-match', ['--format=%{file}\n%{family}\n%{postscriptname}', pattern], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 });
    const [file, families, postscriptName] = out.split('\n');
    // fc-match always answers, with a substitute when the family is missing: take only the family asked for.
    const names = (families ?? '').split(',').map((f) => f.trim().toLowerCase());
    if (file && /\.(ttf|otf|ttc)$/i.test(file) && names.includes(family.trim().toLowerCase())) return { answer: { file, ...(postscriptName ? { postscriptName } : {}) }, keep: true };
  } catch (e) {
    // no fontconfig (kept: the answer stays "none" until fontconfig's configuration appears), or it failed
    return { answer: undefined, keep: (e as NodeJS.ErrnoException).code === 'ENOENT' };
  }
  return { answer: undefined, keep: true };
}

/**
 * The file of this family in this style on this machine, through fontconfig's `fc-match`;
 * undefined when fontconfig is missing or only offers a substitute of another family.
 */
export function findFontFile(family: string, bold: boolean, italic: boolean): FontFile | undefined {
  const key = `${family.trim().toLowerCase()}|${bold}|${italic}`;
  if (found.has(key)) return found.get(key);
  // fontconfig answers in some tens of milliseconds a spawn: its answers are kept between builds (font-cache.ts)
  const result = cachedMatch(key, () => askFontconfig(family, bold, italic));
  found.set(key, result);
  return result;
}

export type FontSource =
  | { kind: 'shipped'; twin: string }
  | { kind: 'file'; file: FontFile }
  | { kind: 'class'; fontClass: FontClass; file?: FontFile; family: string; of?: string };

const sources = new Map<string, FontSource>();

/** How text in this family and style is measured (see the module comment for the order). */
export function fontSource(family: string, bold = false, italic = false): FontSource {
  const key = `${family.trim().toLowerCase()}|${bold}|${italic}`;
  const hit = sources.get(key);
  if (hit) return hit;
  let source: FontSource;
  const twin = SHIPPED_TWINS[family.trim().toLowerCase()];
  const own = twin ? undefined : findFontFile(family, bold, italic);
  if (twin) source = { kind: 'shipped', twin };
  else if (own) source = { kind: 'file', file: own };
  else {
    const cls = fontClass(family);
    source = { kind: 'class', fontClass: cls, family: 'Liberation Sans', of: 'Arial' };
    for (const candidate of CLASS_TWINS[cls]) {
      const file = findFontFile(candidate.family, bold, italic);
      if (file) {
        source = { kind: 'class', fontClass: cls, file, family: candidate.family, of: candidate.of };
        break;
      }
    }
  }
  sources.set(key, source);
  return source;
}

/** "Liberation Serif (the metrics of Times New Roman)": what a class twin is, for a warning. */
export function describeTwin(source: Extract<FontSource, { kind: 'class' }>): string {
  return source.of ? `${source.family} (the widths of ${source.of})` : source.family;
}
