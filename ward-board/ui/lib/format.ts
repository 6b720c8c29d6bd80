// Numbers and times as a tile shows them.

import type { FieldValue } from '../../shared/wire';
import type { Lang, Words } from './i18n';

export function formatValue(v: FieldValue, decimals: number, words: Words): string {
  if (v === null) return '–';
  if (typeof v === 'boolean') return v ? words.yes : words.no;
  if (typeof v === 'number') return v.toFixed(decimals);
  return v;
}

const clocks = new Map<Lang, Intl.DateTimeFormat>();

/** Local time of day, hours and minutes (the board shows today's alarms). */
export function formatClock(ms: number, lang: Lang): string {
  let f = clocks.get(lang);
  if (!f) {
    f = new Intl.DateTimeFormat(lang === 'ko' ? 'ko-KR' : 'en-GB', {
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    });
    clocks.set(lang, f);
  }
  return f.format(ms);
}
