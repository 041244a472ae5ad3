import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { Lexer } from 'marked';
import { describe, expect, it } from 'vitest';
import { blockLexer, lexInline, mayBeBlockquote, mayBeHtmlBlock, mayBeSetextHeading, mayBeTable, mayBeUrl, oneLineParagraph, wholeLineQuote, withoutLessThan } from '../src/content/lexer.js';
import { repoRoot } from './helpers/tools.js';

// Lines chosen to sit on the edges of marked's block rules: underlines, blank lines of every kind
// of white space, the starts of quotes, lists, headings, fences, HTML and table rows.
const line = fc.oneof(
  fc.constantFrom(
    'text', 'more text', '  indented', '    code', '\tcode', '', ' ', '\t', '\u3000', '\u00a0', '\r',
    '=', '===', '  ==', '   ---', '    ---', '-', '--', '- ', '-- \t', '= =', '***', '___', '* * *',
    '> quote', '>', '   > q', '    > not quote', '- item', '* item', '+ item', '-item', '1. one', '1) one', '1234567890. x', '10.', '# h', '###### h', '####### h', '#h', '#',
    '```', '```js', '~~~', '``', '<div>', '<!-- c -->', '<span>x</span>', '  <p>', '</div>', '<?x?>', '<![CDATA[x]]>',
    '| a | b |', 'a | b', '|---|---|', '---|---', ':--', '| :-: |', '|', ':', 'a\u2028b', '**bold** _em_', '[x](y)', '[x]: /url',
  ),
  fc.stringMatching(/^[ \t=>#|:*_`~<a-c0-9.)-]{0,6}$/),
);
const markdown = fc.array(line, { maxLength: 12 }).map((lines) => lines.join('\n'));
const gfm = Lexer.rules.block.gfm;
// Inline text around autolinks: schemes in any case, www., e-mail names, and near misses.
const word = fc.oneof(
  fc.constantFrom('see', 'http://x.org', 'HTTPS://a.b/c?d', 'hTtP://', 'ftp://f.io', 'FTP://', 'www.x.com', 'WWW.x.com', 'www', 'mailto:a@b.co', 'xmpp:a@b.co/r', 'a.b+c@d.org', 'a@b', '@x.y', 'x@', 'mail:x', '*em*', '**s**', '~~d~~', '`c`', '[l](u)', '<http://x.y>', '한국', '.', ',', '(', ')', '_'),
  fc.stringMatching(/^[a-zA-Z0-9@.:/_+-]{0,8}$/),
);
const inline = fc.array(fc.tuple(word, fc.constantFrom(' ', '', '\n')), { maxLength: 8 }).map((parts) => parts.map(([w, sep]) => w + sep).join(''));

describe('the Markdown lexer with quick looks before costly rules', () => {
  it('says "cannot match" only where marked\'s own rule does not match', () => {
    fc.assert(
      fc.property(markdown, (src) => {
        if (!mayBeSetextHeading(src)) expect(gfm.lheading.exec(src), 'lheading').toBeNull();
        if (!mayBeTable(src)) expect(gfm.table.exec(src), 'table').toBeNull();
        if (!mayBeHtmlBlock(src)) expect(gfm.html.exec(src), 'html').toBeNull();
        if (!mayBeBlockquote(src)) expect(gfm.blockquote.exec(src), 'blockquote').toBeNull();
        const paragraph = oneLineParagraph(gfm.paragraph).exec(src);
        const real = gfm.paragraph.exec(src);
        expect(paragraph && [paragraph[0], paragraph[1]], 'paragraph').toEqual(real && [real[0], real[1]]);
        for (let indent = 0; indent <= 5; indent++) {
          const rule = new Lexer({ gfm: true }).tokenizer.rules.other.htmlBeginRegex(indent);
          expect(withoutLessThan(rule).test(src), 'html start').toBe(rule.test(src));
        }
        // marked's blockquote method reads only the whole match
        for (const from of [src, `> ${src}`, `>\n${src}`]) expect(wholeLineQuote(gfm.blockquote).exec(from)?.[0], 'blockquote').toBe(gfm.blockquote.exec(from)?.[0]);
      }),
      { numRuns: 20_000 },
    );
  });

  it('looks for autolinks only where marked\'s URL rule could find one', () => {
    fc.assert(
      fc.property(inline, (src) => {
        for (let i = 0; i < src.length; i++) if (!mayBeUrl(src.slice(i))) expect(Lexer.rules.inline.gfm.url.exec(src.slice(i)), src.slice(i)).toBeNull();
        expect(lexInline(src)).toEqual(Lexer.lexInline(src));
      }),
      { numRuns: 5_000 },
    );
  });

  it('gives the tokens plain marked gives, for generated documents and the sample', () => {
    fc.assert(
      fc.property(markdown, (src) => {
        expect(blockLexer().lex(src)).toEqual(new Lexer({ gfm: true }).lex(src));
      }),
      { numRuns: 5_000 },
    );
    const sample = path.join(repoRoot, 'content');
    for (const file of readdirSync(sample).filter((f) => f.endsWith('.md'))) {
      const text = readFileSync(path.join(sample, file), 'utf8');
      expect(blockLexer().lex(text), file).toEqual(new Lexer({ gfm: true }).lex(text));
    }
  });

  it('still finds setext headings, tables, HTML blocks and quotes', () => {
    const types = (src: string) => blockLexer().lex(src).map((t) => t.type);
    expect(blockLexer().lex('Title\n=====\n')[0]).toMatchObject({ type: 'heading', depth: 1, text: 'Title' });
    expect(blockLexer().lex('A longer\ntitle\n---\n')[0]).toMatchObject({ type: 'heading', depth: 2, text: 'A longer\ntitle' });
    expect(types('| a | b |\n|---|---|\n| 1 | 2 |\n')).toEqual(['table']);
    expect(types('<div>\nx\n</div>\n')).toEqual(['html']);
    expect(types('> quoted\n')).toEqual(['blockquote']);
    // the quote ends at the empty line; a lazy continuation line stays in it
    expect(blockLexer().lex('> a\n>\n> b\n\nafter\n').map((t) => t.raw)).toEqual(['> a\n>\n> b', '\n\n', 'after\n']);
    expect(blockLexer().lex('> a\nlazy\n\nafter').map((t) => t.raw)).toEqual(['> a\nlazy', '\n\n', 'after']);
    // a blank line or a list item between text and underline: no heading
    expect(types('text\n\n---\n')).toEqual(['paragraph', 'space', 'hr']);
    expect(types('text\n- item\n---\n')).toEqual(['paragraph', 'list', 'hr']);
  });
});
