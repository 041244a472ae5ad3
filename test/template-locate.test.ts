import { describe, expect, it } from 'vitest';
import { locatePointer, positionOfOffset } from '../src/template/locate.js';

const text = `{
  "name": "acme",
  "fonts": { "heading": "Calibri", "body": "Arial" },
  "palette": [
    "112233",
    { "a\\"b": 1, "c/d": [true, null, -1.5e3] }
  ],
  "dup": 1, "dup": 2
}`;

describe('locatePointer (positions in template.json)', () => {
  it('finds values and keys at any depth, arrays included', () => {
    expect(locatePointer(text, '/name')).toEqual({ line: 2, column: 11 });
    expect(locatePointer(text, '/name', true)).toEqual({ line: 2, column: 3 });
    expect(locatePointer(text, '/fonts/body')).toEqual({ line: 3, column: 44 });
    expect(locatePointer(text, '/palette/0')).toEqual({ line: 5, column: 5 });
    expect(locatePointer(text, '/palette/1/a"b')).toEqual({ line: 6, column: 15 });
    expect(locatePointer(text, '/palette/1/c~1d/2')).toEqual({ line: 6, column: 38 });
  });

  it('falls back to the nearest ancestor that is in the file', () => {
    expect(locatePointer(text, '/fonts/mono')).toEqual({ line: 3, column: 12 });
    expect(locatePointer(text, '/fonts/mono', true)).toEqual({ line: 3, column: 12 });
    expect(locatePointer(text, '/palette/7')).toEqual({ line: 4, column: 14 });
    expect(locatePointer(text, '')).toEqual({ line: 1, column: 1 });
  });

  it('takes a repeated key where JSON.parse does: its last occurrence', () => {
    expect(locatePointer(text, '/dup')).toEqual({ line: 8, column: 20 });
  });

  it('gives nothing for text that is not JSON', () => {
    expect(locatePointer('{"a": [1, 2', '/a')).toBeUndefined();
    expect(locatePointer('{"a": 1} x', '/a')).toBeUndefined();
    expect(locatePointer('', '/a')).toBeUndefined();
  });

  it('turns offsets into lines and columns', () => {
    expect(positionOfOffset('ab\ncd\n', 4)).toEqual({ line: 2, column: 2 });
    expect(positionOfOffset('ab', 0)).toEqual({ line: 1, column: 1 });
  });
});
