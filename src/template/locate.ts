/**
 * Line and column of a JSON pointer in a template file's text, so that an editor can jump to the
 * problem. JSON is YAML 1.2, and the yaml parser keeps source ranges that JSON.parse throws away.
 */
import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { pointerSegments } from './json.js';

export interface Position {
  line: number;
  column: number;
}

/**
 * Where the value at `pointer` starts; for `key: true`, where its key starts. A pointer that is not
 * in the file (a key the file lacks) gives the position of its nearest ancestor that is.
 */
export function locatePointer(text: string, pointer: string, key = false): Position | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, keepSourceTokens: false });
  if (doc.errors.length || !doc.contents) return undefined;
  let node: Node = doc.contents;
  let keyNode: Node | undefined;
  for (const segment of pointerSegments(pointer)) {
    let next: Node | undefined;
    keyNode = undefined;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === segment);
      if (pair && isScalar(pair.key)) keyNode = pair.key;
      next = pair?.value as Node | undefined;
    } else if (isSeq(node)) next = node.items[Number(segment)] as Node | undefined;
    if (!next) {
      keyNode = undefined;
      break;
    }
    node = next;
  }
  const at = (key && keyNode ? keyNode : node).range?.[0];
  if (at === undefined) return undefined;
  const { line, col } = lineCounter.linePos(at);
  return { line, column: col };
}

/** Line and column of a character offset, for JSON syntax errors. */
export function positionOfOffset(text: string, offset: number): Position {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}
