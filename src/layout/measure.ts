import type { Paragraph, TextRun, TextShape, TextStyle } from '../deck/types.js';
import { scriptOf } from '../text/script.js';
import { CJK_ADVANCE_EM, CJK_LINE_EM, EMOJI_ADVANCE_EM, MONO_ADVANCE_EM, MONO_LINE_EM, metricFace } from './font-metrics.js';

/**
 * Text is measured the way PowerPoint sets it: advance widths from the template font's metric twin
 * (no kerning, which only ever narrows a line), breaks after spaces and around Hanzi/Kana, a word
 * wider than the line broken between characters, and trailing spaces hanging past the margin.
 * Everything size-independent is computed once per paragraph and kept in ems, so trying another
 * size only re-runs the line breaking.
 */

/** A bullet's hanging indent: marL = 0.32 in × (level + 1), decided here for both renderers. */
export const BULLET_INDENT_IN = 0.32;
/**
 * Lines are broken 1% short of the box: LibreOffice's hinted advances and PowerPoint's rounding to
 * whole EMUs can each add a hair to a line that the metrics say just fits.
 */
const WRAP_SAFETY = 0.99;

interface Word {
  /** UTF-16 offsets into the paragraph's text: the word, then its trailing spaces up to trailEnd. */
  start: number;
  end: number;
  trailEnd: number;
  em: number;
  trailEm: number;
  /** A hard line break (`\n`) follows. */
  hardBreak: boolean;
  /** Holds a Hangul, Hanzi or Kana character, which sets the line height. */
  tall?: boolean;
}

interface Measured {
  /** The text the offsets below point into: the paragraph's own, or that of the paragraph it is the rest of. */
  text: string;
  /** This paragraph's words are words[first..], at offsets `shift` more than in its own text. */
  words: Word[];
  first: number;
  shift: number;
  /** Shared by a paragraph and its rests: what the words from index i on need for their line height. */
  suffix: { lineEm?: Float64Array };
  /** Which face sets each run's characters, for breaking a word wider than a line. */
  spans: { start: number; end: number; face: RunFace }[];
  lineEm: number;
  /** The last few layouts by size and width: fitting asks for the same one several times. */
  layouts: Map<string, ParagraphLayout>;
}

export interface LineSpan {
  start: number;
  end: number;
}

export interface ParagraphLayout {
  lines: LineSpan[];
  /** Height of the lines alone, in inches, at the size it was laid out for. */
  height: number;
  /** A word did not fit a line and was broken between characters. */
  brokenWord: boolean;
}

const measuredCache = new WeakMap<Paragraph, Map<string, Measured>>();
const stretchCache = new Map<string, Map<string, number>>();

function styleKey(style: TextStyle): string {
  return `${style.fontFace}|${style.bold ? 1 : 0}|${style.italic ? 1 : 0}`;
}

export function paragraphText(p: Paragraph): string {
  return p.runs.map((r) => r.text).join('');
}

function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\u3000';
}

/**
 * Below U+1100 (Hangul Jamo, the first East Asian block) no character is East Asian, full-width or
 * breaks around itself: Latin text, most of every deck, skips the per-character expressions.
 */
const FIRST_EAST_ASIAN = 0x1100;

/** Hanzi, Kana and full-width punctuation may break before and after any character. */
function breaksAround(ch: string): boolean {
  if (ch.charCodeAt(0) < FIRST_EAST_ASIAN) return false;
  const script = scriptOf(ch);
  if (script === 'zh-CN' || script === 'ja-JP') return true;
  return /[\u3001-\u303F\uFF00-\uFF60]/.test(ch);
}

function isFullWidth(ch: string): boolean {
  if (ch.charCodeAt(0) < FIRST_EAST_ASIAN) return false;
  return !!scriptOf(ch) || /[\u3000-\u303F\uFF00-\uFF60\uFFE0-\uFFE6]/.test(ch);
}

interface RunFace {
  key: string;
  em(ch: string): number;
  lineEm: number;
}

const monoFace: RunFace = { key: 'mono', em: (ch) => (isFullWidth(ch) ? CJK_ADVANCE_EM : MONO_ADVANCE_EM), lineEm: MONO_LINE_EM };

/** One RunFace per font and style in the process: measuring asks for it once per run of every paragraph. */
const runFaces = new Map<string, RunFace>();

function runFace(run: TextRun, p: Paragraph, style: TextStyle): RunFace {
  if (run.code) return monoFace;
  const bold = run.bold ?? p.bold ?? style.bold ?? false;
  const italic = run.italic ?? p.italic ?? style.italic ?? false;
  const key = `${style.fontFace}|${bold ? 'b' : ''}${italic ? 'i' : ''}`;
  let face = runFaces.get(key);
  if (!face) runFaces.set(key, (face = faceOf(key, style.fontFace, bold, italic)));
  return face;
}

function faceOf(key: string, fontFace: string, bold: boolean, italic: boolean): RunFace {
  const face = metricFace(fontFace, bold, italic);
  return {
    key,
    lineEm: face.lineEm,
    em(ch: string): number {
      const code = ch.charCodeAt(0);
      // ASCII has no marks, joiners or pictographs
      if (code < 0x80) return face.advanceEm(code) ?? 1;
      if (isFullWidth(ch)) return CJK_ADVANCE_EM;
      if (/[\p{M}\u200B-\u200D\u2060\uFE00-\uFE0F]/u.test(ch)) return 0;
      const cp = ch.codePointAt(0)!;
      if (cp > 0xff && /\p{Extended_Pictographic}/u.test(ch)) return EMOJI_ADVANCE_EM;
      // A character the twin lacks falls back to a font that has it; 1 em covers most scripts.
      return face.advanceEm(cp) ?? 1;
    },
  };
}

/** The width of a stretch of one run in ems: each (string, font) is measured once per process. */
function stretchEm(face: RunFace, text: string): number {
  let cache = stretchCache.get(face.key);
  if (!cache) stretchCache.set(face.key, (cache = new Map()));
  const hit = cache.get(text);
  if (hit !== undefined) return hit;
  let total = 0;
  for (const ch of text) total += face.em(ch);
  cache.set(text, total);
  return total;
}

function measure(p: Paragraph, style: TextStyle): Measured {
  let perStyle = measuredCache.get(p);
  if (!perStyle) measuredCache.set(p, (perStyle = new Map()));
  const key = styleKey(style);
  const hit = perStyle.get(key);
  if (hit) return hit;

  const text = paragraphText(p);
  const words: Word[] = [];
  const spans: Measured['spans'] = [];
  let lineEm = 0;
  let offset = 0;
  let word: Word | undefined;
  const startWord = (at: number): Word => {
    word = { start: at, end: at, trailEnd: at, em: 0, trailEm: 0, hardBreak: false };
    words.push(word);
    return word;
  };
  for (const run of p.runs) {
    const face = runFace(run, p, style);
    spans.push({ start: offset, end: offset + run.text.length, face });
    lineEm = Math.max(lineEm, face.lineEm);
    const t = run.text;
    let i = 0;
    while (i < t.length) {
      const code = t.charCodeAt(i);
      const at = offset + i;
      // Below U+1100 a character is a line break, a space or part of a stretch: no string made for it.
      const ch = code < FIRST_EAST_ASIAN ? (code === 10 ? '\n' : code === 32 ? ' ' : code === 9 ? '\t' : '') : String.fromCodePoint(t.codePointAt(i)!);
      if (ch === '\n') {
        (word ?? startWord(at)).hardBreak = true;
        word = undefined;
        i += 1;
      } else if (isSpace(ch)) {
        const w = word ?? startWord(at);
        w.trailEm += face.em(ch);
        w.trailEnd = at + 1;
        i += 1;
      } else if (ch !== '' && breaksAround(ch)) {
        lineEm = Math.max(lineEm, CJK_LINE_EM);
        const w = startWord(at);
        w.tall = true;
        w.em = face.em(ch);
        w.end = w.trailEnd = at + ch.length;
        word = undefined;
        i += ch.length;
      } else {
        // A stretch of ordinary characters up to the next space or break, measured as a whole.
        let j = i;
        let tall = false;
        while (j < t.length) {
          const code = t.charCodeAt(j);
          if (code < FIRST_EAST_ASIAN) {
            if (code === 10 || code === 32 || code === 9) break;
            j += 1;
            continue;
          }
          const c = String.fromCodePoint(t.codePointAt(j)!);
          if (c === '\n' || isSpace(c) || breaksAround(c)) break;
          if (scriptOf(c)) tall = true;
          j += c.length;
        }
        if (tall) lineEm = Math.max(lineEm, CJK_LINE_EM);
        const w = word && word.trailEnd === word.end ? word : startWord(at);
        if (tall) w.tall = true;
        w.em += stretchEm(face, t.slice(i, j));
        w.end = w.trailEnd = offset + j;
        i = j;
      }
    }
    offset += t.length;
  }
  if (lineEm === 0) lineEm = metricFace(style.fontFace, !!style.bold, !!style.italic).lineEm;
  const measured: Measured = { text, words, first: 0, shift: 0, suffix: {}, spans, lineEm, layouts: new Map() };
  perStyle.set(key, measured);
  return measured;
}

/**
 * Splitting a long paragraph across slides makes a new paragraph of its rest, again and again:
 * measuring each rest from scratch made a paragraph of N words cost N² (a 20,000-word line took
 * seconds). When the rest starts at a word of `whole`, its measurement is the whole's words from
 * there on, moved to the new offsets; the result is the same as measuring it afresh.
 */
export function measureRest(whole: Paragraph, rest: Paragraph, offset: number): void {
  const perStyle = measuredCache.get(whole);
  if (!perStyle || measuredCache.has(rest)) return;
  const derived = new Map<string, Measured>();
  for (const [key, m] of perStyle) {
    const at = m.shift + offset;
    let lo = m.first;
    let hi = m.words.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (m.words[mid]!.start < at) lo = mid + 1;
      else hi = mid;
    }
    if (m.words[lo]?.start !== at || paragraphText(rest) !== m.text.slice(at)) return;
    derived.set(key, { ...m, first: lo, shift: at, lineEm: suffixLineEm(m, lo), layouts: new Map() });
  }
  measuredCache.set(rest, derived);
}

/**
 * The line height the words from index `from` on need: the tallest face of the runs they are in
 * (spaces included) and CJK height when one of them is CJK, as measure() finds for that text.
 */
function suffixLineEm(m: Measured, from: number): number {
  if (!m.suffix.lineEm) {
    const table = new Float64Array(m.words.length + 1);
    let span = m.spans.length - 1;
    for (let i = m.words.length - 1; i >= 0; i--) {
      const w = m.words[i]!;
      let em = Math.max(table[i + 1]!, w.tall ? CJK_LINE_EM : 0);
      // every non-empty run that ends after the word starts is part of the text from here on
      while (span >= 0 && m.spans[span]!.end > w.start) {
        const s = m.spans[span]!;
        if (s.end > s.start) em = Math.max(em, s.face.lineEm);
        span--;
      }
      table[i] = em;
    }
    m.suffix.lineEm = table;
  }
  return m.suffix.lineEm[from]!;
}

/** Advances of the characters of [start, end), by UTF-16 offset (0 for the low half of a pair). */
function charEms(m: Measured, start: number, end: number): { at: number; em: number }[] {
  const out: { at: number; em: number }[] = [];
  for (const span of m.spans) {
    if (span.end <= start || span.start >= end) continue;
    let i = Math.max(start, span.start);
    while (i < Math.min(end, span.end)) {
      const ch = String.fromCodePoint(m.text.codePointAt(i)!);
      out.push({ at: i, em: span.face.em(ch) });
      i += ch.length;
    }
  }
  return out;
}

/** Left indent of a paragraph's lines, in inches. */
export function indentOf(p: Paragraph): number {
  return p.bullet ? BULLET_INDENT_IN * ((p.level ?? 0) + 1) : 0;
}

export function sizeOf(p: Paragraph, sizePt: number): number {
  return p.fontSize ?? sizePt;
}

/** Lays a paragraph out in a box `widthIn` wide (inside the insets) at `sizePt`. */
export function layoutParagraph(p: Paragraph, style: TextStyle, sizePt: number, widthIn: number): ParagraphLayout {
  const m = measure(p, style);
  const size = sizeOf(p, sizePt);
  const memoKey = `${size}|${widthIn}|${style.lineSpacing}`;
  const memo = m.layouts.get(memoKey);
  if (memo) return memo;
  const maxEm = (Math.max(0.05, widthIn - indentOf(p)) * 72 * WRAP_SAFETY) / size;
  const lines: LineSpan[] = [];
  let brokenWord = false;
  const shift = m.shift;
  let lineStart = shift;
  let used = 0;
  let lineEnd = shift;
  const newLine = (at: number) => {
    lines.push({ start: lineStart - shift, end: lineEnd - shift });
    lineStart = at;
    lineEnd = at;
    used = 0;
  };
  for (let i = m.first; i < m.words.length; i++) {
    const w = m.words[i]!;
    if (used > 0 && used + w.em > maxEm) newLine(w.start);
    if (w.em > maxEm) {
      brokenWord = true;
      for (const { at, em } of charEms(m, w.start, w.end)) {
        if (used > 0 && used + em > maxEm) {
          lineEnd = at;
          newLine(at);
        }
        used += em;
      }
      lineEnd = w.end;
    } else {
      used += w.em;
      lineEnd = w.end;
    }
    used += w.trailEm;
    if (w.hardBreak) newLine(w.trailEnd + 1);
  }
  lines.push({ start: lineStart - shift, end: Math.max(lineEnd, lineStart) - shift });
  const lineHeight = (m.lineEm * size * style.lineSpacing) / 72;
  const layout = { lines, height: lines.length * lineHeight, brokenWord };
  if (m.layouts.size > 32) m.layouts.clear();
  m.layouts.set(memoKey, layout);
  return layout;
}

/** Height of one line of this paragraph, in inches. */
export function lineHeightOf(p: Paragraph, style: TextStyle, sizePt: number): number {
  return (measure(p, style).lineEm * sizeOf(p, sizePt) * style.lineSpacing) / 72;
}

/** Extra height between paragraphs: space after the previous one and before this one, in inches. */
export function gapBefore(p: Paragraph, index: number, style: TextStyle): number {
  return (index > 0 ? style.paraSpaceAfter / 72 : 0) + (p.spaceBefore ?? 0) / 72;
}

/** Height in inches the paragraphs need in a box `widthIn` wide (inside the insets). */
export function paragraphsHeight(paragraphs: readonly Paragraph[], widthIn: number, style: TextStyle, sizePt: number): number {
  let h = 0;
  paragraphs.forEach((p, i) => {
    h += gapBefore(p, i, style) + layoutParagraph(p, style, sizePt, widthIn).height;
  });
  return h;
}

/** The width of the paragraph set on one line, and of its widest word, in inches. */
export function naturalWidths(p: Paragraph, style: TextStyle, sizePt: number): { line: number; word: number } {
  const m = measure(p, style);
  const size = sizeOf(p, sizePt);
  let line = 0;
  let widest = 0;
  let current = 0;
  for (let i = m.first; i < m.words.length; i++) {
    const w = m.words[i]!;
    current += w.em;
    line = Math.max(line, current);
    widest = Math.max(widest, w.em);
    current += w.trailEm;
    if (w.hardBreak) current = 0;
  }
  const toIn = (em: number) => (em * size) / 72 / WRAP_SAFETY + indentOf(p);
  return { line: toIn(line), word: toIn(widest) };
}

/** A text box's inner margins (top, right, bottom, left) in inches. */
export function insetsOf(style: Pick<TextStyle, 'inset' | 'insets'>): [number, number, number, number] {
  return style.insets ?? [style.inset, style.inset, style.inset, style.inset];
}

/** Left plus right inner margin: what a text box's width loses to them. */
export function insetX(style: Pick<TextStyle, 'inset' | 'insets'>): number {
  const [, r, , l] = insetsOf(style);
  return l + r;
}

/** Top plus bottom inner margin. */
export function insetY(style: Pick<TextStyle, 'inset' | 'insets'>): number {
  const [t, , b] = insetsOf(style);
  return t + b;
}

/** The height of a text box that holds `lines` lines of plain text in this style, insets included. */
export function boxHeightForLines(style: TextStyle, lines: number): number {
  return lines * lineHeightOf({ runs: [{ text: 'X' }] }, style, style.fontSize) + insetY(style);
}

/** The inner width and height of a text box. */
export function innerSize(shape: Pick<TextShape, 'box' | 'style'>): { w: number; h: number } {
  return { w: shape.box.w - insetX(shape.style), h: shape.box.h - insetY(shape.style) };
}

/** Whether a text shape's paragraphs fit its box at its own (final) size. */
export function textShapeFits(shape: TextShape): boolean {
  const inner = innerSize(shape);
  return paragraphsHeight(shape.paragraphs, inner.w, shape.style, shape.style.fontSize) <= inner.h + 1e-6;
}
