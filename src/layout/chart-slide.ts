import type { SlideSource } from '../content/types.js';
import type { Box, Slide } from '../deck/types.js';
import { error } from '../diagnostics.js';
import type { Template } from '../template/types.js';
import { type ChartTheme, chartBlockToSpec } from './chart.js';
import { type LayoutContext, blocksToParagraphs, fittedText, isSourceLine, layoutOf } from './slide.js';
import { inlinesToRuns, plainRuns, themeRef } from './style.js';
import { wordsFor } from './words.js';

export function chartTheme(template: Template, fontSize: number, lang?: string): ChartTheme {
  const c = template.colors;
  return {
    palette: c.chart,
    negative: c.negative,
    positive: c.positive,
    highlight: c.highlight,
    text: c.text,
    muted: c.muted,
    grid: c.grid,
    fontFace: template.fonts.body,
    fontSize,
    ...chartRefs(template),
    lang,
  };
}

/** The theme references of the chart colours, when the template's PowerPoint file decides them. */
function chartRefs(template: Template): Pick<ChartTheme, 'refs'> {
  const palette = template.base?.colorRefs?.['chart'];
  const refs: NonNullable<ChartTheme['refs']> = {
    ...(Array.isArray(palette) && palette.some((r) => r) ? { palette } : {}),
    ...optionalKey('highlight', themeRef(template, 'highlight')),
    ...optionalKey('muted', themeRef(template, 'muted')),
    ...optionalKey('text', themeRef(template, 'text')),
    ...optionalKey('grid', themeRef(template, 'grid')),
  };
  return Object.keys(refs).length ? { refs } : {};
}

function optionalKey<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

/** A chart slide: title, optional annotation line, the native chart, optional side text, and its source. */
export function chartSlide(ctx: LayoutContext, source: SlideSource, start: (s: SlideSource) => Slide): Slide[] {
  const layout = layoutOf(ctx, 'chart');
  const slide = start(source);
  const charts = source.blocks.filter((b) => b.type === 'chart');
  const block = charts[0];
  if (!block || block.type !== 'chart') {
    ctx.diagnostics.push(error('a chart slide needs a ```chart block', source.at, 'add a fenced code block whose info string is `chart`'));
    return [slide];
  }
  for (const extra of charts.slice(1)) {
    ctx.diagnostics.push(error('only one chart fits on a slide', extra.at, 'put each chart under its own `##` heading'));
  }
  const chartStyle = layout.styles['chart'];
  const result = chartBlockToSpec(block.yaml, block.bodyAt, ctx.datasets, chartTheme(ctx.template, chartStyle?.size ?? 12, ctx.briefing.manifest.lang), ctx.failedDatasets);
  ctx.diagnostics.push(...result.diagnostics);
  const chartRegion = layout.regions['chart'];
  if (!result.spec || !chartRegion) return [slide];

  const prose = source.blocks.filter((b) => b.type !== 'chart' && !isSourceLine(b));
  let chartBox: Box = chartRegion;
  const side = layout.regions['side'];
  if (prose.length && side) {
    chartBox = { ...chartRegion, w: Math.max(1, side.x - chartRegion.x - (layout.spacing?.side ?? 0.3)) };
    const text = fittedText(ctx, layout, 'side', 'chart-notes', blocksToParagraphs(ctx, prose, source.at, 'beside a chart'), prose[0]!.at);
    if (text) slide.shapes.push(text);
  }
  if (result.annotation) {
    const annotation = fittedText(ctx, layout, 'annotation', 'annotation', [{ runs: plainRuns(result.annotation) }], block.at);
    if (annotation) slide.shapes.push(annotation);
  } else if (layout.regions['annotation']) {
    // Without an annotation the chart takes the annotation's room.
    const a = layout.regions['annotation'];
    chartBox = { ...chartBox, y: a.y, h: chartBox.y + chartBox.h - a.y };
  }
  slide.shapes.push({ kind: 'chart', role: 'chart', box: chartBox, chart: result.spec });

  const sourceLines = source.blocks.filter(isSourceLine);
  const citation = sourceLines.length
    ? sourceLines.flatMap((b) => (b.type === 'paragraph' ? inlinesToRuns(b.runs.map((r) => ({ ...r, italic: undefined }))) : []))
    : result.source
      ? plainRuns(`${wordsFor(ctx.briefing.manifest.lang).source}${result.source}`)
      : undefined;
  if (citation) {
    const shape = fittedText(ctx, layout, 'source', 'source', [{ runs: citation }], block.at);
    if (shape) slide.shapes.push(shape);
  }
  return [slide];
}
