/**
 * The fix-up pass: takes what pptxgenjs 4.0.1 writes and repairs what it gets wrong, so the deck
 * opens in PowerPoint without the repair prompt and every part validates against ECMA-376
 * (checked by ../shared/tools/validate-pptx in the tests). This file is the driver and the one
 * place to import the pass from (`fixupParts`, `fixupPptx`).
 *
 * How it runs: each module beside this one repairs one family of defects, names the pptxgenjs
 * defect in its opening comment, and exports a `Repair` (see repair.ts). The driver calls, in the
 * order of REPAIRS below:
 *   1. every `before(ctx)`: package-level work that adds, copies or removes parts or changes
 *      relationships (the notes master's theme; grafting a template file's masters (graft.ts));
 *   2. one pass over the parts: each XML part that some repair's `parts` pattern matches is decoded
 *      once and handed through every matching `part(xml, name, ctx)` in turn, then stored once;
 *   3. every `after(ctx)`: what needs every part repaired first (workbooks from the charts' values,
 *      content types last), and each repair's line in the report.
 * To add a repair: write a module exporting a RepairFactory, with a test in test/fixup*.test.ts
 * that shows the defect in raw pptxgenjs output and its absence after the pass, and add the
 * factory to REPAIRS. Options a repair needs go into FixupOptions (repair.ts).
 */
import { unzipSync } from 'fflate';
import { appPropertiesRepair } from './app-properties.js';
import { companyNameRepair, invalidCharactersRepair } from './chars.js';
import { chartMarksRepair } from './chart-marks.js';
import { chartSchemaRepair } from './charts.js';
import { contentTypesRepair } from './content-types.js';
import { graftRepair } from './graft.js';
import { notesMasterRepair } from './notes.js';
import { presentationOrderRepair } from './presentation.js';
import type { FixupContext, FixupOptions, FixupReport, Repair, RepairFactory } from './repair.js';
import { slideMarksRepair } from './slide-marks.js';
import { slidePartsRepair } from './slides.js';
import { themeColorsRepair } from './theme-colors.js';
import { runEastAsianFontRepair, themeEastAsianFontRepair } from './theme-fonts.js';
import { chartWorkbooksRepair } from './workbooks.js';
import type { Deflater } from './deflater.js';
import type { PptxPackage } from './package.js';
import { type Deflated, readPackage, writePackage } from './zip.js';

export type { FixupOptions, FixupReport, Repair, RepairFactory, ThemeScheme } from './repair.js';
export { type Deflater, startDeflater } from './deflater.js';

/** In order: within the part pass, a part meets the repairs in this order too. */
export const REPAIRS: readonly RepairFactory[] = [
  // First: the template file's parts come in, frozen, before any repair of pptxgenjs's own.
  graftRepair,
  notesMasterRepair,
  companyNameRepair,
  invalidCharactersRepair,
  presentationOrderRepair,
  themeEastAsianFontRepair,
  runEastAsianFontRepair,
  themeColorsRepair,
  slidePartsRepair,
  slideMarksRepair,
  // before the schema repair, which puts the children of the series it adds to in order
  chartMarksRepair,
  chartSchemaRepair,
  chartWorkbooksRepair,
  appPropertiesRepair,
  // Last: earlier repairs add parts that need content types.
  contentTypesRepair,
];

export function fixupPptx(zip: Uint8Array, report: FixupReport | FixupOptions = {}): Uint8Array {
  return fixupParts(Object.entries(unzipSync(zip)), report);
}

/** The fix-up pass on parts that were never zipped (see capture.ts): the same repairs, one zip. */
export function fixupParts(entries: [string, Uint8Array | string][], report: FixupReport | FixupOptions = {}, factories: readonly RepairFactory[] = REPAIRS): Uint8Array {
  const { pkg, deflated } = repairPackage(entries, report, factories);
  return writePackage(pkg, deflated);
}

/**
 * fixupParts for a large deck, with `deflater` (deflater.ts, started by the caller) deflating each
 * part on another thread as soon as the part pass is done with it: the same package, sooner.
 */
export async function fixupPartsDeflating(entries: [string, Uint8Array | string][], report: FixupReport | FixupOptions, deflater: Deflater): Promise<Uint8Array> {
  const { pkg, deflated } = repairPackage(entries, report, REPAIRS, (name, content) => deflater.add(name, content));
  const results = await deflater.results();
  for (const [name, part] of deflated) if (!results.has(name)) results.set(name, part);
  return writePackage(pkg, results);
}

/** `settled` hears of each part when the part pass is done with it (`after` hooks may still change a few). */
function repairPackage(entries: [string, Uint8Array | string][], report: FixupReport | FixupOptions, factories: readonly RepairFactory[], settled?: (name: string, content: Uint8Array | string) => void): { pkg: PptxPackage; deflated: Map<string, Deflated> } {
  const options: FixupOptions = report;
  const pkg = readPackage(entries, options.repairs ?? []);
  const ctx: FixupContext = { pkg, options, frozen: new Set(), deflated: new Map() };
  const repairs = factories.map((make) => make(options)).filter((r): r is Repair => r !== undefined);
  for (const repair of repairs) repair.before?.(ctx);
  const partRepairs = repairs.filter((r) => r.parts && r.part);
  for (const name of pkg.names()) {
    if (pkg.isXml(name) && !ctx.frozen.has(name)) {
      let xml: string | undefined;
      for (const repair of partRepairs) {
        if (!repair.parts!.test(name)) continue;
        xml ??= pkg.text(name);
        xml = repair.part!(xml, name, ctx);
      }
      if (xml !== undefined && xml !== pkg.text(name)) pkg.setText(name, xml);
    }
    if (!ctx.deflated.has(name)) settled?.(name, pkg.content(name));
  }
  for (const repair of repairs) repair.after?.(ctx);
  return { pkg, deflated: ctx.deflated };
}
