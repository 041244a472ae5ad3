/**
 * The accessibility report of `brief check`, after PowerPoint's Accessibility Checker: slides
 * without a title or with the title of another slide (a screen reader's list of slides cannot tell
 * them apart), text below the template's contrast threshold (WCAG AA unless the template sets its
 * own) on what it is drawn on, and tables whose header row
 * is empty. Pictures without alt text are reported by the layout itself, at the picture's line,
 * on every build; charts always have alt text (written from their data).
 */
import { wcagContrast } from '../template/culori.js';
import { shownShapes } from '../deck/shown.js';
import type { Deck, RectShape, Shape, Slide, TextShape } from '../deck/types.js';
import { type Diagnostic, type SourcePoint, warning } from '../diagnostics.js';
import { type ContrastThresholds, WCAG_AA, contrastThresholds, isLargeText } from '../template/contrast.js';

/** What brief appends to a continued slide's title, in every language it writes. */
const CONTINUED = [/\s*\(cont\.\)$/, /\s*\(계속\)$/, /\s*（续）$/];

const where = (p: SourcePoint | undefined) => (p ? `${p.file}${p.line ? `:${p.line}` : ''}` : 'the manifest');

export function accessibilityReport(deck: Deck): Diagnostic[] {
  const bar = deck.contrast ? { ...deck.contrast, source: "the template's" } : WCAG_AA;
  // contrast is checked on what the slide shows, its master's footer included
  const shown = deck.slides.map((slide) => ({ ...slide, shapes: shownShapes(deck, slide) }));
  return [...titleProblems(deck.slides), ...contrastProblems(shown, bar), ...tableProblems(deck.slides)];
}

function baseTitle(title: string): string {
  let t = title.trim();
  for (const re of CONTINUED) t = t.replace(re, '');
  return t.replace(/\s+/g, ' ').toLocaleLowerCase();
}

function titleProblems(slides: readonly Slide[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Map<string, { n: number; source?: SourcePoint }>();
  slides.forEach((slide, i) => {
    const n = i + 1;
    const title = slide.title?.trim() ?? '';
    if (!title) {
      out.push(
        warning(`accessibility: slide ${n} has no title`, slide.source, 'give it a `## Title`: a screen reader lists slides by their titles, and so does PowerPoint\'s navigation pane'),
      );
      return;
    }
    const key = baseTitle(title);
    const first = seen.get(key);
    if (!first) {
      seen.set(key, { n, source: slide.source });
      return;
    }
    // a slide continued from the previous one shares its title (and its source) on purpose
    if (first.source && slide.source && first.source.file === slide.source.file && first.source.line === slide.source.line) return;
    out.push(
      warning(
        `accessibility: slide ${n} has the same title as slide ${first.n} (${where(first.source)}): "${title}"`,
        slide.source,
        'give each slide its own title, so that a screen reader\'s list of slides tells them apart (a slide continued by brief gets "(cont.)" by itself)',
      ),
    );
  });
  return out;
}

/** The fill under the middle of a text box: the last rectangle drawn before it there, or the slide. */
function backgroundOf(slide: Slide, shape: TextShape): string {
  if (shape.fill) return shape.fill;
  const cx = shape.box.x + shape.box.w / 2;
  const cy = shape.box.y + shape.box.h / 2;
  const index = slide.shapes.indexOf(shape);
  const under = slide.shapes
    .slice(0, index < 0 ? slide.shapes.length : index)
    .filter((s): s is RectShape => s.kind === 'rect' && cx >= s.box.x && cx <= s.box.x + s.box.w && cy >= s.box.y && cy <= s.box.y + s.box.h);
  return under[under.length - 1]?.fill ?? slide.background;
}

function contrastProblems(slides: readonly Slide[], bar: ContrastThresholds): Diagnostic[] {
  const out: Diagnostic[] = [];
  const reported = new Set<string>();
  slides.forEach((slide, i) => {
    for (const shape of slide.shapes as Shape[]) {
      if (shape.kind !== 'text' || shape.decorative) continue;
      const background = backgroundOf(slide, shape);
      for (const p of shape.paragraphs) {
        const size = p.fontSize ?? shape.style.fontSize;
        for (const run of p.runs) {
          if (!run.text.trim()) continue;
          const color = run.color ?? p.color ?? (run.link ? shape.style.linkColor : shape.style.color);
          const bold = run.bold ?? p.bold ?? shape.style.bold ?? false;
          const large = isLargeText(size, bold);
          const needed = large ? bar.large : bar.body;
          const ratio = wcagContrast(`#${color}`, `#${background}`);
          if (ratio >= needed) continue;
          // the footer repeats on every slide: once for the deck is enough
          const key = `${shape.role.startsWith('footer') ? 'footer' : i}/${color}/${background}/${needed}`;
          if (reported.has(key)) continue;
          reported.add(key);
          out.push(
            warning(
              `accessibility: ${shape.role} text on slide ${i + 1} (${color} on ${background}, ${size} pt) has contrast ${(Math.floor(ratio * 100) / 100).toFixed(2)}:1, below ${bar.source} ${needed}:1`,
              slide.source,
              `darken the text or lighten what it sits on in the template (template.json colours) until they reach ${needed}:1; text of 18 pt and up, or 14 pt bold, needs ${bar.large}:1`,
            ),
          );
        }
      }
    }
  });
  return out;
}

function tableProblems(slides: readonly Slide[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  slides.forEach((slide, i) => {
    for (const shape of slide.shapes) {
      if (shape.kind !== 'table') continue;
      const header = shape.rows[0] ?? [];
      const empty = header.every((cell) => cell.paragraphs.every((p) => p.runs.every((r) => !r.text.trim())));
      if (empty) {
        out.push(
          warning(
            `accessibility: the table on slide ${i + 1} has no header row (its first row is empty)`,
            slide.source,
            'write the column names in the first row of the Markdown table (`| Year | Exports |`): a screen reader reads them with every cell',
          ),
        );
      }
    }
  });
  return out;
}
