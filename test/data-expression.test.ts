import { describe, expect, it } from 'vitest';
import { ExpressionError, columnsOf, evaluate, parseExpression } from '../src/data/expression.js';
import type { Value } from '../src/data/expression.js';
import type { DataSet } from '../src/data/types.js';

const ds: DataSet = {
  name: 'trade',
  file: 'data/trade.csv',
  columns: [
    { name: 'year', type: 'year', values: [2015, 2016, 2017] },
    { name: 'a', type: 'number', values: [1, 2, null] },
    { name: 'b', type: 'number', values: [4, 0, 6] },
    { name: 'Exports (US$ bn)', type: 'number', values: [10, 20, 30] },
    { name: '수출', type: 'number', values: [5, 6, 7] },
    { name: 'status', type: 'text', values: ['x', 'y', 'z'] },
  ],
  rowLines: [2, 3, 4],
  categoryColumn: 'year',
};

const scalar = (src: string): number | null => {
  const v = evaluate(parseExpression(src), ds);
  if (v.kind !== 'scalar') throw new Error(`expected a scalar from ${src}`);
  return v.value;
};
const vector = (src: string): (number | null)[] => {
  const v: Value = evaluate(parseExpression(src), ds);
  if (v.kind !== 'vector') throw new Error(`expected a vector from ${src}`);
  return v.values;
};
function fails(src: string): ExpressionError {
  try {
    evaluate(parseExpression(src), ds);
  } catch (e) {
    if (e instanceof ExpressionError) return e;
    throw e;
  }
  throw new Error(`expected ${src} to fail`);
}

describe('parsing', () => {
  it('builds an AST with precedence and positions', () => {
    expect(parseExpression('a - b * 2')).toEqual({
      kind: 'binary',
      op: '-',
      pos: 2,
      left: { kind: 'column', name: 'a', quoted: false, pos: 0 },
      right: {
        kind: 'binary',
        op: '*',
        pos: 6,
        left: { kind: 'column', name: 'b', quoted: false, pos: 4 },
        right: { kind: 'number', value: 2, pos: 8 },
      },
    });
    expect(parseExpression('yoy(a)')).toEqual({ kind: 'call', name: 'yoy', pos: 0, args: [{ kind: 'column', name: 'a', quoted: false, pos: 4 }] });
  });

  it('follows arithmetic precedence and associativity', () => {
    expect(scalar('1 + 2 * 3')).toBe(7);
    expect(scalar('(1 + 2) * 3')).toBe(9);
    expect(scalar('10 - 4 - 3')).toBe(3);
    expect(scalar('8 / 4 / 2')).toBe(1);
    expect(scalar('2 ^ 3 ^ 2')).toBe(512);
    expect(scalar('2 * 3 ^ 2')).toBe(18);
    expect(scalar('1.5e2 + .5')).toBe(150.5);
  });

  it('handles unary minus and plus', () => {
    expect(scalar('-2 ^ 2')).toBe(-4);
    expect(scalar('(-2) ^ 2')).toBe(4);
    expect(scalar('--3')).toBe(3);
    expect(scalar('2 * -3')).toBe(-6);
    expect(scalar('-(1 + 2)')).toBe(-3);
    expect(scalar('+4 - -1')).toBe(5);
    expect(scalar('2 ^ -1')).toBe(0.5);
    expect(vector('-a')).toEqual([-1, -2, null]);
  });

  it('reads names in backticks and Unicode names', () => {
    expect(vector('`Exports (US$ bn)` - 수출')).toEqual([5, 14, 23]);
    expect(columnsOf(parseExpression('share(a, `Exports (US$ bn)`) + b'))).toEqual(['a', 'Exports (US$ bn)', 'b']);
  });

  it('reports syntax errors with their character offset', () => {
    const cases: [string, string, number][] = [
      ['', 'the expression is empty', 0],
      ['   ', 'the expression is empty', 0],
      ['a +', 'expected a number, a column or "(" but found the end of the expression', 3],
      ['a * / b', 'expected a number, a column or "(" but found "/"', 4],
      ['(a + b', 'expected ")" but found the end of the expression', 6],
      ['a + b)', 'unexpected ")"', 5],
      ['a b', 'unexpected "b"', 2],
      ['a $ b', 'unexpected character "$"', 2],
      ['2x + 1', '"2x" is not a number', 0],
      ['1.2.3', '"1.2." is not a number', 0],
      ['sum(a b)', 'expected "," or ")" in the call to sum() but found "b"', 6],
      ['sum(a', 'expected "," or ")" in the call to sum() but found the end of the expression', 5],
      ['`abc + 1', 'the name in backticks is not closed with `', 0],
      ['a + "x', 'the text starting with " is not closed', 4],
      ['process.exit(1)', 'unexpected character "."', 7],
      ['a; b', 'unexpected character ";"', 1],
    ];
    for (const [src, message, pos] of cases) {
      let caught: unknown;
      try {
        parseExpression(src);
      } catch (e) {
        caught = e;
      }
      expect(caught, src).toBeInstanceOf(ExpressionError);
      expect([src, (caught as ExpressionError).message, (caught as ExpressionError).pos]).toEqual([src, message, pos]);
    }
  });

  it('hints at a missing operator', () => {
    try {
      parseExpression('a b');
    } catch (e) {
      expect((e as ExpressionError).hint).toBe('an operator (+ - * / ^) is missing between two values');
    }
  });
});

describe('evaluation', () => {
  it('works row by row, a scalar standing for every row', () => {
    expect(vector('a + b')).toEqual([5, 2, null]);
    expect(vector('b * 2')).toEqual([8, 0, 12]);
    expect(vector('year - 2000')).toEqual([15, 16, 17]);
  });

  it('propagates null and turns division by zero into null', () => {
    expect(vector('a / b')).toEqual([0.25, null, null]);
    expect(scalar('1 / 0')).toBeNull();
    expect(scalar('0 ^ -1')).toBeNull();
  });

  it('rounds away binary noise', () => {
    expect(scalar('124.8 - 142.8')).toBe(-18);
    expect(scalar('0.1 + 0.2')).toBe(0.3);
  });

  it('evaluates the functions', () => {
    expect(vector('diff(b)')).toEqual([null, -4, 6]);
    expect(vector('yoy(b)')).toEqual([null, -100, null]);
    expect(vector('share(b)')).toEqual([40, 0, 60]);
    expect(vector('share(a, b)')).toEqual([25, null, null]);
    expect(scalar('sum(b)')).toBe(10);
    expect(scalar('mean(a)')).toBe(1.5);
    expect(scalar('min(b)')).toBe(0);
    expect(scalar('max(b)')).toBe(6);
    expect(vector('abs(-b)')).toEqual([4, 0, 6]);
    expect(scalar('round(2.5)')).toBe(3);
    expect(scalar('round(-2.5)')).toBe(-3);
    expect(scalar('round(1.005, 2)')).toBe(1.01);
    expect(scalar('at(b, 2017)')).toBe(6);
    expect(scalar('at(b, latest) - at(b, first)')).toBe(2);
    expect(scalar('cagr(b, 2015, 2017)')).toBeCloseTo(((6 / 4) ** 0.5 - 1) * 100, 9);
    expect(scalar('cagr(b)')).toBe(scalar('cagr(b, first, latest)'));
    expect(scalar('sum(a / a)')).toBe(2);
    expect(vector('b / sum(b) * 100')).toEqual([40, 0, 60]);
  });

  it('rejects unknown columns with a did-you-mean and the list', () => {
    const e = fails('a + bb');
    expect([e.message, e.pos, e.unknownColumn]).toEqual(['unknown column "bb"', 4, 'bb']);
    expect(e.hint).toBe('did you mean "b"? the columns of trade are "year", "a", "b", "Exports (US$ bn)", "수출", "status"');
    expect(fails('zzzzzz').hint).toBe('the columns of trade are "year", "a", "b", "Exports (US$ bn)", "수출", "status"');
  });

  it('rejects text columns, unknown functions, wrong argument counts and bad categories', () => {
    const cases: [string, string, number][] = [
      ['status * 2', 'column "status" holds text, not numbers', 0],
      ['1 + yoyy(a)', 'unknown function yoyy()', 4],
      ['constructor(a)', 'unknown function constructor()', 0],
      ['toString', 'unknown column "toString"', 0],
      ['yoy(a, b)', 'yoy() takes 1 argument, not 2', 0],
      ['cagr(a, 2015)', 'cagr() takes 1 or 3 arguments, not 2', 0],
      ['cagr(b, 2015, 2030)', 'trade has no row "2030" in "year"', 14],
      ['cagr(b, 2017, 2015)', 'cagr() needs a later "to" than "from": 2015 is not after 2017', 0],
      ['cagr(b, a, 2017)', '"a" is not a category; cagr() takes a value of "year" (quote text: "a"), or first / latest', 8],
      ['"x" + 1', 'text ("x") can only name a category, in cagr() and at()', 0],
      ['yoy + 1', 'yoy is a function: write yoy(…)', 0],
      ['round(a, 1.5)', 'the digits of round() must be a whole number such as 1', 9],
    ];
    for (const [src, message, pos] of cases) {
      const e = fails(src);
      expect([src, e.message, e.pos]).toEqual([src, message, pos]);
    }
    expect(fails('1 + yoyy(a)').hint).toBe('did you mean yoy()? functions: yoy, diff, share, cagr, at, sum, mean, min, max, abs, round');
    expect(fails('cagr(b, 2015, 2030)').hint).toBe('"year" runs from 2015 to 2017; first and latest pick the ends');
  });
});
