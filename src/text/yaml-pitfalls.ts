/**
 * The two YAML rules that catch everyone: ` #` starts a comment, and `: ` inside a plain value
 * starts another key. The parser's own words ("Nested mappings are not allowed in compact
 * mappings") name neither, so wherever brief reads YAML it asks these for the hint to give.
 * Pure: each takes the text of the line the problem is on.
 */

/** Quotes a value for YAML the way a user would type it. */
function quoted(value: string): string {
  return value.includes("'") && !value.includes('"') ? `"${value}"` : `'${value.replace(/'/g, "''")}'`;
}

export interface Pitfall {
  message: string;
  hint: string;
}

/** When `key:` on this line is empty because its value starts with `#`: what to say instead. */
export function commentedValue(lineText: string, key: string): Pitfall | undefined {
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`(?:^|[\\s{,])${escaped}\\s*:\\s+(#.*?)\\s*[,}]?\\s*$`).exec(lineText);
  if (!m) return undefined;
  const value = m[1]!.trim();
  return { message: `"${key}" is empty: in YAML \`#\` starts a comment, so ${value} was read as one`, hint: `put the value in quotes: ${key}: ${quoted(value)}` };
}

/** When a YAML error on this line comes from `: ` inside an unquoted value: what to say instead. */
export function colonInValue(lineText: string): Pitfall | undefined {
  // inside a flow map: `{ column: x, label: Tariff: applied rate (%) }`
  const flow = /[{,]\s*([\w-]+):\s+([^'",{}[\]\s][^,{}[\]]*?:\s[^,{}]*?)\s*[,}]/.exec(lineText);
  // a block entry: `label: Tariff: applied rate (%)`
  const block = /^\s*(?:-\s+)?([\w-]+):\s+([^'"\s{[#][^#]*?:(?:\s.*?)?)\s*(?:\s#.*)?$/.exec(lineText);
  const m = flow ?? block;
  if (!m) return undefined;
  const [, key, value] = m as unknown as [string, string, string];
  return { message: `the value of "${key}" contains ": ", which YAML reads as the start of another key`, hint: `put the whole value in quotes: ${key}: ${quoted(value.trim())}` };
}
