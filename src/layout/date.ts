/**
 * The title slide's date in the deck's language. Making an Intl date format costs tens of
 * milliseconds (ICU data), a tenth of a short build; English, the default, is written here the
 * way Intl writes it ("January 12, 2026"), and test/date.test.ts holds the two to the same text.
 */
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** One format per language, kept for watch's rebuilds. */
const formats = new Map<string, Intl.DateTimeFormat>();

/** `date` is deck.yaml's YYYY-MM-DD; what Intl cannot read is shown as written. */
export function formatDate(date: string | undefined, lang: string): string | undefined {
  if (!date) return undefined;
  const d = new Date(`${date}T00:00:00Z`);
  const key = lang || 'en';
  const year = d.getUTCFullYear();
  if ((key === 'en' || key === 'en-US') && year >= 1000 && year <= 9999) return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${year}`;
  try {
    let format = formats.get(key);
    if (!format) formats.set(key, (format = new Intl.DateTimeFormat(key, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' })));
    return format.format(d);
  } catch {
    return date;
  }
}
