/**
 * A column name as words a screen reader can say, for series the chart block does not label:
 * `exports_usd_bn` → "exports" in US$ bn, `shareOfTradePct` → "share of trade" in %. The unit
 * tokens analysts put in column names are read as units; everything else is the name.
 */

/** Unit tokens as they are written in column names (lower case) → how they read. */
const UNITS: Record<string, string> = {
  usd: 'US$',
  us$: 'US$',
  eur: '€',
  gbp: '£',
  jpy: '¥',
  cny: 'CNY',
  rmb: 'CNY',
  krw: 'KRW',
  won: 'KRW',
  bn: 'bn',
  b: 'bn',
  billion: 'bn',
  mn: 'm',
  mln: 'm',
  m: 'm',
  million: 'm',
  k: 'k',
  thousand: 'k',
  tn: 'tn',
  trillion: 'tn',
  pct: '%',
  percent: '%',
  pc: '%',
  pp: 'pp',
  kg: 'kg',
  t: 't',
  tonnes: 't',
};

export interface ColumnWords {
  /** The words of the name, lower case: "exports", "share of trade". */
  name: string;
  /** The units read from the name ("US$ bn", "%"), when it has any. */
  units?: string;
}

export function humanizeColumn(column: string): ColumnWords {
  const tokens = column
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .split(/[\s_\-.]+/)
    .filter((t) => t !== '');
  const read = (ts: string[]) => ts.map((t) => UNITS[t.toLowerCase()]!).join(' ').replace(/ %$/, '%');
  // a name that is all units (`usd_bn`) is said as them
  if (tokens.length > 0 && tokens.every((t) => UNITS[t.toLowerCase()] !== undefined)) return { name: read(tokens) };
  const words: string[] = [];
  const units: string[] = [];
  for (const [i, token] of tokens.entries()) {
    const unit = UNITS[token.toLowerCase()];
    // a unit is a unit only after the name has begun: `m_exports` keeps its `m`
    if (unit !== undefined && i > 0) units.push(unit);
    else words.push(/^[A-Z\d]+$/.test(token) && token.length > 1 ? token : token.toLowerCase());
  }
  const out: ColumnWords = { name: words.join(' ') };
  if (units.length > 0) out.units = units.join(' ').replace(/ %$/, '%');
  if (words.length === 0) out.name = column;
  return out;
}
