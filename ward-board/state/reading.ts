// What a reading brings to a tile, read from the values the adapter found at the configured
// properties. Values the board cannot show are left out (undefined), never guessed.

import { FieldValue, isBand, ScoreView } from '../shared/wire';

/** The longest text value kept (an ACVPU letter, a device state); longer ones are cut. */
export const MAX_TEXT = 24;

/** A value a tile can show: a finite number, a non-empty text, a yes/no; undefined otherwise. */
export function fieldValueOf(raw: unknown): FieldValue | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
  if (typeof raw === 'boolean') return raw;
  if (typeof raw === 'string') {
    const text = raw.trim();
    return text === '' ? undefined : text.slice(0, MAX_TEXT);
  }
  return undefined;
}

/**
 * A score: an object with a finite `total` (he-news2's `{ total, band, complete }`), or a bare
 * finite number. A band other than the four NEWS2 bands is shown as no band; `complete: false`
 * marks the total as a lower bound.
 */
export function scoreOf(raw: unknown): ScoreView | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? { total: raw, band: null, complete: true } : undefined;
  if (raw === null || typeof raw !== 'object') return undefined;
  const s = raw as Record<string, unknown>;
  if (typeof s.total !== 'number' || !Number.isFinite(s.total)) return undefined;
  return { total: s.total, band: isBand(s.band) ? s.band : null, complete: s.complete !== false };
}
