/** `brief build --pdf`: converts the deck just written, with a progress indicator. */
import path from 'node:path';
import { type Io, printDiagnostics } from '../terminal.js';
import { pptxToPdf } from './convert.js';
import { siblingPath } from '../../io/outputs.js';
import { startProgress } from '../progress.js';

/** Returns the exit code: 0 when the PDF was written, 1 otherwise (the PPTX stays either way). */
export async function pdfStep(pptx: string, slides: number, io: Io): Promise<number> {
  const target = siblingPath(pptx, '.pdf');
  const progress = startProgress('converting to PDF with LibreOffice');
  const result = await pptxToPdf(pptx, target, slides).finally(() => progress.stop());
  printDiagnostics(result.diagnostics, io);
  if (!result.output) {
    io.err('no PDF was written');
    return 1;
  }
  io.err(`wrote ${result.pages} PDF pages → ${path.relative(process.cwd(), result.output) || result.output}`);
  return 0;
}
