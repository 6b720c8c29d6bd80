// The ward board's settings, read once from the node's configuration. No Node-RED here: the
// adapter passes in Node-RED's own check of a msg property path.

import { SeriesSpec } from '../../state/board';

/** A field a tile shows, as the editor's list holds it. */
export interface FieldDef {
  label?: string;
  /** A msg property path, e.g. payload.heartRate. */
  property?: string;
  unit?: string;
  decimals?: string | number;
  /** Keep a trend of this field (charts of the picked key; the sparkline when there is no score). */
  trend?: boolean;
}

export interface FieldSpec {
  label: string;
  path: string;
  unit: string;
  decimals: number;
  trend: boolean;
}

/** The health board's fields (names from nodes/lib/reading.ts of the pack): the editor's defaults. */
export const HEALTH_FIELDS: Required<FieldDef>[] = [
  { label: 'HR', property: 'payload.heartRate', unit: '/min', decimals: 0, trend: true },
  { label: 'RR', property: 'payload.respiratoryRate', unit: '/min', decimals: 0, trend: false },
  { label: 'SpO2', property: 'payload.spo2', unit: '%', decimals: 0, trend: false },
  { label: 'SBP', property: 'payload.systolic', unit: 'mmHg', decimals: 0, trend: false },
  { label: 'T', property: 'payload.temperature', unit: '°C', decimals: 1, trend: false },
  { label: 'ACVPU', property: 'payload.consciousness', unit: '', decimals: 0, trend: false },
];

/** A smart plug's fields (he-energy-meter's reading): the editor's plug preset. */
export const PLUG_FIELDS: Required<FieldDef>[] = [
  { label: 'W', property: 'payload.power', unit: 'W', decimals: 1, trend: true },
  { label: 'Today', property: 'payload.energyToday', unit: 'kWh', decimals: 3, trend: false },
];

export const MAX_FIELDS = 12;

export interface BoardConfig {
  key?: string;
  fields?: FieldDef[];
  score?: string;
  scoreLabel?: string;
  time?: string;
  maxKeys?: string | number;
  interval?: string | number;
  shown?: string | number;
  trendMinutes?: string | number;
  lang?: string;
}

export interface BoardSettings {
  keyPath: string;
  fields: FieldSpec[];
  /** '' = no score (a plug board). */
  scorePath: string;
  scoreLabel: string;
  /** '' = the receive time. */
  timePath: string;
  maxKeys: number;
  intervalMs: number;
  /** Tiles a browser draws at most (the rest are reached with the filter). */
  shown: number;
  trendBucketMs: number;
  /** The trends kept per key, the score's first: the first one is the sparkline. */
  series: SeriesSpec[];
  /** '' (follow Node-RED, then the browser), 'en' or 'ko'. */
  lang: '' | 'en' | 'ko';
}

export const TREND_BUCKETS = 60;

function number(v: unknown, fallback: number, min: number, max: number): number {
  const n = v === undefined || v === null || v === '' ? fallback : Number(v);
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : fallback;
}

const text = (v: unknown, fallback: string): string => (typeof v === 'string' ? v.trim() : fallback);

/**
 * The settings, or the reasons they cannot be used (a property path Node-RED refuses, too many
 * fields). `validPath` is Node-RED's check (RED.util.normalisePropertyExpression not throwing).
 */
export function readSettings(
  config: BoardConfig,
  validPath: (path: string) => boolean,
): { settings: BoardSettings; errors: string[] } {
  const errors: string[] = [];
  const path = (what: string, v: string, optional: boolean): string => {
    const p = v.startsWith('msg.') ? v.slice(4) : v;
    if (p === '' ? !optional : !validPath(p)) errors.push(`${what}: "${v}"`);
    return p;
  };
  const defs = Array.isArray(config.fields) ? config.fields : HEALTH_FIELDS;
  if (defs.length > MAX_FIELDS) errors.push(`fields: ${defs.length} (at most ${MAX_FIELDS})`);
  const fields = defs.slice(0, MAX_FIELDS).map((f, i) => ({
    label: text(f.label, '') || `#${i + 1}`,
    path: path(`field ${i + 1}`, text(f.property, ''), false),
    unit: text(f.unit, ''),
    decimals: Math.round(number(f.decimals, 0, 0, 6)),
    trend: f.trend === true,
  }));
  const scorePath = path('score', text(config.score, 'payload.news2'), true);
  const scoreLabel = text(config.scoreLabel, 'NEWS2') || 'NEWS2';
  const series: SeriesSpec[] = [];
  if (scorePath !== '') series.push({ label: scoreLabel, source: 'score' });
  fields.forEach((f, i) => {
    if (f.trend) series.push({ label: f.label, source: i });
  });
  const lang = config.lang === 'en' || config.lang === 'ko' ? config.lang : '';
  return {
    settings: {
      keyPath: path('key', text(config.key, 'payload.deviceId'), false),
      fields,
      scorePath,
      scoreLabel,
      timePath: path('time', text(config.time, 'payload.timestamp'), true),
      maxKeys: Math.floor(number(config.maxKeys, 1000, 1, 100_000)),
      intervalMs: Math.round(number(config.interval, 1, 0.25, 60) * 1000),
      shown: Math.floor(number(config.shown, 120, 1, 1000)),
      trendBucketMs: Math.round((number(config.trendMinutes, 60, 5, 1440) * 60_000) / TREND_BUCKETS),
      series,
      lang,
    },
    errors,
  };
}
