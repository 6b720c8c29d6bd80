// Alarm events as he-threshold sends them on its first output (see its help): a message whose
// payload has a string key, rule, severity and a known state. Anything else with a key is a
// reading.

export const ALARM_STATES = [
  'raised',
  'escalated',
  'deescalated',
  'cleared',
  'renotify',
  'acknowledged',
  'active',
] as const;
export type AlarmState = (typeof ALARM_STATES)[number];

export interface AlarmEventIn {
  key: string;
  rule: string;
  severity: string;
  state: AlarmState;
  /** When the alarm was first raised, ms (NaN when the event did not say). */
  since: number;
  /** When the event happened, ms (NaN when the event did not say). */
  ts: number;
  /** `active` events: whether the alarm was acknowledged. */
  acked?: boolean;
}

const isText = (v: unknown): v is string => typeof v === 'string' && v !== '';

/** The event in a payload, or null when the payload is not an alarm event. */
export function alarmEventOf(payload: unknown): AlarmEventIn | null {
  if (payload === null || typeof payload !== 'object') return null;
  const p = payload as Record<string, unknown>;
  if (
    !isText(p.key) ||
    !isText(p.rule) ||
    !isText(p.severity) ||
    !(ALARM_STATES as readonly unknown[]).includes(p.state)
  )
    return null;
  const event: AlarmEventIn = {
    key: p.key,
    rule: p.rule,
    severity: p.severity,
    state: p.state as AlarmState,
    since: timeOf(p.since),
    ts: timeOf(p.ts),
  };
  if (typeof p.acked === 'boolean') event.acked = p.acked;
  return event;
}

/** ISO 8601 text or ms since the epoch; NaN for anything else. */
export function timeOf(v: unknown): number {
  if (typeof v === 'number') return Number.isFinite(v) ? v : NaN;
  if (typeof v === 'string' && v !== '') return Date.parse(v);
  return NaN;
}
