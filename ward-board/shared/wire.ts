// What the server sends the browser and the browser sends back: one definition for the runtime
// (compiled by tsc) and the Vue component (bundled by Vite). Plain JSON, short property names:
// a snapshot of 1,000 tiles goes over the socket in one message.

export const BANDS = ['low', 'low-medium', 'medium', 'high'] as const;
export type Band = (typeof BANDS)[number];

export const isBand = (v: unknown): v is Band => typeof v === 'string' && (BANDS as readonly string[]).includes(v);

/** A field's latest value: a number, a short text (ACVPU "A"), a yes/no, or nothing yet. */
export type FieldValue = number | string | boolean | null;

export interface ScoreView {
  total: number;
  band: Band | null;
  /** False when the score is a lower bound (not every parameter was measured). */
  complete: boolean;
}

export interface AlarmView {
  rule: string;
  /** warning, critical, a level's own name, or "stale". */
  severity: string;
  /** When the alarm was first raised, ms since the epoch. */
  since: number;
  acked: boolean;
  /** Who acknowledged it from a board, when the dashboard said (msg._client). */
  by?: string;
  /** When it was acknowledged, ms. */
  at?: number;
}

export interface TileView {
  key: string;
  /** Time of the latest reading, ms; 0 when only alarm events came. */
  t: number;
  /** Per configured field, its latest value. */
  v: FieldValue[];
  /**
   * Per configured field, how much older than `t` the reading that brought its value is, ms:
   * 0 when it came with the latest reading (nearly always), null when there is no value yet.
   * Relative, so that a batch carries short numbers.
   */
  vo: (number | null)[];
  s: ScoreView | null;
  /** Active alarms, value alarms before stale ones. */
  a: AlarmView[];
  stale: boolean;
  /**
   * The sparkline: per trend bucket the highest value in it, oldest first, the last bucket
   * being the one that holds the batch's time; null where nothing came. Sent when it changed.
   */
  sp?: (number | null)[];
}

export interface BoardMessage {
  /** snapshot: these are all the tiles (replace what you hold); batch: only changed ones. */
  kind: 'snapshot' | 'batch';
  /** The server's clock when sent, ms: ages are counted against it. */
  now: number;
  tiles: TileView[];
  /** Keys forgotten since the last batch. */
  removed?: string[];
  /** The key picked for the charts, null for none (sent when it changed, and in snapshots). */
  picked?: string | null;
}

/** What the browser sends with `widget-action`. */
export type BoardAction =
  { action: 'ack'; key: string } | { action: 'pick'; key: string | null } | { action: 'snapshot' };

/** The longest key the board takes: longer ones are refused as bad input. */
export const MAX_KEY_LENGTH = 200;

/** Reads a browser's action, or null when it is not one (anything may come over a socket). */
export function parseAction(msg: unknown): BoardAction | null {
  if (msg === null || typeof msg !== 'object') return null;
  const m = msg as Record<string, unknown>;
  const okKey = (k: unknown): k is string => typeof k === 'string' && k !== '' && k.length <= MAX_KEY_LENGTH;
  switch (m.action) {
    case 'ack':
      return okKey(m.key) ? { action: 'ack', key: m.key } : null;
    case 'pick':
      if (m.key === null) return { action: 'pick', key: null };
      return okKey(m.key) ? { action: 'pick', key: m.key } : null;
    case 'snapshot':
      return { action: 'snapshot' };
    default:
      return null;
  }
}
