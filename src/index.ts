export { build, slugify, type BuildOptions, type BuildResult } from './build.js';
export { formatDiagnostic, type Diagnostic } from './diagnostics.js';
export type { Deck, Slide, Shape, ChartSpec } from './deck/types.js';
