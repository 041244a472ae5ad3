import { Lexer, Tokenizer, type Token, type Tokens } from 'marked';

/**
 * marked, with a cheap look before some of its largest regular expressions: V8 compiles an
 * expression when it first runs, and on the sample the setext heading, table, HTML, paragraph and
 * URL rules cost more to compile than all the Markdown takes to read, mostly without matching. Each
 * look answers only where marked's own expression gives the same answer ("cannot match here", or
 * "the paragraph is this one line"), and otherwise hands the text to marked unchanged, so the tokens
 * are marked's (test/lexer.test.ts compares every rule and whole documents against plain marked).
 * The paragraph method itself, emStrong and del are not overridden: marked changes its behaviour
 * when they are, so the paragraph and block quote looks sit in the rules the methods run.
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
  override url(src: string): Tokens.Link | undefined {
    return mayBeUrl(src) ? super.url(src) : undefined;
  }
}

type Rules = Tokenizer['rules'];
const quickRules = new WeakMap<Rules, Rules>();

function quick(): Lexer {
  const tokenizer = new QuickTokenizer();
  const lexer = new Lexer({ gfm: true, tokenizer });
  // the Lexer has just given the tokenizer marked's shared rules: the same, with the paragraph look
  const rules = tokenizer.rules;
  let mine = quickRules.get(rules);
  if (!mine) {
    const htmlBegin = rules.other.htmlBeginRegex;
    mine = {
      ...rules,
      block: { ...rules.block, paragraph: oneLineParagraph(rules.block.paragraph), blockquote: wholeLineQuote(rules.block.blockquote) },
      other: { ...rules.other, htmlBeginRegex: (indent: number) => withoutLessThan(htmlBegin(indent)) },
    };
    quickRules.set(rules, mine);
  }
  tokenizer.rules = mine;
  return lexer;
}

/** A GFM block lexer (`new Lexer({ gfm: true })`) that skips rules which cannot match. */
export function blockLexer(): Lexer {
  return quick();
}

/** The inline tokens of `text`, as `Lexer.lexInline(text)` gives them. */
export function lexInline(text: string): Token[] {
  return quick().inlineTokens(text);
}

const lessThanLooks = new WeakMap<RegExp, RegExp>();

/**
 * An expression that can only match text holding a `<` (the start of an HTML block, which marked's
 * list rule tries on every line after an item's first): text without one is answered at once,
 * so a briefing with lists but no HTML never compiles it.
 */
export function withoutLessThan(rule: RegExp): RegExp {
  let look = lessThanLooks.get(rule);
  if (!look) {
    look = {
      test: (src: string): boolean => src.includes('<') && rule.test(src),
      exec: (src: string): RegExpExecArray | null => (src.includes('<') ? rule.exec(src) : null),
    } as RegExp;
    lessThanLooks.set(rule, look);
  }
  return look;
}

/**
 * A paragraph whose first line is followed by a blank line or the end of the text is that line:
 * marked's rule continues a paragraph only onto a line with text. Anything else goes to the rule.
 */
export function oneLineParagraph(rule: RegExp): RegExp {
  return {
    exec(src: string): RegExpExecArray | null {
      const newline = src.indexOf('\n');
      if (newline !== 0 && src !== '' && (newline < 0 || newline === src.length - 1 || src.charCodeAt(newline + 1) === 10)) {
        const line = newline < 0 ? src : src.slice(0, newline);
        return Object.assign([line, line], { index: 0, input: src, groups: undefined }) as unknown as RegExpExecArray;
      }
      return rule.exec(src);
    },
  } as RegExp;
}

/**
 * A block quote whose `>` lines are followed by an empty line or the end of the text is those
 * lines: marked's rule (which holds the whole paragraph rule, for lazy continuation lines) takes
 * one `>` line at a time, and a paragraph inside a quote line continues neither onto a `>` line
 * (which interrupts it) nor onto an empty one. Only the match itself is read by marked's
 * blockquote method. Anything else, a lazy continuation line above all, goes to the rule.
 */
export function wholeLineQuote(rule: RegExp): RegExp {
  return {
    exec(src: string): RegExpExecArray | null {
      let start = 0;
      while (quoteLineAt(src, start)) {
        const newline = src.indexOf('\n', start);
        if (newline < 0) return matchOf(src, src);
        start = newline + 1;
        if (start === src.length || src.charCodeAt(start) === 10) return matchOf(src.slice(0, start), src);
      }
      return rule.exec(src);
    },
  } as RegExp;
}

function matchOf(match: string, src: string): RegExpExecArray {
  return Object.assign([match], { index: 0, input: src, groups: undefined }) as unknown as RegExpExecArray;
}

/** The line starting at `at` begins with up to three spaces and `>`. */
function quoteLineAt(src: string, at: number): boolean {
  let i = at;
  while (i < at + 3 && src.charCodeAt(i) === 32) i++;
  return src.charCodeAt(i) === 62;
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

const URL_START = /^(?:[hH][tT][tT][pP][sS]?:\/\/|[fF][tT][pP]:\/\/|www\.|mailto:|xmpp:|[A-Za-z0-9._+-]+@)/;

/** A GFM autolink begins with http(s)://, ftp://, www., mailto:, xmpp: or an e-mail address's name and `@`. */
export function mayBeUrl(src: string): boolean {
  return URL_START.test(src);
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
