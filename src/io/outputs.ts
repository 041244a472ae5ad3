import path from 'node:path';

/** `output/x.pptx` → `output/x.html` / `.pdf`: the preview and PDF sit next to the deck with its base name. */
export function siblingPath(pptx: string, extension: '.html' | '.pdf'): string {
  const ext = path.extname(pptx);
  return (ext.toLowerCase() === '.pptx' ? pptx.slice(0, -ext.length) : pptx) + extension;
}
