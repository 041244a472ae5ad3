/**
 * Characters XML forbids, in two pptxgenjs 4.0.1 defects:
 * - it writes text into XML without dropping characters XML 1.0 forbids, so one stray control
 *   character in a label makes the whole slide (or chart, or embedded workbook) unreadable. Input
 *   is sanitized upstream; this repair is the last line of defence (the workbooks' own XML is
 *   cleaned by workbooks.ts, which opens each workbook once for all its repairs);
 * - #1427: the company name goes into docProps/app.xml unescaped, so "A <B>" breaks the part.
 */
import { stripInvalidXmlChars } from '../../../text/sanitize.js';
import { plural, summarize } from './package.js';
import type { Repair } from './repair.js';

/** Numeric character references are held to the same rule as raw characters. */
const CHAR_REF = /&#(x[0-9a-fA-F]+|[0-9]+);/g;

function isXmlChar(code: number): boolean {
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}

function codeOf(digits: string): number {
  return digits.startsWith('x') ? parseInt(digits.slice(1), 16) : parseInt(digits, 10);
}

function hasInvalidCharRef(text: string): boolean {
  CHAR_REF.lastIndex = 0;
  for (let ref = CHAR_REF.exec(text); ref !== null; ref = CHAR_REF.exec(text)) {
    if (!isXmlChar(codeOf(ref[1]!))) return true;
  }
  return false;
}

function stripInvalidCharRefs(text: string): string {
  // Most parts hold references (every bullet is `&#x2022;`), almost none an invalid one: the part
  // is rewritten only when one is found.
  if (!text.includes('&#') || !hasInvalidCharRef(text)) return text;
  return text.replace(CHAR_REF, (ref, digits: string) => {
    return isXmlChar(codeOf(digits)) ? ref : '';
  });
}

/** An `&` that starts no entity or character reference is never well-formed. */
const STRAY_AMPERSAND = /&(?!(?:[A-Za-z_][\w.-]*|#[0-9]+|#x[0-9a-fA-F]+);)/g;

/**
 * Anything that might need cleaning: a character that may be invalid, or an `&` that starts neither
 * an entity nor a character reference that is plainly valid (`&#x2022;`, pptxgenjs's bullet, is one:
 * four hex digits from 1000 to CFFF, or a decimal from 32 to 9999). One scan of the part; the exact
 * rules below run only on a part where it finds something, which in a deck is almost none.
 */
const SUSPECT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]|&(?!(?:[A-Za-z_][\w.-]*|#x[1-9A-Ca-c][0-9A-Fa-f]{3}|#(?:3[2-9]|[4-9][0-9]|[1-9][0-9]{2,3}));)/;

/** False when cleanXmlText has nothing to do in `text` (true may still find nothing). */
export function mayNeedCleaning(text: string): boolean {
  return SUSPECT.test(text);
}

export function cleanXmlText(text: string): string {
  if (!mayNeedCleaning(text)) return text;
  const clean = stripInvalidCharRefs(stripInvalidXmlChars(text));
  return clean.includes('&') ? clean.replace(STRAY_AMPERSAND, '&amp;') : clean;
}

function escapeText(text: string): string {
  return text.replace(STRAY_AMPERSAND, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const APP_PART = 'docProps/app.xml';

/** Everything between the Company tags is that one text value (#1427). */
function escapeCompanyName(xml: string): string {
  const open = xml.indexOf('<Company>');
  const close = xml.lastIndexOf('</Company>');
  if (open < 0 || close < open) return xml;
  const value = xml.slice(open + '<Company>'.length, close);
  const escaped = escapeText(value);
  if (escaped === value) return xml;
  return xml.slice(0, open + '<Company>'.length) + escaped + xml.slice(close);
}

export function companyNameRepair(): Repair {
  return {
    name: 'company name (pptxgenjs #1427)',
    parts: /^docProps\/app\.xml$/,
    part: (xml, _name, { pkg }) => {
      const fixed = escapeCompanyName(xml);
      if (fixed !== xml) pkg.note(`${APP_PART}: escaped the company name (pptxgenjs #1427)`);
      return fixed;
    },
  };
}

/** Every XML part of the package (workbooks: see workbooks.ts). */
export function invalidCharactersRepair(): Repair {
  const cleaned: string[] = [];
  return {
    name: 'characters XML 1.0 forbids',
    parts: /\.(?:xml|rels)$/,
    part: (xml, name) => {
      const clean = cleanXmlText(xml);
      if (clean !== xml) cleaned.push(name);
      return clean;
    },
    after: ({ pkg }) => {
      if (cleaned.length > 0) pkg.note(`removed characters XML 1.0 forbids (and escaped stray &) in ${plural(cleaned.length, 'part')}: ${summarize(cleaned)}`);
    },
  };
}
