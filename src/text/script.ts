import type { ScriptLang, TextRun } from '../deck/types.js';

const HANGUL = /[\u1100-\u11FF\u3130-\u318F\uA960-\uA97F\uAC00-\uD7AF\uD7B0-\uD7FF]/;
const KANA = /[\u3040-\u30FF\u31F0-\u31FF]/;
const HAN = /[\u2E80-\u2FDF\u3005\u3007\u3021-\u3029\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]|[\uD840-\uD87F][\uDC00-\uDFFF]/;

const BEYOND_LATIN = /[^\u0000-\u10FF]/;

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
 * Spaces and punctuation between two stretches of the same East Asian script stay inside it
 * ("대한민국 임시정부"); elsewhere they go with the Latin text, so a comma or a space after "김구"
 * is not set in the wider East Asian face.
 */
export function splitByScript(run: TextRun): TextRun[] {
  // No character below U+1100 is East Asian: one run without a lang, as the loop below makes it.
  if (run.text !== '' && !BEYOND_LATIN.test(run.text)) {
    const only = { ...run };
    delete only.lang;
    return [only];
  }
  return splitEachCharacter(run);
}

/** The split itself, character by character (splitByScript without its shortcut for Latin text). */
export function splitEachCharacter(run: TextRun): TextRun[] {
  const chars = [...run.text];
  const langs = chars.map((ch) => scriptOf(ch));
  const out: TextRun[] = [];
  let current: TextRun | undefined;
  let currentLang: ScriptLang | undefined;
  for (let i = 0; i < chars.length; i++) {
    let lang = langs[i];
    if (lang === undefined && currentLang !== undefined && isNeutral(chars[i]!)) {
      let j = i + 1;
      while (j < chars.length && langs[j] === undefined && isNeutral(chars[j]!)) j++;
      if (j < chars.length && langs[j] === currentLang) lang = currentLang;
    }
    if (current && lang === currentLang) {
      current.text += chars[i];
      continue;
    }
    current = { ...run, text: chars[i]! };
    delete current.lang;
    if (lang) current.lang = lang;
    currentLang = lang;
    out.push(current);
  }
  return out.length ? out : [{ ...run }];
}

function isNeutral(ch: string): boolean {
  return /[\s\p{P}\p{S}\d]/u.test(ch);
}

export function hasEastAsian(text: string): boolean {
  for (const ch of text) if (scriptOf(ch)) return true;
  return false;
}
