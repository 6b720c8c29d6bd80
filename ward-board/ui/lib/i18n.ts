// The board's words in English and Korean, and which of the two a browser shows.
//
// Dashboard 2.0 has no language of its own. The board follows, in this order: the node's
// Language setting (en or ko), Node-RED's own `lang` in settings.js when it is English or
// Korean, then the browser's preferred languages (navigator.languages), then English.

import type { Band } from '../../shared/wire';

export type Lang = 'en' | 'ko';

export interface Words {
  board: string;
  filter: string;
  filterHint: string;
  showing: (n: number, m: number) => string;
  narrow: string;
  matching: (n: number, m: number) => string;
  empty: string;
  noMatch: string;
  band: Record<Band, string>;
  severity: (s: string) => string;
  since: (clock: string) => string;
  acked: string;
  ackedBy: (who: string) => string;
  unacked: string;
  /** The button's text: short, the tile is small (its label for screen readers is ackLabel). */
  ack: string;
  ackLabel: (key: string) => string;
  sending: string;
  stale: string;
  noReading: string;
  ago: (age: string) => string;
  age: (ms: number) => string;
  pick: (key: string) => string;
  picked: string;
  noAlarm: string;
  lowerBound: string;
  trend: (label: string) => string;
  trendRange: (lo: string, hi: string, last: string) => string;
  yes: string;
  no: string;
}

function age(ms: number, s: string, min: string, h: string, d: string, space: string): string {
  const sec = Math.max(0, Math.round(ms / 1000));
  if (sec < 60) return `${sec}${space}${s}`;
  const m = Math.floor(sec / 60);
  if (m < 60) return `${m}${space}${min}`;
  const hours = Math.floor(m / 60);
  if (hours < 48) return `${hours}${space}${h}`;
  return `${Math.floor(hours / 24)}${space}${d}`;
}

const EN: Words = {
  board: 'Ward board',
  filter: 'Filter by key',
  filterHint: 'Type part of a key; case does not matter',
  showing: (n, m) => `Showing ${n} of ${m}`,
  narrow: 'type in the filter to narrow',
  matching: (n, m) => `${n} of ${m} match`,
  empty: 'No tiles yet',
  noMatch: 'No key matches the filter',
  band: { low: 'low', 'low-medium': 'low-medium', medium: 'medium', high: 'high' },
  severity: (s) => s,
  since: (clock) => `since ${clock}`,
  acked: 'acknowledged',
  ackedBy: (who) => `acknowledged by ${who}`,
  unacked: 'not acknowledged',
  ack: 'Ack',
  ackLabel: (key) => `Acknowledge the alarm of ${key}`,
  sending: 'Sending…',
  stale: 'stale',
  noReading: 'no reading yet',
  ago: (a) => `${a} ago`,
  age: (ms) => age(ms, 's', 'min', 'h', 'd', ' '),
  pick: (key) => `Show ${key} in the charts`,
  picked: 'in the charts',
  noAlarm: 'no alarm',
  lowerBound: 'at least',
  trend: (label) => `${label} trend`,
  trendRange: (lo, hi, last) => `from ${lo} to ${hi}, latest ${last}`,
  yes: 'yes',
  no: 'no',
};

const KO: Words = {
  board: '병동 현황판',
  filter: '키로 찾기',
  filterHint: '키의 일부를 입력하십시오 (대소문자 구분 없음)',
  showing: (n, m) => `${m}개 중 ${n}개 표시`,
  narrow: '찾기 칸에 입력해 범위를 좁히십시오',
  matching: (n, m) => `${m}개 중 ${n}개 일치`,
  empty: '아직 타일이 없습니다',
  noMatch: '찾는 키가 없습니다',
  band: { low: '낮음', 'low-medium': '낮음-중간', medium: '중간', high: '높음' },
  severity: (s) => ({ critical: '위급', warning: '경고', stale: '수신 끊김' })[s] ?? s,
  since: (clock) => `${clock}부터`,
  acked: '확인됨',
  ackedBy: (who) => `${who} 확인`,
  unacked: '미확인',
  ack: '확인',
  ackLabel: (key) => `${key} 경보 확인`,
  sending: '보내는 중…',
  stale: '수신 끊김',
  noReading: '아직 측정값 없음',
  ago: (a) => `${a} 전`,
  age: (ms) => age(ms, '초', '분', '시간', '일', ''),
  pick: (key) => `${key} 차트에 표시`,
  picked: '차트에 표시 중',
  noAlarm: '경보 없음',
  lowerBound: '최소',
  trend: (label) => `${label} 추이`,
  trendRange: (lo, hi, last) => `${lo}에서 ${hi}, 최근 ${last}`,
  yes: '예',
  no: '아니요',
};

export const WORDS: Record<Lang, Words> = { en: EN, ko: KO };

/** 'ko' for ko, ko-KR..., 'en' for en, en-US..., null for anything else. */
export function langOf(tag: unknown): Lang | null {
  if (typeof tag !== 'string') return null;
  const base = tag.trim().toLowerCase().split(/[-_]/)[0];
  return base === 'ko' || base === 'en' ? base : null;
}

/** The language to show (see the top of this file). */
export function chooseLang(setting: unknown, nodeRedLang: unknown, browserLangs: readonly string[]): Lang {
  const chosen = langOf(setting) ?? langOf(nodeRedLang);
  if (chosen) return chosen;
  for (const tag of browserLangs) {
    const lang = langOf(tag);
    if (lang) return lang;
  }
  return 'en';
}
