/**
 * A data file's bytes → UTF-8 bytes for the readers. UTF-8 (with or without a byte-order mark) is
 * taken as it is; UTF-16 with a byte-order mark (Excel's "Unicode Text") is converted. Anything
 * else must be named with `encoding:` in deck.yaml: Korean portals and Excel on Korean Windows
 * save CSV in CP949 (EUC-KR), and guessing an encoding silently would turn a Latin-1 "é" into
 * Hangul without a word. A file that is not UTF-8 gets an error at its first bad byte that says
 * which encoding it reads as.
 *
 * Decoding uses the runtime's WHATWG TextDecoder (Node ships full ICU): its "euc-kr" is the whole
 * of Windows code page 949, as the Encoding Standard defines it.
 */
import { isUtf8 } from 'node:buffer';
import { error } from '../diagnostics.js';
import type { Diagnostic } from '../diagnostics.js';
import type { DataSetSpec } from './types.js';

/** Names users write for encodings the Encoding Standard knows under another label. */
const ALIASES: Record<string, string> = {
  cp949: 'euc-kr',
  ms949: 'euc-kr',
  uhc: 'euc-kr',
  'ks_c_5601': 'euc-kr',
  cp936: 'gbk',
  ms936: 'gbk',
  cp932: 'shift_jis',
  ms932: 'shift_jis',
  sjis: 'shift_jis',
  cp950: 'big5',
  cp1252: 'windows-1252',
  utf8: 'utf-8',
};

export const ENCODING_EXAMPLES = 'utf-8, cp949 (= euc-kr, Korean), gbk or gb18030 (Chinese), big5, shift_jis, windows-1252';

/** The TextDecoder label for what a user wrote, or undefined when the runtime knows no such encoding. */
export function encodingLabel(written: string): string | undefined {
  const w = written.trim().toLowerCase();
  const label = ALIASES[w] ?? w;
  try {
    return new TextDecoder(label).encoding;
  } catch {
    return undefined;
  }
}

export function decodeText(name: string, bytes: Uint8Array, spec: DataSetSpec, diagnostics: Diagnostic[]): Buffer | undefined {
  const file = spec.file;
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (spec.encoding !== undefined) {
    const label = encodingLabel(spec.encoding);
    if (label === undefined) {
      diagnostics.push(error(`dataset "${name}": unknown encoding "${spec.encoding}"`, spec.encodingAt ?? spec.at, `name the encoding the file was saved in, e.g. ${ENCODING_EXAMPLES}`));
      return undefined;
    }
    if (label !== 'utf-8') {
      let text: string;
      try {
        text = new TextDecoder(label, { fatal: true }).decode(bytes);
      } catch {
        diagnostics.push(error(`${file} is not ${spec.encoding} text: some of its bytes are not characters in that encoding`, { file }, `check the encoding the portal or program saved it in (${ENCODING_EXAMPLES}), or save it as CSV UTF-8 and leave encoding out`));
        return undefined;
      }
      return Buffer.from(text.startsWith('\uFEFF') ? text.slice(1) : text, 'utf8');
    }
  }
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return utf8OrError(name, buf.subarray(3), spec, diagnostics);
  if ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff)) {
    const text = new TextDecoder(buf[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(buf);
    return Buffer.from(text, 'utf8');
  }
  return utf8OrError(name, buf, spec, diagnostics);
}

function utf8OrError(dataset: string, buf: Buffer, spec: DataSetSpec, diagnostics: Diagnostic[]): Buffer | undefined {
  if (isUtf8(buf)) return buf;
  const bad = firstInvalidUtf8(buf);
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < bad; i++) {
    const c = buf[i]!;
    if (c === 10 || (c === 13 && buf[i + 1] !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  const column = new TextDecoder().decode(buf.subarray(lineStart, bad)).length + 1;
  const guess = guessEncoding(buf);
  diagnostics.push(
    error(
      `${spec.file} is not UTF-8 text: byte 0x${buf[bad]!.toString(16).toUpperCase().padStart(2, '0')} at line ${line}, column ${column} is not part of a UTF-8 character`,
      { file: spec.file, line, column },
      guess
        ? `it reads as ${guess.what}: add \`encoding: ${guess.name}\` to dataset "${dataset}" in deck.yaml, or save the file as CSV UTF-8 (in Excel: File › Save As › CSV UTF-8)`
        : `save the file as CSV UTF-8 (in Excel: File › Save As › CSV UTF-8), or name its encoding with \`encoding:\` in dataset "${dataset}" of deck.yaml (${ENCODING_EXAMPLES})`,
    ),
  );
  return undefined;
}

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence. */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  const n = b.length;
  while (i < n) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) (need = 1), (min = 0x80);
    else if (c >= 0xe0 && c <= 0xef) (need = 2), (min = 0x800);
    else if (c >= 0xf0 && c <= 0xf4) (need = 3), (min = 0x10000);
    else return i;
    if (i + need >= n) return i;
    let cp = c & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    for (let k = 1; k <= need; k++) {
      const x = b[i + k];
      if (x === undefined || (x & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (x & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return n;
}

/** The East Asian legacy encoding the bytes read cleanly in, judged by the script they then show. */
function guessEncoding(buf: Uint8Array): { name: string; what: string } | undefined {
  const tries: { label: string; name: string; what: string; script: RegExp }[] = [
    { label: 'euc-kr', name: 'cp949', what: 'Korean text in CP949 (EUC-KR), as Korean statistics portals and Excel on Korean Windows save CSV', script: /[\uac00-\ud7a3]/ },
    { label: 'gb18030', name: 'gb18030', what: 'Chinese text in GB18030 (GBK)', script: /[\u4e00-\u9fff]/ },
    { label: 'shift_jis', name: 'shift_jis', what: 'Japanese text in Shift_JIS', script: /[\u3040-\u30ff]/ },
  ];
  for (const t of tries) {
    try {
      const text = new TextDecoder(t.label, { fatal: true }).decode(buf);
      if (t.script.test(text)) return t;
    } catch {
      // not this one
    }
  }
  return undefined;
}
