import { describe, expect, it } from 'vitest';
import { checkNumberFormat, formatNumber, isPercentFormat, withTrueMinus } from '../src/data/number-format.js';

const cases: [number, string, string][] = [
  // integers, decimals, grouping
  [1234.5, '0', '1235'],
  [1234.5, '#,##0', '1,235'],
  [1234.56, '#,##0.0', '1,234.6'],
  [-1234.56, '#,##0.0', '-1,234.6'],
  [999.96, '#,##0.0', '1,000.0'],
  [1e21, '#,##0', '1,000,000,000,000,000,000,000'],
  [12, '#,##0.0', '12.0'],
  [5, '000', '005'],
  [0, '0', '0'],
  [0, '#,##0', '0'],
  [0, '#', ''],
  [0.5, '#.00', '.50'],
  [0.5, '0.00', '0.50'],
  [1.5, '0.0#', '1.5'],
  [1.25, '0.0#', '1.25'],
  [1.256, '0.0#', '1.26'],
  // Excel rounding: half away from zero, at 15 significant digits
  [1.005, '0.00', '1.01'],
  [2.675, '0.00', '2.68'],
  [-2.5, '0', '-3'],
  [-0.04, '0.0', '-0.0'],
  // percent
  [0.2001, '0%', '20%'],
  [0.2001, '0.0%', '20.0%'],
  [0.2001, '+0.0%;-0.0%', '+20.0%'],
  [-0.05, '+0.0%;-0.0%', '-5.0%'],
  [0, '+0.0%;-0.0%', '+0.0%'],
  [0, '+0.0%;-0.0%;0.0%', '0.0%'],
  [12.5, '0.0"%"', '12.5%'],
  [12.5, '0.0\\%', '12.5%'],
  // literal text, currency, sections
  [45.5, '"$"#,##0.0"bn"', '$45.5bn'],
  [-18, '"$"#,##0.0"bn"', '-$18.0bn'],
  [-18, '#,##0.0;(#,##0.0)', '(18.0)'],
  [18, '#,##0.0;(#,##0.0)', '18.0'],
  [1234.5, '\\$#,##0', '$1,235'],
  [1234.5, '$#,##0', '$1,235'],
  [1234.5, '[$€-407]#,##0.00', '€1,234.50'],
  [1234.5, '[Red]#,##0', '1,235'],
  [-1234.5, '#,##0;[Red]-#,##0', '-1,235'],
  [123, '0 "items"', '123 items'],
  [-5, '0;"negative"', 'negative'],
  [5, '0;-0;"zero";@', '5'],
  [0, '0;-0;"zero";@', 'zero'],
  [0, '0;-0;', ''],
  [1.5, '0.00_)', '1.50 '],
  [1.5, '*-0.0', '1.5'],
  // scaling
  [1234567, '#,##0,"k"', '1,235k'],
  [1234567, '0.0,,"M"', '1.2M'],
  // scientific
  [12345.678, '0.00E+00', '1.23E+04'],
  [0.00012, '0.0E+00', '1.2E-04'],
  [12345, '0.0E-0', '1.2E4'],
  [99999, '0.0E+00', '1.0E+05'],
  // General
  [1234.5, 'General', '1234.5'],
  [1 / 3, 'General', '0.3333333333'],
  [1234.5, '', '1234.5'],
  [-7, 'General', '-7'],
  // non-finite
  [Number.NaN, '0', ''],
  [Number.POSITIVE_INFINITY, '#,##0', ''],
];

describe('formatNumber', () => {
  it.each(cases)('%s with %s → %s', (value, format, expected) => {
    expect(formatNumber(value, format)).toBe(expected);
  });
});

describe('checkNumberFormat', () => {
  it('accepts the codes in common use', () => {
    for (const f of ['0', '#,##0.0', '+0.0%;-0.0%;0.0%', '"$"#,##0.0"bn"', '#,##0.0;(#,##0.0)', '[$€-407]#,##0', '0.0"%"']) expect(checkNumberFormat(f), f).toBeUndefined();
  });
  it('explains broken codes', () => {
    expect(checkNumberFormat('"$#,##0')).toBe(`the quoted text in number format '"$#,##0' is not closed with "`);
    expect(checkNumberFormat('[Red#,##0')).toBe("the [ in number format '[Red#,##0' is not closed with ]");
    expect(checkNumberFormat('0;0;0;0;0')).toBe('number format \'0;0;0;0;0\' has 5 sections separated by ";"; at most 4 are allowed');
  });
});

describe('isPercentFormat', () => {
  it('sees an unquoted % only', () => {
    expect(isPercentFormat('0.0%')).toBe(true);
    expect(isPercentFormat('+0.0%;-0.0%')).toBe(true);
    expect(isPercentFormat('0.0"%"')).toBe(false);
    expect(isPercentFormat('0.0\\%')).toBe(false);
    expect(isPercentFormat('#,##0')).toBe(false);
  });
});

describe('withTrueMinus: chart formats print negatives with U+2212, as prose and tables do', () => {
  const cases: [string, string, string][] = [
    ['#,##0.0', '#,##0.0;"−"#,##0.0', '−18.0'],
    ['0%', '0%;"−"0%', '−1804%'],
    ['General', 'General;"−"General', '−18.04'],
    // a negative section of its own: its hyphen becomes the quoted true minus, a bare − is quoted
    ['#,##0;-#,##0', '#,##0;"−"#,##0', '−18'],
    ['+#,##0.0;−#,##0.0;0.0', '+#,##0.0;"−"#,##0.0;0.0', '−18.0'],
    ['0.0;\\-0.0', '0.0;"−"0.0', '−18.0'],
    ['[Blue]0;[Red]-0', '[Blue]0;[Red]"−"0', '−18'],
    // parentheses stay; quoted and bracketed text is not a sign
    ['#,##0;(#,##0)', '#,##0;(#,##0)', '(18)'],
    ['0" - x";"a-b"0', '0" - x";"a-b"0', 'a-b18'],
  ];
  for (const [code, out, negative] of cases) {
    it(`${code} → ${out}`, () => {
      expect(withTrueMinus(code)).toBe(out);
      expect(formatNumber(-18.04, out)).toBe(negative);
      // positives and zero print as before, and a second pass changes nothing
      expect(formatNumber(3.25, out)).toBe(formatNumber(3.25, code));
      expect(formatNumber(0, out)).toBe(formatNumber(0, code));
      expect(withTrueMinus(out)).toBe(out);
      expect(checkNumberFormat(out)).toBeUndefined();
    });
  }
});
