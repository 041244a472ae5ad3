/**
 * The words brief writes itself (not the user's): titles it adds, the source label, the suffix of a
 * continued slide, and the phrases of chart alt text. They follow the deck's `lang` (en, ko, zh;
 * any other language gets English).
 */
export type Lang = 'en' | 'ko' | 'zh';

export function langOf(lang: string | undefined): Lang {
  const l = (lang ?? '').toLowerCase();
  return l.startsWith('ko') ? 'ko' : l.startsWith('zh') ? 'zh' : 'en';
}

interface Words {
  agenda: string;
  /** "Source: " with its separator and space. */
  source: string;
  /** Appended to the title of a continued slide, with its leading space. */
  continued: string;
  chartKinds: Record<string, string>;
  /** "Column chart of {what}" */
  chartOf: (kind: string, what: string) => string;
  lowest: (v: string, at: string) => string;
  highest: (v: string, at: string) => string;
  lastValue: (v: string, at: string) => string;
  change: (up: boolean, pct: string) => string;
  fromTo: (a: string, at: string, b: string, bt: string) => string;
  /** Waterfall: where the bridge starts and ends. */
  bridge: (a: string, at: string, b: string, bt: string) => string;
  biggestRise: (v: string, at: string) => string;
  biggestFall: (v: string, at: string) => string;
  /** Separator between clauses and between series. */
  comma: string;
  colon: string;
  and: string;
}

const EN: Words = {
  agenda: 'Agenda',
  source: 'Source: ',
  continued: ' (cont.)',
  chartKinds: {
    column: 'Column chart',
    'stacked-column': 'Stacked column chart',
    bar: 'Bar chart',
    'stacked-bar': 'Stacked bar chart',
    line: 'Line chart',
    area: 'Area chart',
    pie: 'Pie chart',
    doughnut: 'Doughnut chart',
    scatter: 'Scatter chart',
    combo: 'Column and line chart',
    waterfall: 'Waterfall chart',
  },
  chartOf: (kind, what) => `${kind} of ${what}`,
  lowest: (v, at) => `lowest ${v} in ${at}`,
  highest: (v, at) => `highest ${v} in ${at}`,
  lastValue: (v, at) => `${v} in ${at}`,
  change: (up, pct) => `${up ? 'up' : 'down'} ${pct} over the period`,
  fromTo: (a, at, b, bt) => `from ${a} in ${at} to ${b} in ${bt}`,
  bridge: (a, at, b, bt) => `from ${a} (${at}) to ${b} (${bt})`,
  biggestRise: (v, at) => `largest increase ${v} (${at})`,
  biggestFall: (v, at) => `largest decrease ${v} (${at})`,
  comma: ', ',
  colon: ': ',
  and: '; ',
};

const KO: Words = {
  agenda: '목차',
  source: '출처: ',
  continued: ' (계속)',
  chartKinds: {
    column: '세로 막대형 차트',
    'stacked-column': '누적 세로 막대형 차트',
    bar: '가로 막대형 차트',
    'stacked-bar': '누적 가로 막대형 차트',
    line: '꺾은선형 차트',
    area: '영역형 차트',
    pie: '원형 차트',
    doughnut: '도넛형 차트',
    scatter: '분산형 차트',
    combo: '막대·꺾은선 혼합 차트',
    waterfall: '폭포 차트',
  },
  chartOf: (kind, what) => `${what} ${kind}`,
  lowest: (v, at) => `최저 ${v}(${at})`,
  highest: (v, at) => `최고 ${v}(${at})`,
  lastValue: (v, at) => `${at} ${v}`,
  change: (up, pct) => `기간 중 ${pct} ${up ? '증가' : '감소'}`,
  fromTo: (a, at, b, bt) => `${at} ${a}에서 ${bt} ${b}(으)로`,
  bridge: (a, at, b, bt) => `${at} ${a}에서 ${bt} ${b}(으)로`,
  biggestRise: (v, at) => `최대 증가 ${v}(${at})`,
  biggestFall: (v, at) => `최대 감소 ${v}(${at})`,
  comma: ', ',
  colon: ': ',
  and: '; ',
};

const ZH: Words = {
  agenda: '目录',
  source: '来源：',
  continued: '（续）',
  chartKinds: {
    column: '柱形图',
    'stacked-column': '堆积柱形图',
    bar: '条形图',
    'stacked-bar': '堆积条形图',
    line: '折线图',
    area: '面积图',
    pie: '饼图',
    doughnut: '圆环图',
    scatter: '散点图',
    combo: '柱形与折线组合图',
    waterfall: '瀑布图',
  },
  chartOf: (kind, what) => `${what}${kind}`,
  lowest: (v, at) => `最低 ${v}（${at}）`,
  highest: (v, at) => `最高 ${v}（${at}）`,
  lastValue: (v, at) => `${at} 为 ${v}`,
  change: (up, pct) => `期间${up ? '上升' : '下降'} ${pct}`,
  fromTo: (a, at, b, bt) => `从 ${at} 的 ${a} 到 ${bt} 的 ${b}`,
  bridge: (a, at, b, bt) => `从 ${a}（${at}）到 ${b}（${bt}）`,
  biggestRise: (v, at) => `最大增幅 ${v}（${at}）`,
  biggestFall: (v, at) => `最大降幅 ${v}（${at}）`,
  comma: '，',
  colon: '：',
  and: '；',
};

const WORDS: Record<Lang, Words> = { en: EN, ko: KO, zh: ZH };

export function wordsFor(lang: string | undefined): Words {
  return WORDS[langOf(lang)];
}
