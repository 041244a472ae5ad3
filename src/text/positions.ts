/**
 * Maps character offsets of a text to 1-based line and column; a line ends at \n, \r\n or \r.
 * Built once per text (line starts, then a binary search), so a text with many diagnostics costs
 * no more than one with a single one.
 */
export function positions(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
  }
  return (offset) => {
    const lo = lineOf(starts, offset);
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  };
}

/**
 * The same for UTF-8 bytes: a byte offset → 1-based line and the column in UTF-16 code units (as
 * editors count), so that a reader can keep one byte offset per cell and make a position only
 * when a diagnostic needs it. Lines are indexed only as far as the furthest offset asked for: the
 * header's position does not cost a pass over a 100,000-line file.
 */
export function bytePositions(bytes: Uint8Array): (offset: number) => { line: number; column: number } {
  const starts: number[] = [0];
  let scanned = 0;
  const decoder = new TextDecoder();
  return (offset) => {
    const n = Math.min(offset, bytes.length);
    for (; scanned < n; scanned++) {
      const c = bytes[scanned]!;
      if (c === 10 || (c === 13 && bytes[scanned + 1] !== 10)) starts.push(scanned + 1);
    }
    const lo = lineOf(starts, offset);
    const start = starts[lo]!;
    return { line: lo + 1, column: decoder.decode(bytes.subarray(start, offset)).length + 1 };
  };
}

/** The index of the last line start at or before `offset` (starts ascending, starts[0] = 0). */
function lineOf(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
