/**
 * XML 1.0 forbids C0 controls other than tab/LF/CR, lone surrogates and U+FFFE/U+FFFF.
 * pptxgenjs writes them raw, which makes the part unreadable, so every input string passes
 * through here before it reaches the Deck model.
 */
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Any character that may be invalid: one plain class, which scans far faster than INVALID_XML. */
const MAYBE_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

export function stripInvalidXmlChars(text: string): string {
  return MAYBE_INVALID.test(text) ? text.replace(INVALID_XML, '') : text;
}

export function hasInvalidXmlChars(text: string): boolean {
  INVALID_XML.lastIndex = 0;
  const found = INVALID_XML.test(text);
  INVALID_XML.lastIndex = 0;
  return found;
}
