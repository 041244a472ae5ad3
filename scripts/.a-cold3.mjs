import { readFileSync } from 'node:fs';
const { openPackage } = await import('../dist/ooxml/package.js');
const { readPresentation } = await import('../dist/ooxml/presentation.js');
const bytes = readFileSync(process.argv[2]);
const t0 = performance.now();
const pkg = openPackage(bytes);
const t1 = performance.now();
readPresentation(pkg);
console.log('unzip', (t1 - t0).toFixed(1), 'read', (performance.now() - t1).toFixed(1));
