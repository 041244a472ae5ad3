import type { Token } from 'marked';
import { type Diagnostic, type SourcePoint, warning } from '../diagnostics.js';
import type { Inline } from './types.js';

const SAFE_LINK = /^(https?:|mailto:)/i;

interface Marks {
  bold?: boolean;
  italic?: boolean;
  code?: boolean;
  link?: string;
}

/** Flattens marked's inline tokens into styled runs, dropping what a slide cannot carry safely. */
export function inlineTokensToRuns(tokens: readonly Token[] | undefined, at: SourcePoint, diagnostics: Diagnostic[], marks: Marks = {}): Inline[] {
  const runs: Inline[] = [];
  for (const token of tokens ?? []) {
    switch (token.type) {
      case 'strong':
        runs.push(...inlineTokensToRuns(token.tokens, at, diagnostics, { ...marks, bold: true }));
        break;
      case 'em':
        runs.push(...inlineTokensToRuns(token.tokens, at, diagnostics, { ...marks, italic: true }));
        break;
      case 'del':
        runs.push(...inlineTokensToRuns(token.tokens, at, diagnostics, marks));
        break;
      case 'codespan':
        pushRun(runs, { ...marks, code: true, text: decodeEntities(token.text) });
        break;
      case 'link': {
        const href = String(token.href ?? '');
        if (SAFE_LINK.test(href)) {
          runs.push(...inlineTokensToRuns(token.tokens, at, diagnostics, { ...marks, link: href }));
        } else {
          diagnostics.push(warning(`link "${href}" dropped: only http, https and mailto links are kept`, at, 'link to a web page (https://…) or an address (mailto:…)'));
          runs.push(...inlineTokensToRuns(token.tokens, at, diagnostics, marks));
        }
        break;
      }
      case 'image':
        pushRun(runs, { ...marks, text: String(token.text ?? '') });
        break;
      case 'br':
        pushRun(runs, { ...marks, text: '\n' });
        break;
      case 'html':
        diagnostics.push(warning(`raw HTML "${truncate(token.raw)}" dropped`, at, 'write Markdown instead of HTML: **bold**, *italic*, [text](https://…)'));
        break;
      case 'escape':
        pushRun(runs, { ...marks, text: token.text });
        break;
      case 'text':
        if (token.tokens && token.tokens.length) runs.push(...inlineTokensToRuns(token.tokens, at, diagnostics, marks));
        else pushRun(runs, { ...marks, text: decodeEntities(softBreaks(token.text ?? token.raw)) });
        break;
      default:
        pushRun(runs, { ...marks, text: decodeEntities(softBreaks(token.raw)) });
    }
  }
  return runs;
}

/** A soft line break inside a paragraph is a space on a slide, as in a rendered page. */
function softBreaks(text: string): string {
  if (!text.includes('\n')) return text;
  return text.replace(/[ \t]*\n[ \t]*/g, ' ');
}

function pushRun(runs: Inline[], run: Inline): void {
  if (run.text === '') return;
  const clean: Inline = { text: run.text };
  if (run.bold) clean.bold = true;
  if (run.italic) clean.italic = true;
  if (run.code) clean.code = true;
  if (run.link) clean.link = run.link;
  const last = runs[runs.length - 1];
  if (last && sameMarks(last, clean)) last.text += clean.text;
  else runs.push(clean);
}

function sameMarks(a: Inline, b: Inline): boolean {
  return !!a.bold === !!b.bold && !!a.italic === !!b.italic && !!a.code === !!b.code && a.link === b.link;
}

/** marked escapes & < > " ' in text tokens for HTML output; slides want the characters back. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(amp|lt|gt|quot|#39|#x27|nbsp);/g, (_, e: string) =>
    e === 'amp' ? '&' : e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'quot' ? '"' : e === 'nbsp' ? '\u00a0' : "'",
  );
}

export function runsToPlain(runs: readonly Inline[]): string {
  return runs.map((r) => r.text).join('');
}

function truncate(s: string): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > 40 ? one.slice(0, 37) + '…' : one;
}
