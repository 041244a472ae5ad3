/**
 * Exports shaped like those of real statistics portals, generated at test time from seeded
 * synthetic numbers: TEST DATA, NOT REAL TRADE FIGURES. Only the shapes are real: UN Comtrade's
 * bulk CSV column names (refYear, reporterDesc, flowDesc, partnerDesc, cmdCode, cmdDesc,
 * primaryValue …), a KITA K-stat-style sheet (a title row above Korean headers, a note below the
 * data), and the encodings portals save in (UTF-8 with a BOM, CP949).
 */
import * as XLSX from '@e965/xlsx';
import { seeded } from './long-data.js';

export const COMTRADE_HEADER =
  'typeCode,freqCode,refPeriodId,refYear,refMonth,period,reporterCode,reporterISO,reporterDesc,flowCode,flowDesc,partnerCode,partnerISO,partnerDesc,cmdCode,cmdDesc,aggrLevel,isLeaf,qtyUnitAbbr,qty,netWgt,cifvalue,fobvalue,primaryValue,isReported,isAggregate';

/** HS codes as Comtrade writes them: TOTAL, chapters with their leading zero, a heading. */
export const COMTRADE_CODES: readonly [string, string, number][] = [
  ['TOTAL', 'All Commodities', 0],
  ['85', 'Electrical machinery and equipment and parts thereof; sound recorders and reproducers, television image and sound recorders', 2],
  ['27', 'Mineral fuels, mineral oils and products of their distillation; bituminous substances; mineral waxes', 2],
  ['03', 'Fish and crustaceans, molluscs and other aquatic invertebrates', 2],
  ['8542', 'Electronic integrated circuits', 4],
];

export interface ComtradeRow {
  year: number;
  flow: 'Export' | 'Import';
  partner: string;
  code: string;
  desc: string;
  value: number;
}

export function comtradeRows(seed = 5): ComtradeRow[] {
  const rnd = seeded(seed);
  const rows: ComtradeRow[] = [];
  for (let year = 2015; year <= 2024; year++)
    for (const flow of ['Export', 'Import'] as const)
      for (const partner of ['China', 'USA', 'World'])
        for (const [code, desc] of COMTRADE_CODES) rows.push({ year, flow, partner, code, desc, value: Math.round(rnd() * 1e11) / 10 });
  return rows;
}

/** The bulk CSV: a UTF-8 byte-order mark, CRLF line ends, quoted descriptions with commas. */
export function comtradeCsv(rows: readonly ComtradeRow[], codes = true): Buffer {
  const partnerCode: Record<string, [number, string]> = { China: [156, 'CHN'], USA: [842, 'USA'], World: [0, 'W00'] };
  const lines = [COMTRADE_HEADER];
  for (const r of rows) {
    if (!codes && r.code === '03') continue;
    const [pc, iso] = partnerCode[r.partner]!;
    const fc = r.flow === 'Export' ? 'X' : 'M';
    const level = COMTRADE_CODES.find((c) => c[0] === r.code)![2];
    lines.push(['C', 'A', `${r.year}0101`, r.year, 52, r.year, 410, 'KOR', 'Rep. of Korea', fc, r.flow, pc, iso, r.partner, r.code, `"${r.desc}"`, level, level > 0 ? 'True' : 'False', 'N/A', '', '', '', fc === 'X' ? r.value : '', r.value, 'True', 'False'].join(','));
  }
  return Buffer.from('\uFEFF' + lines.join('\r\n') + '\r\n', 'utf8');
}

export const KSTAT_TITLE = '국가별 수출입 실적 (단위: 천달러)';
export const KSTAT_NOTE = '※ 자료: 한국무역협회 (합성 데이터)';

export interface KstatRow {
  year: number;
  exports: number;
  imports: number;
}

export function kstatRows(seed = 9): KstatRow[] {
  const rnd = seeded(seed);
  return Array.from({ length: 10 }, (_, i) => ({ year: 2015 + i, exports: Math.round(100_000_000 + rnd() * 60_000_000), imports: Math.round(80_000_000 + rnd() * 60_000_000) }));
}

/** K-stat-style sheet: the title in A1, a blank row, the header in row 3, numbers shown with thousands separators, a note after a blank row. */
export function kstatXlsx(rows: readonly KstatRow[]): Buffer {
  const aoa: (string | number)[][] = [[KSTAT_TITLE], [], ['년도', '수출금액', '수입금액', '수지']];
  for (const r of rows) aoa.push([r.year, r.exports, r.imports, r.exports - r.imports]);
  aoa.push([], [KSTAT_NOTE]);
  const ws = XLSX.utils.aoa_to_sheet(aoa);
  for (let r = 4; r < 4 + rows.length; r++) for (const c of ['B', 'C', 'D']) ws[`${c}${r}`]!.z = '#,##0';
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, '수출입실적');
  return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
}

/** The same table as K-stat's CSV: numbers quoted with thousands separators. */
export function kstatCsv(rows: readonly KstatRow[]): string {
  const n = (x: number) => `"${x.toLocaleString('en-US')}"`;
  return [KSTAT_TITLE, '', '년도,수출금액,수입금액,수지', ...rows.map((r) => `${r.year},${n(r.exports)},${n(r.imports)},${n(r.exports - r.imports)}`), '', KSTAT_NOTE].join('\r\n') + '\r\n';
}

/** Text → CP949 bytes, through a table made from the runtime's own CP949 decoder (WHATWG "euc-kr"). */
export function encodeCp949(text: string): Buffer {
  const decoder = new TextDecoder('euc-kr');
  const table = new Map<string, number[]>();
  for (let a = 0x81; a <= 0xfe; a++)
    for (let b = 0x41; b <= 0xfe; b++) {
      const ch = decoder.decode(Uint8Array.of(a, b));
      if (ch.length === 1 && ch !== '\uFFFD' && !table.has(ch)) table.set(ch, [a, b]);
    }
  const out: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) out.push(cp);
    else {
      const bytes = table.get(ch);
      if (!bytes) throw new Error(`no CP949 code for ${ch}`);
      out.push(...bytes);
    }
  }
  return Buffer.from(out);
}
