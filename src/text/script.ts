import type { ScriptLang, TextRun } from '../deck/types.js';

const HANGUL = /[\u1100-\u11FF\u3130-\u318F\uA960-\uA97F\uAC00-\uD7AF\uD7B0-\uD7FF]/;
const KANA = /[\u3040-\u30FF\u31F0-\u31FF]/;
const HAN = /[\u2E80-\u2FDF\u3005\u3007\u3021-\u3029\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]|[\uD840-\uD87F][\uDC00-\uDFFF]/;

/** The East Asian script of one character, if any. */
export function scriptOf(ch: string): ScriptLang | undefined {
  if (HANGUL.test(ch)) return 'ko-KR';
  if (KANA.test(ch)) return 'ja-JP';
  if (HAN.test(ch)) return 'zh-CN';
  return undefined;
}

/**
 * Splits runs where the script changes so each Hangul/Hanzi stretch carries its own `lang`:
 * PowerPoint then picks the East Asian font and proofing language for exactly those characters.
 * Spaces and punctuation stay with the run they are in, so a phrase is not cut into pieces.
 */
export function splitByScript(run: TextRun): TextRun[] {
  const out: TextRun[] = [];
  let current: TextRun | undefined;
  let currentLang: ScriptLang | undefined;
  for (const ch of run.text) {
    const lang = scriptOf(ch);
    const neutral = lang === undefined && /[\s\p{P}\p{S}\d]/u.test(ch);
    if (current && (neutral || lang === currentLang)) {
      current.text += ch;
      continue;
    }
    current = { ...run, text: ch };
    delete current.lang;
    if (lang) current.lang = lang;
    currentLang = lang;
    out.push(current);
  }
  return out.length ? out : [{ ...run }];
}

export function hasEastAsian(text: string): boolean {
  for (const ch of text) if (scriptOf(ch)) return true;
  return false;
}
