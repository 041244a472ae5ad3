import { describe, expect, it } from 'vitest';
import { formatDate } from '../src/layout/date.js';

const intl = (date: string, lang: string) => new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));

describe('the title slide date', () => {
  it('is written in English as Intl writes it, for every day of a leap year and a common one', () => {
    for (const year of [2024, 2026, 1000, 9999]) {
      for (let t = Date.UTC(year, 0, 1); new Date(t).getUTCFullYear() === year; t += 86_400_000) {
        const date = new Date(t).toISOString().slice(0, 10);
        expect(formatDate(date, 'en'), date).toBe(intl(date, 'en'));
        expect(formatDate(date, 'en-US'), date).toBe(intl(date, 'en-US'));
      }
    }
    expect(formatDate('2026-01-12', 'en')).toBe('January 12, 2026');
    expect(formatDate('2026-01-12', '')).toBe('January 12, 2026');
  });

  it('follows the deck language, and shows what it cannot read as written', () => {
    expect(formatDate('2026-01-12', 'ko')).toBe(intl('2026-01-12', 'ko'));
    expect(formatDate('2026-01-12', 'en-GB')).toBe('12 January 2026');
    expect(formatDate('0999-03-04', 'en')).toBe(intl('0999-03-04', 'en'));
    expect(formatDate('next week', 'en')).toBe('next week');
    expect(formatDate('2026-01-12', 'not a language!')).toBe('2026-01-12');
    expect(formatDate(undefined, 'en')).toBeUndefined();
  });
});
