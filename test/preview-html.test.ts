import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ChartSpec, Deck, Slide, TextStyle } from '../src/deck/types.js';
import { deckToHtml, escapeHtml, type HtmlAssets } from '../src/render/html.js';
import type { PreviewData } from '../src/render/html-protocol.js';
import { siblingPath } from '../src/io/outputs.js';

const STYLE: TextStyle = {
  fontFace: 'Calibri',
  eastAsianFontFace: 'Malgun Gothic',
  monoFontFace: 'Consolas',
  fontSize: 18,
  color: '1B2733',
  align: 'left',
  valign: 'top',
  lineSpacing: 1,
  paraSpaceAfter: 6,
  inset: 0.05,
  linkColor: '1F6FB2',
};

const EVIL = `</p><script>alert("x")</script> & 'quotes' "double" <b>`;

const CHART: ChartSpec = {
  type: 'column',
  title: `Exports </script><script>alert(1)</script>`,
  categories: ['2023', '<2024>'],
  series: [{ name: 'A & B', values: [1.5, -2], color: '1F4E79' }],
  numberFormat: '#,##0.0',
  dataLabels: true,
  legend: 'bottom',
  valueAxis: { beginAtZero: true },
  categoryAxis: {},
  fontFace: 'Calibri',
  fontSize: 12,
  textColor: '222222',
  gridColor: 'D9D9D9',
};

function deck(slides: Slide[], title = EVIL): Deck {
  return { title, lang: 'en', width: 13.333, height: 7.5, template: 'default', slides };
}

const SLIDES: Slide[] = [
  {
    kind: 'bullets',
    layout: 'bullets',
    title: EVIL,
    background: 'FFFFFF',
    notes: `Say ${EVIL}\nSecond line`,
    shapes: [
      { kind: 'text', role: 'title', box: { x: 0.5, y: 0.25, w: 12, h: 1 }, paragraphs: [{ runs: [{ text: EVIL }] }], style: STYLE },
      {
        kind: 'text',
        role: 'body',
        box: { x: 0.5, y: 1.5, w: 6, h: 4 },
        paragraphs: [
          { runs: [{ text: 'plain ' }, { text: '한국어', lang: 'ko-KR' }, { text: ' link', link: 'https://example.org/?a=1&b="2"' }], bullet: true },
          { runs: [{ text: 'bad link', link: 'javascript:alert(1)' }], bullet: true, level: 1 },
        ],
        style: STYLE,
      },
      { kind: 'rect', role: 'rule', box: { x: 1, y: 2, w: 3, h: 0.5 }, fill: 'E07B39', radius: 0.1 },
      { kind: 'image', role: 'logo', box: { x: 12, y: 0.3, w: 0.6, h: 0.6 }, path: '/nowhere/logo.png', alt: `Logo "quoted" <alt>` },
    ],
  },
  {
    kind: 'chart',
    layout: 'chart',
    title: 'Chart',
    background: '143D6B',
    shapes: [{ kind: 'chart', role: 'chart', box: { x: 1, y: 1, w: 8, h: 4.5 }, chart: CHART }],
  },
];

const ASSETS: HtmlAssets = {
  chartJs: 'window.Chart = function () {};\n//# sourceMappingURL=chart.umd.min.js.map\n',
  client: 'console.log("client");',
  images: new Map([['/nowhere/logo.png', 'data:image/png;base64,iVBORw0KGgo=']]),
};

function dataOf(html: string): PreviewData {
  const m = /<script type="application\/json" id="brief-data">([\s\S]*?)<\/script>/.exec(html);
  expect(m, 'the page carries its data').not.toBeNull();
  return JSON.parse(m![1]!) as PreviewData;
}

function inlineScripts(html: string): string[] {
  return [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
}

const sha = (s: string) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;

describe('deckToHtml', () => {
  const html = deckToHtml(deck(SLIDES), ASSETS);

  it('escapes text, titles, notes and attributes: the only <script> elements are its own', () => {
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('</p><script>');
    expect(html).toContain(escapeHtml(EVIL));
    expect(html).toContain('&lt;/p&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39; &quot;double&quot; &lt;b&gt;');
    expect(html).toContain(`<title>${escapeHtml(EVIL)}</title>`);
    expect(html).toContain(`<p>Say ${escapeHtml(EVIL)}</p><p>Second line</p>`);
    expect(html).toContain('alt="Logo &quot;quoted&quot; &lt;alt&gt;"');
    expect(html).toContain('href="https://example.org/?a=1&amp;b=&quot;2&quot;"');
    expect(html).not.toContain('javascript:');
    // two inline scripts (chart.js, the client), one JSON block: nothing the content could add
    expect(html.match(/<script/g)).toHaveLength(3);
  });

  it('keeps chart text in the JSON block, unable to close it', () => {
    const block = /<script type="application\/json" id="brief-data">([\s\S]*?)<\/script>/.exec(html)![1]!;
    expect(block).not.toMatch(/<\/script/i);
    const data = dataOf(html);
    const [config] = Object.values(data.charts);
    expect(config!.options.plugins.title.text).toBe(CHART.title);
    expect(config!.data.labels).toEqual(['2023', '<2024>']);
    expect(config!.data.datasets[0]!.label).toBe('A & B');
  });

  it('draws chart text at the PPTX size: points become CSS px', () => {
    const config = Object.values(dataOf(html).charts)[0]!;
    expect(config.options.plugins.legend.labels.font.size).toBeCloseTo(16, 5);
    expect(config.options.plugins.title.font.size).toBeCloseTo(((12 + 2) * 96) / 72, 5);
    expect(config.options.plugins.brief.fontSize).toBeCloseTo((11 * 96) / 72, 5);
    expect(config.options.scales!.y!.ticks.font.size).toBeCloseTo((11 * 96) / 72, 5);
  });

  it('carries a CSP that forbids remote loads and allows exactly its own scripts and stylesheet', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1]!.replace(/&#39;/g, "'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain('img-src data:');
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('connect-src');
    const scripts = inlineScripts(html);
    expect(scripts).toHaveLength(2);
    for (const s of scripts) expect(csp).toContain(sha(s));
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    expect(csp).toContain(`style-src ${sha(style)}`);
    // a hashed style-src forbids style attributes: there must be none
    expect(html).not.toMatch(/\sstyle="/);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\/(?!example\.org)/);
    expect(scripts[0]).not.toContain('sourceMappingURL');
  });

  it('lets a live page connect to its own server only', () => {
    const live = deckToHtml(deck(SLIDES), ASSETS, { live: { build: 3, events: '/events' } });
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(live)![1]!.replace(/&#39;/g, "'");
    expect(csp).toContain("connect-src 'self'");
    expect(dataOf(live).live).toEqual({ build: 3, events: '/events' });
    expect(live).toContain('id="brief-overlay"');
    expect(html).not.toContain('id="brief-overlay"');
  });

  it('places every shape at the Deck geometry, 96 px to the inch', () => {
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    const classOf = (id: string) => new RegExp(`id="${id}"`).test(html) && new RegExp(`class="[^"]*"[^>]*id="${id}"`).exec(html)![0];
    const body = classOf('s1-2') as string;
    const box = body.match(/k\d+/g)!.map((k) => new RegExp(`\\.${k}\\{([^}]*)\\}`).exec(style)![1]!).find((d) => d.startsWith('left:'));
    expect(box).toBe('left:48px;top:144px;width:576px;height:384px');
    expect(style).toContain('.stage{position:absolute;left:50%;top:var(--centre-y,calc(50% - 22px));width:1279.968px;height:720px');
    expect(style).toContain('@page{size:13.333in 7.5in;margin:0}');
    expect(style).toContain('break-after:page');
    expect(style).toMatch(/\.k\d+\{background:#143D6B\}/);
  });

  it('names font twins and East Asian fallbacks instead of embedding fonts', () => {
    expect(html).toContain('font-family:"Calibri", "Carlito", "Noto Sans CJK KR", sans-serif');
    expect(html).toContain('lang="ko-KR"');
    expect(html).toMatch(/font-family:"Malgun Gothic", [^;]*"Noto Sans CJK KR"/);
    expect(html).not.toContain('@font-face');
    expect(dataOf(html).fonts['Calibri']).toBe('"Calibri", "Carlito", "Noto Sans CJK KR", sans-serif');
  });

  it('inlines images as data: URIs and keeps the alt text of a missing one', () => {
    expect(html).toContain('src="data:image/png;base64,iVBORw0KGgo="');
    const missing = deckToHtml(deck(SLIDES), { ...ASSETS, images: new Map() });
    expect(missing).toContain('class="shape missing-image');
    expect(missing).not.toContain('/nowhere/logo.png');
  });

  it('lists one note per slide and a counter', () => {
    expect(html.match(/class="note"/g)).toHaveLength(2);
    expect(html).toContain('No notes for this slide.');
    expect(html).toContain('>1 / 2</span>');
    expect(html.match(/<section class="slide /g)).toHaveLength(2);
  });

  it('is a pure function of the Deck and the assets', () => {
    expect(deckToHtml(deck(SLIDES), ASSETS)).toBe(html);
  });
});

describe('siblingPath', () => {
  it('puts the preview and PDF next to the deck with its base name', () => {
    expect(siblingPath('/a/output/deck.pptx', '.html')).toBe('/a/output/deck.html');
    expect(siblingPath('/a/x.PPTX', '.pdf')).toBe('/a/x.pdf');
    expect(siblingPath('/a/deck', '.html')).toBe('/a/deck.html');
  });
});
