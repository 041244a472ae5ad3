/**
 * Deck → one self-contained HTML page: slides at the Deck's exact geometry (inches → CSS px at
 * 96/in, absolutely positioned), charts through chart.js, speaker notes, a print stylesheet with
 * one slide a page. Pure: the scripts and image bytes it inlines come in as `HtmlAssets`
 * (render/html-assets.ts reads them), so the same Deck and assets always give the same page.
 *
 * Like the PPTX renderer this only translates: every position, size and colour is the Deck's.
 *
 * Security: the page's Content-Security-Policy forbids every remote load (default-src 'none')
 * and allows exactly its own inline scripts and stylesheet by SHA-256 hash. That is also why no
 * element has a `style` attribute (a hashed style-src forbids them): each distinct declaration
 * block becomes a generated class in the one stylesheet.
 */
import { createHash } from 'node:crypto';
import type { Deck, ImageShape, Paragraph, RectShape, Shape, Slide, TableShape, TextRun, TextShape, TextStyle } from '../deck/types.js';
import { BULLET_INDENT_IN, indentOf, lineHeightOf } from '../layout/measure.js';
import { type ChartJsConfig, chartSpecToChartJs } from './chartjs.js';
import { IDS, type LiveInfo, type PreviewData } from './html-protocol.js';

/** CSS px per inch: the CSS reference pixel. */
export const PX_PER_IN = 96;

export interface HtmlAssets {
  /** chart.js's UMD build, inlined as it is. */
  chartJs: string;
  /** The bundled browser code (src/render/html-client/). */
  client: string;
  /** imageKey(shape) → data: URI. */
  images: ReadonlyMap<string, string>;
}

/** An image's entry in HtmlAssets.images: a tinted SVG icon differs from the same file untinted. */
export function imageKey(shape: Pick<ImageShape, 'path' | 'tint'>): string {
  return shape.tint ? `${shape.path}#${shape.tint}` : shape.path;
}

export interface HtmlOptions {
  /** Set by `brief watch`: the page listens for rebuilds and shows build errors over the slides. */
  live?: LiveInfo;
}

/** Escapes text for HTML content and double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** JSON inside <script type="application/json">: `<` escaped so text can never close the element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

export function deckToHtml(deck: Deck, assets: HtmlAssets, options: HtmlOptions = {}): string {
  const css = new Stylesheet();
  const fonts = new FontLists(deck.lang);
  const charts: PreviewData['charts'] = {};
  const w = px(deck.width);
  const h = px(deck.height);

  const slides = deck.slides.map((slide, i) => slideHtml(slide, i, { css, fonts, charts, assets, base: deck.base }));
  const notes = deck.slides.map((slide, i) => noteHtml(slide, i)).join('');
  const data: PreviewData = { charts, fonts: fonts.used() };
  if (options.live) data.live = options.live;

  const style = baseCss(w, h, deck) + css.text();
  // chart.js ends in a source-map comment whose file is not in the page: drop it
  const chartJs = assets.chartJs.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
  const scripts = [chartJs, assets.client];
  const csp = [
    "default-src 'none'",
    `script-src ${scripts.map(sha256).join(' ')}`,
    `style-src ${sha256(style)}`,
    'img-src data:',
    // the watch server's event stream, same origin; a file on disk connects nowhere
    ...(options.live ? ["connect-src 'self'"] : []),
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');

  const title = escapeHtml(deck.title);
  return `<!DOCTYPE html>
<html lang="${escapeHtml(deck.lang || 'en')}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="brief">
<title>${title}</title>
<style>${style}</style>
</head>
<body>
<main id="${IDS.stage}" class="stage" aria-label="${title}">
${slides.join('\n')}
</main>
<nav class="bar" aria-label="Slides">
<button type="button" id="${IDS.prev}" aria-label="Previous slide">&#8249;</button>
<span id="${IDS.counter}" class="counter" aria-live="polite">${deck.slides.length ? 1 : 0} / ${deck.slides.length}</span>
<button type="button" id="${IDS.next}" aria-label="Next slide">&#8250;</button>
<button type="button" id="${IDS.notesButton}" aria-pressed="false" title="Speaker notes (n)">Notes</button>
<span id="${IDS.status}" class="status"></span>
<span class="deck-title">${title}</span>
</nav>
<aside id="${IDS.notes}" class="notes" aria-label="Speaker notes" hidden>${notes}</aside>
${options.live ? `<div id="${IDS.overlay}" class="overlay" role="alert" hidden><div class="overlay-box"><h2>Build failed: the preview shows the last good deck</h2><pre id="${IDS.overlayText}"></pre></div></div>\n` : ''}<script type="application/json" id="${IDS.data}">${scriptJson(data)}</script>
${scripts.map((s) => `<script>${s}</script>`).join('\n')}
</body>
</html>
`;
}

interface Context {
  css: Stylesheet;
  fonts: FontLists;
  charts: PreviewData['charts'];
  assets: HtmlAssets;
  base?: Deck['base'];
}

function slideHtml(slide: Slide, index: number, ctx: Context): string {
  const n = index + 1;
  const label = slide.title ? `${n}: ${slide.title}` : `Slide ${n}`;
  const bg = ctx.css.cls(`background:${color(slide.background, '#FFFFFF')}`);
  const shapes = [...backdropHtml(slide, ctx), ...slide.shapes.map((shape, j) => shapeHtml(shape, `s${n}-${j + 1}`, ctx))].join('\n');
  return `<section class="slide ${bg}" id="slide-${n}" data-kind="${escapeHtml(slide.kind)}" aria-label="${escapeHtml(label)}">\n${shapes}\n</section>`;
}

/** On a template file: the pictures its layout and master draw (background, logo), behind the slide's shapes. */
function backdropHtml(slide: Slide, ctx: Context): string[] {
  const layout = ctx.base?.layouts[slide.layout] ?? ctx.base?.layouts['bullets'];
  return (layout?.backdrop ?? []).flatMap((b) => {
    const where = b.box ? boxCss(b.box) : 'left:0;top:0;width:100%;height:100%';
    if (b.fill) return [`<div class="shape backdrop ${ctx.css.cls(`${where};background:${color(b.fill, 'transparent')}`)}" aria-hidden="true" data-role="backdrop"></div>`];
    const src = ctx.assets.images.get(`base:${b.part}`);
    if (!src) return [];
    const box = ctx.css.cls(where);
    return [`<img class="shape backdrop ${box}" src="${escapeHtml(src)}" alt="" aria-hidden="true" data-role="backdrop">`];
  });
}

function noteHtml(slide: Slide, index: number): string {
  const text = slide.notes?.trim();
  const body = text
    ? text
        .split(/\n+/)
        .map((line) => `<p>${escapeHtml(line)}</p>`)
        .join('')
    : '<p class="empty">No notes for this slide.</p>';
  return `<div class="note" data-slide="${index + 1}">${body}</div>`;
}

function shapeHtml(shape: Shape, id: string, ctx: Context): string {
  const role = escapeHtml(shape.role);
  const box = ctx.css.cls(boxCss(shape.box));
  switch (shape.kind) {
    case 'rect':
      return `<div class="shape ${box} ${ctx.css.cls(rectCss(shape))}" id="${id}" data-role="${role}"></div>`;
    case 'text':
      return textHtml(shape, id, box, ctx);
    case 'image':
      return imageHtml(shape, id, box, ctx);
    case 'table':
      return tableHtml(shape, id, box, ctx);
    case 'chart': {
      ctx.charts[id] = inPixels(chartSpecToChartJs(shape.chart));
      ctx.fonts.stack(shape.chart.fontFace);
      const label = shape.chart.alt ?? (shape.chart.title ? `Chart: ${shape.chart.title}` : 'Chart');
      // the canvas is sized from the slide box here, not by chart.js measuring its container: that
      // measure includes the stage's CSS scale, so any window but the slide's own size drew the
      // chart too small or spilling over its neighbours at first paint
      const size = `width="${Math.round(shape.box.w * PX_PER_IN)}" height="${Math.round(shape.box.h * PX_PER_IN)}"`;
      return `<div class="shape chart ${box}" data-role="${role}"><canvas id="${id}" ${size} role="img" aria-label="${escapeHtml(label)}"></canvas></div>`;
    }
  }
}

/**
 * ChartSpec font sizes are points, as the PPTX renderer uses them; chart.js draws in CSS px.
 * Converting here keeps the preview's chart text the size it has in PowerPoint.
 */
function inPixels(shared: ChartJsConfig): ChartJsConfig {
  // a JSON copy: chartSpecToChartJs shares one font object between title, legend and axes
  const config = JSON.parse(JSON.stringify(shared)) as ChartJsConfig;
  const k = PX_PER_IN / 72;
  const walk = (node: unknown, key: string): void => {
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if (key === 'font' && typeof o['size'] === 'number') o['size'] = o['size'] * k;
    if (key === 'brief' && typeof o['fontSize'] === 'number') o['fontSize'] = o['fontSize'] * k;
    for (const [childKey, child] of Object.entries(o)) walk(child, childKey);
  };
  walk(config, '');
  return config;
}

function boxCss(box: { x: number; y: number; w: number; h: number }): string {
  return `left:${px(box.x)}px;top:${px(box.y)}px;width:${px(box.w)}px;height:${px(box.h)}px`;
}

function rectCss(shape: RectShape): string {
  const parts = [`background:${color(shape.fill, 'transparent')}`];
  // PowerPoint centres the outline on the edge; inside the box is close enough for a preview
  if (shape.line && shape.line.width > 0) parts.push(`border:${num(shape.line.width)}pt solid ${color(shape.line.color, 'transparent')}`);
  if (shape.radius) parts.push(`border-radius:${px(shape.radius)}px`);
  return parts.join(';');
}

function styleCss(style: TextStyle, fonts: FontLists): string {
  return [
    `font-family:${fonts.stack(style.fontFace)}`,
    `font-size:${num(style.fontSize)}pt`,
    `color:${color(style.color, 'inherit')}`,
    `font-weight:${style.bold ? 700 : 400}`,
    `font-style:${style.italic ? 'italic' : 'normal'}`,
    `text-align:${style.align}`,
    `padding:${px(style.inset)}px`,
  ].join(';');
}

const VALIGN = { top: 'flex-start', middle: 'center', bottom: 'flex-end' } as const;

function textHtml(shape: TextShape, id: string, box: string, ctx: Context): string {
  const st = shape.style;
  const decls = [styleCss(st, ctx.fonts), `justify-content:${VALIGN[st.valign]}`];
  if (shape.fill) decls.push(`background:${color(shape.fill, 'transparent')}`);
  const cls = ctx.css.cls(decls.join(';'));
  const body = paragraphsHtml(shape.paragraphs, st, ctx);
  return `<div class="shape text ${box} ${cls}" id="${id}" data-role="${escapeHtml(shape.role)}">${body}</div>`;
}

function paragraphsHtml(paragraphs: readonly Paragraph[], st: TextStyle, ctx: Context): string {
  return paragraphs
    .map((p, i) => {
      const decls: string[] = [];
      if (p.fontSize !== undefined) decls.push(`font-size:${num(p.fontSize)}pt`);
      if (p.color) decls.push(`color:${color(p.color, 'inherit')}`);
      if (p.bold !== undefined) decls.push(`font-weight:${p.bold ? 700 : 400}`);
      if (p.italic !== undefined) decls.push(`font-style:${p.italic ? 'italic' : 'normal'}`);
      if (p.align) decls.push(`text-align:${p.align}`);
      // the line height the layout fitted the text with (the font's own, times the spacing), so a
      // box the layout filled is filled here too and not overrun
      decls.push(`line-height:${px(lineHeightOf(p, st, st.fontSize))}px`);
      if (p.spaceBefore) decls.push(`margin-top:${num(p.spaceBefore)}pt`);
      if (i < paragraphs.length - 1 && st.paraSpaceAfter) decls.push(`margin-bottom:${num(st.paraSpaceAfter)}pt`);
      const classes: string[] = [];
      if (p.bullet) {
        classes.push('bullet');
        decls.push(`padding-left:${px(indentOf(p))}px`, `text-indent:-${px(BULLET_INDENT_IN)}px`);
      }
      if (decls.length) classes.push(ctx.css.cls(decls.join(';')));
      const runs = p.runs.map((r) => runHtml(r, st, ctx)).join('');
      // an empty paragraph still takes a line, as in PowerPoint
      return `<p${classes.length ? ` class="${classes.join(' ')}"` : ''}>${runs || '<br>'}</p>`;
    })
    .join('');
}

function runHtml(run: TextRun, st: TextStyle, ctx: Context): string {
  const decls: string[] = [];
  if (run.code) decls.push(`font-family:${ctx.fonts.stack(st.monoFontFace, 'monospace')}`);
  else if (run.lang) decls.push(`font-family:${ctx.fonts.stack(st.eastAsianFontFace, 'sans-serif', run.lang)}`);
  if (run.bold !== undefined) decls.push(`font-weight:${run.bold ? 700 : 400}`);
  if (run.italic !== undefined) decls.push(`font-style:${run.italic ? 'italic' : 'normal'}`);
  const link = run.link && /^(https?:|mailto:)/i.test(run.link) ? run.link : undefined;
  const c = run.color ?? (link ? st.linkColor : undefined);
  if (c) decls.push(`color:${color(c, 'inherit')}`);
  const attrs = [decls.length ? ` class="${ctx.css.cls(decls.join(';'))}"` : '', run.lang ? ` lang="${escapeHtml(run.lang)}"` : ''].join('');
  const text = escapeHtml(run.text);
  if (link) return `<a href="${escapeHtml(link)}" target="_blank" rel="noopener noreferrer"${attrs}>${text}</a>`;
  return attrs ? `<span${attrs}>${text}</span>` : text;
}

function imageHtml(shape: ImageShape, id: string, box: string, ctx: Context): string {
  const src = ctx.assets.images.get(imageKey(shape));
  const alt = escapeHtml(shape.alt);
  // an image that could not be read keeps its place and says what it was
  if (!src) return `<div class="shape missing-image ${box}" id="${id}" data-role="${escapeHtml(shape.role)}">${alt}</div>`;
  return `<img class="shape ${box}" id="${id}" data-role="${escapeHtml(shape.role)}" src="${escapeHtml(src)}" alt="${alt}">`;
}

function tableHtml(shape: TableShape, id: string, box: string, ctx: Context): string {
  const st = shape.style;
  const table = ctx.css.cls(`${styleCss({ ...st, inset: 0 }, ctx.fonts)};--rule:${color(shape.borderColor, 'transparent')}`);
  const [top, right, bottom, left] = shape.cellMargin ?? [st.inset, st.inset, st.inset, st.inset];
  const padding = `padding:${px(top)}px ${px(right)}px ${px(bottom)}px ${px(left)}px`;
  const cols = shape.columnWidths.map((w) => `<col class="${ctx.css.cls(`width:${px(w)}px`)}">`).join('');
  const rows = shape.rows
    .map((row, r) => {
      const height = shape.rowHeights[r];
      const tr = height !== undefined ? ` class="${ctx.css.cls(`height:${px(height)}px`)}"` : '';
      const cells = row
        .map((cell) => {
          const decls = [`text-align:${cell.align}`, `color:${color(cell.color, 'inherit')}`, padding, `vertical-align:${st.valign}`];
          if (cell.fill) decls.push(`background:${color(cell.fill, 'transparent')}`);
          if (cell.bold !== undefined) decls.push(`font-weight:${cell.bold ? 700 : 400}`);
          return `<td class="${ctx.css.cls(decls.join(';'))}">${paragraphsHtml(cell.paragraphs, st, ctx)}</td>`;
        })
        .join('');
      return `<tr${tr}>${cells}</tr>`;
    })
    .join('');
  return `<table class="shape table ${box} ${table}" id="${id}" data-role="${escapeHtml(shape.role)}"><colgroup>${cols}</colgroup><tbody>${rows}</tbody></table>`;
}

/** Each distinct declaration block becomes one class (`k0`, `k1`, …) in the page's stylesheet. */
class Stylesheet {
  private readonly classes = new Map<string, string>();
  cls(declarations: string): string {
    let name = this.classes.get(declarations);
    if (!name) {
      name = `k${this.classes.size}`;
      this.classes.set(declarations, name);
    }
    return name;
  }
  text(): string {
    return [...this.classes].map(([decls, name]) => `.${name}{${decls}}`).join('\n');
  }
}

/**
 * Template fonts are what presenters have (Calibri, Malgun Gothic); the preview may open where
 * only their open, metric-compatible twins are installed (DESIGN.md §3). Each font becomes a
 * list: the template's name, its twins, then the East Asian fallback and a generic family. No
 * font is embedded: CJK fonts run to megabytes, and the page must stay small and offline.
 */
const TWINS: Record<string, string[]> = {
  calibri: ['Carlito'],
  cambria: ['Caladea'],
  arial: ['Liberation Sans', 'Arimo'],
  helvetica: ['Liberation Sans', 'Arimo'],
  'times new roman': ['Liberation Serif', 'Tinos'],
  'courier new': ['Liberation Mono', 'Cousine'],
  consolas: ['Liberation Mono', 'DejaVu Sans Mono'],
  'malgun gothic': ['Apple SD Gothic Neo', 'Noto Sans CJK KR', 'Noto Sans KR'],
  'microsoft yahei': ['PingFang SC', 'Noto Sans CJK SC', 'Noto Sans SC'],
  'yu gothic': ['Hiragino Sans', 'Noto Sans CJK JP', 'Noto Sans JP'],
  meiryo: ['Hiragino Sans', 'Noto Sans CJK JP', 'Noto Sans JP'],
};

const CJK_BY_LANG: Record<string, string> = { ko: 'Noto Sans CJK KR', zh: 'Noto Sans CJK SC', ja: 'Noto Sans CJK JP' };

class FontLists {
  private readonly lists = new Map<string, string>();
  private readonly cjk: string;
  constructor(deckLang: string) {
    this.cjk = CJK_BY_LANG[deckLang.slice(0, 2).toLowerCase()] ?? CJK_BY_LANG['ko']!;
  }
  /** The CSS font list for a template font (recorded for the page's charts). */
  stack(font: string, generic: 'sans-serif' | 'monospace' = 'sans-serif', lang?: string): string {
    const cjk = (lang && CJK_BY_LANG[lang.slice(0, 2).toLowerCase()]) || this.cjk;
    const names = [font, ...(TWINS[font.toLowerCase()] ?? []), cjk];
    const list = [...new Set(names.map(cssFontName).filter(Boolean)), generic].join(', ');
    if (!lang && generic === 'sans-serif') this.lists.set(font, list);
    return list;
  }
  used(): Record<string, string> {
    return Object.fromEntries(this.lists);
  }
}

/** A quoted CSS font name; characters that could end the string or the declaration are dropped. */
function cssFontName(name: string): string {
  const clean = name.replace(/[^\p{L}\p{N} ._-]/gu, '').trim();
  return clean ? `"${clean}"` : '';
}

/** `#RRGGBB` from the Deck's hex; anything else (never expected) falls back instead of reaching the CSS. */
function color(hex: string | undefined, fallback: string): string {
  return hex && /^[0-9A-Fa-f]{6}$/.test(hex) ? `#${hex.toUpperCase()}` : fallback;
}

function px(inches: number): string {
  return num(inches * PX_PER_IN);
}

function num(n: number): string {
  return Number.isFinite(n) ? String(Math.round(n * 1000) / 1000) : '0';
}

function baseCss(w: string, h: string, deck: Deck): string {
  return `*,*::before,*::after{box-sizing:border-box}
html,body{margin:0;height:100%;background:#20232a;overflow:hidden;font-family:system-ui,sans-serif}
.stage{position:absolute;left:50%;top:var(--centre-y,calc(50% - 22px));width:${w}px;height:${h}px;transform:translate(-50%,-50%) scale(var(--scale,1));transform-origin:center center;box-shadow:0 4px 24px rgba(0,0,0,.5);cursor:pointer}
.slide{position:absolute;inset:0;overflow:hidden;visibility:hidden;cursor:default}
.slide.current{visibility:visible}
.shape{position:absolute;margin:0}
.text{display:flex;flex-direction:column;white-space:pre-wrap;overflow-wrap:anywhere;-webkit-font-smoothing:antialiased}
.text p,.table p{margin:0}
.bullet::before{content:"\\2022";display:inline-block;width:${px(BULLET_INDENT_IN)}px;text-indent:0}
.text a,.table a{text-decoration:underline}
.table{border-collapse:collapse;table-layout:fixed}
.table td{border-bottom:0.75pt solid var(--rule);overflow:hidden;overflow-wrap:anywhere}
.chart canvas{display:block}
.missing-image{display:flex;align-items:center;justify-content:center;border:1px dashed #999;color:#666;font:12px sans-serif}
.bar{position:fixed;left:0;right:0;bottom:0;height:44px;display:flex;align-items:center;gap:8px;padding:0 12px;background:#15171c;color:#e6e6e6;font-size:14px}
.bar button{background:#2c3038;color:#e6e6e6;border:1px solid #444a55;border-radius:4px;padding:4px 10px;font:inherit;cursor:pointer}
.bar button[aria-pressed="true"]{background:#3d5a80}
.counter{min-width:5em;text-align:center;font-variant-numeric:tabular-nums}
.status{color:#f0c674}
.deck-title{margin-left:auto;opacity:.7;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.notes{position:fixed;left:0;right:0;bottom:44px;height:30%;overflow:auto;background:rgba(21,23,28,.96);color:#f2f2f2;padding:12px 20px;font-size:18px;line-height:1.45;border-top:1px solid #444a55}
.notes[hidden],.overlay[hidden]{display:none}
.note{display:none}
.note.current{display:block}
.note p{margin:0 0 .5em}
.note .empty{opacity:.6}
.overlay{position:fixed;inset:0;background:rgba(20,0,0,.55);display:flex;align-items:center;justify-content:center;z-index:10}
.overlay-box{max-width:min(90vw,1100px);max-height:80vh;overflow:auto;background:#2b1416;color:#ffd7d7;border:2px solid #e06c75;border-radius:6px;padding:16px 20px}
.overlay-box h2{margin:0 0 12px;font-size:18px;color:#ff9ea6}
.overlay-box pre{margin:0;white-space:pre-wrap;font:14px/1.45 ui-monospace,monospace}
@page{size:${num(deck.width)}in ${num(deck.height)}in;margin:0}
@media print{
html,body{height:auto;overflow:visible;background:none}
.stage{position:static;transform:none;width:auto;height:auto;box-shadow:none}
.slide{position:relative;visibility:visible;width:${w}px;height:${h}px;break-after:page;print-color-adjust:exact;-webkit-print-color-adjust:exact}
.slide:last-child{break-after:auto}
.bar,.notes,.overlay{display:none}
}
`;
}
