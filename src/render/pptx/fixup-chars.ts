/**
 * Defect: pptxgenjs writes text into XML without dropping characters XML 1.0 forbids, so one stray
 * control character in a label makes the whole slide (or chart, or embedded workbook) unreadable.
 * Input is sanitized upstream; this pass is the last line of defence.
 */
import { unzipSync, zipSync, type Zippable } from 'fflate';
import { stripInvalidXmlChars } from '../../text/sanitize.js';
import { type PptxPackage, plural, summarize } from './fixup-package.js';

/** Numeric character references are held to the same rule as raw characters. */
const CHAR_REF = /&#(x[0-9a-fA-F]+|[0-9]+);/g;

function isXmlChar(code: number): boolean {
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}

function stripInvalidCharRefs(text: string): string {
  if (!text.includes('&#')) return text;
  return text.replace(CHAR_REF, (ref, digits: string) => {
    const code = digits.startsWith('x') ? parseInt(digits.slice(1), 16) : parseInt(digits, 10);
    return isXmlChar(code) ? ref : '';
  });
}

/** An `&` that starts no entity or character reference is never well-formed. */
const STRAY_AMPERSAND = /&(?!(?:[A-Za-z_][\w.-]*|#[0-9]+|#x[0-9a-fA-F]+);)/g;

export function cleanXmlText(text: string): string {
  const clean = stripInvalidCharRefs(stripInvalidXmlChars(text));
  return clean.includes('&') ? clean.replace(STRAY_AMPERSAND, '&amp;') : clean;
}

function escapeText(text: string): string {
  return text.replace(STRAY_AMPERSAND, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * pptxgenjs #1427: the company name goes into docProps/app.xml unescaped, so "A <B>" breaks the
 * part. Everything between the Company tags is that one text value.
 */
export function escapeCompanyName(pkg: PptxPackage): void {
  const part = 'docProps/app.xml';
  if (!pkg.has(part)) return;
  const xml = pkg.text(part);
  const open = xml.indexOf('<Company>');
  const close = xml.lastIndexOf('</Company>');
  if (open < 0 || close < open) return;
  const value = xml.slice(open + '<Company>'.length, close);
  const escaped = escapeText(value);
  if (escaped === value) return;
  pkg.setText(part, xml.slice(0, open + '<Company>'.length) + escaped + xml.slice(close));
  pkg.note(`${part}: escaped the company name (pptxgenjs #1427)`);
}

/** Returns the cleaned workbook, or undefined when it was already clean (or is not a zip). */
function cleanWorkbook(data: Uint8Array): Uint8Array | undefined {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(data);
  } catch {
    return undefined;
  }
  let changed = false;
  const out: Zippable = {};
  for (const [name, bytes] of Object.entries(entries)) {
    if (name.endsWith('/')) continue;
    if (name.endsWith('.xml') || name.endsWith('.rels')) {
      const text = new TextDecoder().decode(bytes);
      const clean = cleanXmlText(text);
      if (clean !== text) changed = true;
      out[name] = [new TextEncoder().encode(clean), { level: 6 }];
    } else {
      out[name] = [bytes, { level: 6 }];
    }
  }
  return changed ? zipSync(out) : undefined;
}

export function stripInvalidXmlCharacters(pkg: PptxPackage): void {
  const cleaned: string[] = [];
  for (const name of pkg.names()) {
    if (pkg.isXml(name)) {
      const text = pkg.text(name);
      const clean = cleanXmlText(text);
      if (clean !== text) {
        pkg.setText(name, clean);
        cleaned.push(name);
      }
    } else if (name.endsWith('.xlsx')) {
      const workbook = cleanWorkbook(pkg.data(name));
      if (workbook) {
        pkg.setBytes(name, workbook);
        cleaned.push(name);
      }
    }
  }
  if (cleaned.length > 0) pkg.note(`removed characters XML 1.0 forbids (and escaped stray &) in ${plural(cleaned.length, 'part')}: ${summarize(cleaned)}`);
}
