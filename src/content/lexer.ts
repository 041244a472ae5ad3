import { Lexer, Tokenizer, type Tokens } from 'marked';

/**
 * marked, with a cheap look before four block rules that are among its largest regular
 * expressions: V8 compiles an expression when it first runs, and on the sample the setext heading,
 * table and HTML rules cost more to compile than all the Markdown takes to read, without ever
 * matching. Each look answers "cannot match here" only when marked's own expression could not match
 * either, and otherwise hands the text to marked unchanged, so the tokens are marked's
 * (test/lexer.test.ts compares every rule and whole documents against plain marked).
 * paragraph, emStrong and del are not overridden: marked changes its behaviour when they are.
 */
class QuickTokenizer extends Tokenizer {
  override blockquote(src: string): Tokens.Blockquote | undefined {
    return mayBeBlockquote(src) ? super.blockquote(src) : undefined;
  }
  override html(src: string): Tokens.HTML | undefined {
    return mayBeHtmlBlock(src) ? super.html(src) : undefined;
  }
  override table(src: string): Tokens.Table | undefined {
    return mayBeTable(src) ? super.table(src) : undefined;
  }
  override lheading(src: string): Tokens.Heading | undefined {
    return mayBeSetextHeading(src) ? super.lheading(src) : undefined;
  }
}

/** A GFM block lexer (`new Lexer({ gfm: true })`) that skips rules which cannot match. */
export function blockLexer(): Lexer {
  return new Lexer({ gfm: true, tokenizer: new QuickTokenizer() });
}

const BLOCKQUOTE_START = /^ {0,3}>/;
const HTML_START = /^ {0,3}</;

/** Every block quote begins with up to three spaces and `>`. */
export function mayBeBlockquote(src: string): boolean {
  return BLOCKQUOTE_START.test(src);
}

/** Every kind of HTML block begins with up to three spaces and `<`. */
export function mayBeHtmlBlock(src: string): boolean {
  return HTML_START.test(src);
}

const DELIMITER_ROW_START = / {0,3}[|:-]/y;

/** A table's second line (the delimiter row) begins with up to three spaces and `|`, `:` or `-`. */
export function mayBeTable(src: string): boolean {
  const newline = src.indexOf('\n');
  if (newline < 0) return false;
  DELIMITER_ROW_START.lastIndex = newline + 1;
  return DELIMITER_ROW_START.test(src);
}

const UNDERLINE = /^ {0,3}(?:=+|-+)[ \t]*$/;
/** Lines a setext heading's text cannot run into: blank (JavaScript's \s, as marked's `\s*?\n`), a block quote, ATX heading, list item or code fence. */
const STOPS = /^(?:\s*$| {0,3}(?:>|#{1,6}(?:\s|$)|(?:[*+-]|\d{1,9}[.)]) |`{3,}|~{3,}))/;
/** Past this many lines of text the look gives up and lets marked decide. */
const MAX_LINES = 200;

/**
 * A setext heading is text followed by a line of `=` or `-`, and that text cannot cross a blank
 * line or a line that starts another block. So an underline must come before the first such line.
 */
export function mayBeSetextHeading(src: string): boolean {
  let start = src.indexOf('\n') + 1;
  if (start === 0) return false;
  for (let lines = 0; start < src.length; lines++) {
    if (lines === MAX_LINES) return true;
    let end = src.indexOf('\n', start);
    if (end < 0) end = src.length;
    const line = src.slice(start, end);
    if (UNDERLINE.test(line)) return true;
    if (STOPS.test(line)) return false;
    start = end + 1;
  }
  return false;
}
