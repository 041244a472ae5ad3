/**
 * Markdown a user can type that marked cannot read by recursion: blockquotes and lists nested
 * thousands deep, emphasis marks inside each other. Each is an error at the line, exit 1.
 */
import { describe, expect, it } from 'vitest';
import { MAX_NESTING, checkNesting } from '../src/content/nesting.js';
import { parseSection } from '../src/content/parse.js';
import { makeBriefing, runCli } from './helpers/briefing.js';

const NO_STACK = /\n\s+at .+:\d+:\d+\)?\n|internal error|RangeError/;
const nestedList = (levels: number) => Array.from({ length: levels }, (_, i) => `${'  '.repeat(i)}- item ${i + 1}`).join('\n');

describe('nesting deeper than brief reads', () => {
  it('a line of 3,000 `>` is an error at its line, before marked recurses', () => {
    const d = checkNesting(`## Slide\n\nintro\n\n${'>'.repeat(3000)} x\n`, 'a.md');
    expect(d).toMatchObject({ severity: 'error', message: `blockquotes and lists are nested 3000 levels deep here; brief reads at most ${MAX_NESTING}`, at: { file: 'a.md', line: 5, column: 1 } });
    expect(d!.hint).toMatch(/flatten the list/);
  });

  it('a list nested by indentation is an error at the first line too deep', () => {
    const d = checkNesting(`## Slide\n\n${nestedList(3000)}\n`, 'a.md');
    expect(d?.at).toEqual({ file: 'a.md', line: 3 + MAX_NESTING, column: 1 });
    expect(d?.message).toContain(`nested ${MAX_NESTING + 1} levels`);
  });

  it('markers chained on one line count, in any mix of lists and blockquotes', () => {
    for (const line of ['- '.repeat(25) + 'x', '1. '.repeat(25) + 'x', '- > '.repeat(13) + 'x', '> - '.repeat(13) + 'x']) {
      expect(checkNesting(`## S\n\n${line}\n`, 'a.md')?.at?.line, line).toBe(3);
    }
  });

  it('what a briefing really holds passes: 20 levels, rules, code, quotes after lists', () => {
    const ok = [
      nestedList(MAX_NESTING),
      '- - - - - - - - - - - - - - - - - - - - - - - - - -',
      '* * * * * * * * * * * * * * * * * * * * * * * * * *',
      '```\n' + '>'.repeat(100) + '\n' + nestedList(50) + '\n```',
      `${nestedList(15)}\n\n> a quote\n\n${nestedList(15)}`,
      '> '.repeat(MAX_NESTING) + 'x',
    ];
    for (const body of ok) expect(checkNesting(`## S\n\n${body}\n`, 'a.md'), body.slice(0, 60)).toBeUndefined();
  });

  it('a line of text after a blank line closes the lists; without the blank line it stays inside them', () => {
    // 15 levels, a line of text, then 10 levels indented into the 15th: 25 deep unless the text closed the 15
    const inside = nestedList(10).replace(/^/gm, '  '.repeat(15));
    for (const text of ['Text', 'ünïcode', '한국어', '(aside)', '"quoted"', '\u3000indented by an ideographic space']) {
      expect(checkNesting(`## S\n\n${nestedList(15)}\n\n${text}\n${inside}\n`, 'a.md'), text).toBeUndefined();
      expect(checkNesting(`## S\n\n${nestedList(15)}\n${text}\n${inside}\n`, 'a.md')?.at?.line, text).toBe(3 + 15 + 1 + (MAX_NESTING - 15));
    }
    // a line of white space other than spaces is blank: the text after it closes the lists
    expect(checkNesting(`## S\n\n${nestedList(15)}\n\u3000\nText\n${inside}\n`, 'a.md')).toBeUndefined();
  });

  it('emphasis nested thousands deep is an error, not a stack overflow', () => {
    const { slides, diagnostics } = parseSection(`## Slide\n\ntext\n\n${'**'.repeat(3000)}x${'**'.repeat(3000)}\n`, 'a.md');
    expect(slides).toEqual([]);
    expect(diagnostics).toEqual([
      expect.objectContaining({ severity: 'error', message: 'emphasis, links or other marks are nested too deeply inside each other to read', at: { file: 'a.md', line: 5, column: 1 } }),
    ]);
  });

  it.each([
    ['3,000 `>`', `${'>'.repeat(3000)} x`, 5],
    ['a list nested 3,000 deep', nestedList(3000), 5 + MAX_NESTING],
    ['`**` nested 3,000 deep', `${'**'.repeat(3000)}x${'**'.repeat(3000)}`, 5],
  ])('brief build with %s exits 1 with file:line and no stack trace', (_, body, line) => {
    const dir = makeBriefing({ 'deck.yaml': 'title: Deep\n', '01.md': `## Slide\n\nintro\n\n${body}\n` });
    const r = runCli(['build', '.', '-o', 'out.pptx'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(NO_STACK);
    expect(r.stderr).toContain(`01.md:${line}:1: error:`);
  });
});
