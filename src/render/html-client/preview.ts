/**
 * The browser half of the HTML preview: navigation, speaker notes, chart.js set-up with number
 * formats and data labels, and (under `brief watch`) live reload with an error overlay.
 *
 * Bundled with esbuild into one IIFE (scripts/build-client.mjs) that the page inlines, so it
 * shares formatNumber with the PPTX side instead of approximating Excel formats a second time.
 * The page's CSP forbids inline style attributes, so every style change here goes through CSSOM
 * (element.style / classList), which CSP allows.
 */
import type { Chart as ChartClass, ChartConfiguration, Plugin } from 'chart.js';
import { formatNumber } from '../../data/number-format.js';
import type { BriefChartJsOptions, ChartJsConfig } from '../chartjs.js';
import { IDS, type LiveMessage, type PreviewData } from '../html-protocol.js';

declare const Chart: typeof ChartClass;

const byId = <T extends HTMLElement>(id: string): T | null => document.getElementById(id) as T | null;

function readData(): PreviewData {
  const el = byId(IDS.data);
  return el?.textContent ? (JSON.parse(el.textContent) as PreviewData) : { charts: {}, fonts: {} };
}

// ---------------------------------------------------------------------------------------------
// Navigation

function setUpNavigation(): { current: () => number } {
  const stage = byId(IDS.stage);
  const slides = Array.from(document.querySelectorAll<HTMLElement>('.slide'));
  const notes = Array.from(document.querySelectorAll<HTMLElement>('.note'));
  const counter = byId(IDS.counter);
  const notesPanel = byId(IDS.notes);
  let index = 0;

  const fromHash = (): number => {
    const n = parseInt(location.hash.replace(/^#/, ''), 10);
    return Number.isFinite(n) ? n - 1 : 0;
  };

  const show = (i: number): void => {
    if (!slides.length) {
      if (counter) counter.textContent = '0 / 0';
      return;
    }
    index = Math.max(0, Math.min(slides.length - 1, i));
    slides.forEach((s, k) => {
      s.classList.toggle('current', k === index);
      s.setAttribute('aria-hidden', k === index ? 'false' : 'true');
    });
    notes.forEach((n, k) => n.classList.toggle('current', k === index));
    if (counter) counter.textContent = `${index + 1} / ${slides.length}`;
    document.body.dataset['slide'] = String(index + 1);
    // replaceState, not location.hash =: paging through a deck should not fill the history
    const hash = `#${index + 1}`;
    if (location.hash !== hash) history.replaceState(null, '', hash);
  };

  // the slide takes the room the bar and the open notes leave, like a presenter view
  const fit = (): void => {
    if (!stage) return;
    const bar = document.querySelector<HTMLElement>('.bar');
    const below = (bar ? bar.offsetHeight : 0) + (notesPanel && !notesPanel.hidden ? notesPanel.offsetHeight : 0);
    const room = window.innerHeight - below;
    const scale = Math.min(window.innerWidth / stage.offsetWidth, room / stage.offsetHeight);
    stage.style.setProperty('--scale', String(scale > 0 ? scale : 1));
    stage.style.setProperty('--centre-y', `${room / 2}px`);
  };

  const toggleNotes = (): void => {
    if (!notesPanel) return;
    notesPanel.hidden = !notesPanel.hidden;
    byId(IDS.notesButton)?.setAttribute('aria-pressed', String(!notesPanel.hidden));
    fit();
  };

  document.addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    switch (e.key) {
      case 'ArrowRight':
      case 'ArrowDown':
      case 'PageDown':
        show(index + 1);
        break;
      case ' ':
        show(e.shiftKey ? index - 1 : index + 1);
        break;
      case 'ArrowLeft':
      case 'ArrowUp':
      case 'PageUp':
        show(index - 1);
        break;
      case 'Home':
        show(0);
        break;
      case 'End':
        show(slides.length - 1);
        break;
      case 'n':
      case 'N':
        toggleNotes();
        break;
      default:
        return;
    }
    e.preventDefault();
  });

  stage?.addEventListener('click', (e) => {
    // links open; selecting text to copy it does not turn the page
    if ((e.target as Element).closest('a')) return;
    if (String(window.getSelection() ?? '') !== '') return;
    show(e.clientX < window.innerWidth / 3 ? index - 1 : index + 1);
  });
  byId(IDS.prev)?.addEventListener('click', () => show(index - 1));
  byId(IDS.next)?.addEventListener('click', () => show(index + 1));
  byId(IDS.notesButton)?.addEventListener('click', toggleNotes);
  window.addEventListener('hashchange', () => show(fromHash()));
  window.addEventListener('resize', fit);

  fit();
  show(fromHash());
  return { current: () => index };
}

// ---------------------------------------------------------------------------------------------
// Charts

/** Data labels, drawn the way the PPTX places them: above/beside points and bars, or centred inside. */
const briefPlugin: Plugin<'bar' | 'line' | 'pie' | 'doughnut' | 'scatter', BriefChartJsOptions> = {
  id: 'brief',
  afterDatasetsDraw(chart, _args, opts) {
    if (!opts || !opts.dataLabels) return;
    const ctx = chart.ctx;
    const horizontal = chart.options.indexAxis === 'y';
    const gap = Math.max(2, opts.fontSize * 0.3);
    ctx.save();
    ctx.font = `${opts.fontSize}px ${opts.fontFamily}`;
    ctx.fillStyle = opts.labelPosition === 'inside' ? opts.labelColor : opts.color;
    chart.data.datasets.forEach((dataset, di) => {
      const meta = chart.getDatasetMeta(di);
      if (meta.hidden || !chart.isDatasetVisible(di)) return;
      const extra = dataset as unknown as { briefFormat?: string; briefLabels?: (string | null)[]; briefHidden?: boolean };
      if (extra.briefHidden) return;
      const format = extra.briefFormat ?? 'General';
      const type = meta.type;
      meta.data.forEach((element, i) => {
        const raw = dataset.data[i] as number | { y: number | null } | null | undefined;
        const value = typeof raw === 'number' ? raw : raw && typeof raw === 'object' ? raw.y : null;
        if (value === null || value === undefined || !Number.isFinite(value)) return;
        const given = extra.briefLabels?.[i];
        if (given === null) return;
        const text = given ?? formatNumber(value, format);
        const el = element as unknown as Record<string, number>;
        if (type === 'pie' || type === 'doughnut') {
          const mid = (el['startAngle']! + el['endAngle']!) / 2;
          const inner = el['innerRadius'] ?? 0;
          const outer = el['outerRadius']!;
          const r = opts.labelPosition === 'inside' ? (inner + outer) / 2 : outer + gap + opts.fontSize * 0.6;
          ctx.textAlign = 'center';
          ctx.textBaseline = 'middle';
          ctx.fillText(text, el['x']! + Math.cos(mid) * r, el['y']! + Math.sin(mid) * r);
          return;
        }
        if (type === 'bar') {
          const { x, y, base } = el as { x: number; y: number; base: number };
          if (opts.labelPosition === 'inside') {
            ctx.textAlign = 'center';
            ctx.textBaseline = 'middle';
            if (horizontal) ctx.fillText(text, (x + base) / 2, y);
            else ctx.fillText(text, x, (y + base) / 2);
          } else if (horizontal) {
            ctx.textBaseline = 'middle';
            ctx.textAlign = value < 0 ? 'right' : 'left';
            ctx.fillText(text, value < 0 ? x - gap : x + gap, y);
          } else {
            ctx.textAlign = 'center';
            ctx.textBaseline = value < 0 ? 'top' : 'bottom';
            ctx.fillText(text, x, value < 0 ? y + gap : y - gap);
          }
          return;
        }
        // line, area and scatter points
        const { x, y } = el as { x: number; y: number };
        ctx.textAlign = 'center';
        if (opts.labelPosition === 'inside') {
          const scale = chart.scales[(dataset as { yAxisID?: string }).yAxisID ?? 'y'];
          const zero = scale ? scale.getPixelForValue(0) : y;
          ctx.textBaseline = 'middle';
          ctx.fillText(text, x, (y + zero) / 2);
        } else {
          ctx.textBaseline = value < 0 ? 'top' : 'bottom';
          ctx.fillText(text, x, value < 0 ? y + gap : y - gap);
        }
      });
    });
    ctx.restore();
  },
};

/** Replaces the template's font names with the page's font lists (twins and CJK fallbacks). */
function useFontLists(node: unknown, fonts: Record<string, string>): void {
  if (Array.isArray(node)) node.forEach((n) => useFontLists(n, fonts));
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    for (const [k, v] of Object.entries(o)) {
      if ((k === 'family' || k === 'fontFamily') && typeof v === 'string') o[k] = fonts[v] ?? v;
      else useFontLists(v, fonts);
    }
  }
}

/** Wires the format codes that travel as data (chartjs.ts) to formatNumber callbacks. */
function withFormats(config: ChartJsConfig): ChartConfiguration {
  const brief = config.options.plugins.brief;
  const out = config as unknown as ChartConfiguration & { options: Record<string, unknown> };
  const options = out.options as Record<string, any>;
  for (const [id, code] of Object.entries(brief.formats)) {
    const scale = options['scales']?.[id];
    if (scale) scale.ticks = { ...scale.ticks, callback: (v: number | string) => formatNumber(Number(v), code) };
  }
  const horizontal = config.options.indexAxis === 'y';
  // chart.js lists the legend in drawing `order` (lines over bars); PowerPoint lists series in their order
  options['plugins'].legend.labels.sort = (a: { datasetIndex?: number }, b: { datasetIndex?: number }) => (a.datasetIndex ?? 0) - (b.datasetIndex ?? 0);
  const hidden = new Set(config.data.datasets.flatMap((d, i) => (d.briefHidden ? [i] : [])));
  options['plugins'].legend.labels.filter = (item: { datasetIndex?: number }) => !hidden.has(item.datasetIndex ?? -1);
  options['plugins'].tooltip = {
    filter: (item: { datasetIndex: number }) => !hidden.has(item.datasetIndex),
    callbacks: {
      label: (item: { parsed: number | { x: number; y: number }; dataIndex: number; dataset: { label?: string; briefFormat?: string; briefLabels?: (string | null)[] } }) => {
        const given = item.dataset.briefLabels?.[item.dataIndex];
        if (given) return item.dataset.label ? `${item.dataset.label}: ${given}` : given;
        const p = item.parsed;
        const value = typeof p === 'number' ? p : horizontal ? p.x : p.y;
        const shown = formatNumber(value, item.dataset.briefFormat ?? 'General');
        return item.dataset.label ? `${item.dataset.label}: ${shown}` : shown;
      },
    },
  };
  if (brief.dataLabels && brief.labelPosition === 'outside') {
    // room for the labels above the tallest bar (or beyond the longest, or around a pie)
    const room = Math.ceil(brief.fontSize * 1.6);
    const isPie = config.type === 'pie' || config.type === 'doughnut';
    options['layout'] = { padding: isPie ? room : horizontal ? { right: room * 2 } : { top: room } };
  }
  return out;
}

function drawCharts(data: PreviewData, scale: () => number): void {
  if (typeof Chart === 'undefined') return;
  Chart.register(briefPlugin);
  // the stage is scaled with a CSS transform: draw at the scaled resolution so it stays sharp
  const ratio = (): number => Math.max(2, (window.devicePixelRatio || 1) * scale());
  const charts: ChartClass[] = [];
  for (const [id, config] of Object.entries(data.charts)) {
    const canvas = document.getElementById(id) as HTMLCanvasElement | null;
    if (!canvas) continue;
    useFontLists(config, data.fonts);
    const chartConfig = withFormats(config);
    // the canvas's width and height attributes are its slide box (html.ts); chart.js draws at that size
    (chartConfig.options as Record<string, unknown>)['devicePixelRatio'] = ratio();
    charts.push(new Chart(canvas, chartConfig));
  }
  // a larger window scales the stage up: redraw at the new resolution, at the same size
  window.addEventListener('resize', () => {
    for (const chart of charts) {
      (chart.options as Record<string, unknown>)['devicePixelRatio'] = ratio();
      chart.resize(chart.width, chart.height);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Live reload (brief watch)

function listen(data: PreviewData): void {
  const live = data.live;
  if (!live || typeof EventSource === 'undefined') return;
  const overlay = byId(IDS.overlay);
  const overlayText = byId(IDS.overlayText);
  const status = byId(IDS.status);
  const say = (text: string): void => {
    if (status) status.textContent = text;
  };
  const source = new EventSource(live.events);
  source.onmessage = (event: MessageEvent<string>) => {
    const message = JSON.parse(event.data) as LiveMessage;
    if (message.type === 'building') say('building…');
    else if (message.type === 'ok') {
      if (message.build !== live.build) {
        say('reloading…');
        location.reload();
        return;
      }
      say('');
      if (overlay) overlay.hidden = true;
    } else {
      say('build failed');
      if (overlayText) overlayText.textContent = message.diagnostics.join('\n');
      if (overlay) overlay.hidden = false;
    }
  };
  source.onerror = () => say('disconnected from brief watch');
  source.onopen = () => say('');
}

function start(): void {
  const data = readData();
  const stage = byId(IDS.stage);
  setUpNavigation();
  const scale = (): number => Number(stage?.style.getPropertyValue('--scale')) || 1;
  drawCharts(data, scale);
  listen(data);
  document.body.classList.add('ready');
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
