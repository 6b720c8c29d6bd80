// What the threshold node says: an alarm event on output 1, msg.alarm on output 2.

/** `active`: no change, a report of an alarm that is active (see ThresholdEngine.report). */
export type AlarmState = 'raised' | 'escalated' | 'deescalated' | 'cleared' | 'renotify' | 'acknowledged' | 'active';

export interface AlarmEvent {
  key: string;
  rule: string;
  /** The level's severity, or "stale" for the silent-key alarm. */
  severity: string;
  state: AlarmState;
  /** The key's last good value. */
  value: number | string | null;
  /** The level's threshold: a number, [low, high] for bands, the values for equals; staleSeconds for stale. */
  threshold: number | [number, number] | string[] | null;
  /** When this alarm was first raised, when this event happened (ISO 8601). */
  since: string;
  ts: string;
  /** escalated/deescalated: the severity before. */
  previous?: string;
  /** cleared by something other than the value: "reset" or "evicted". */
  reason?: 'reset' | 'evicted';
  /** stale events: when the key was last seen (ISO 8601). */
  lastSeen?: string;
  /** active events only: whether the alarm has been acknowledged. */
  acked?: boolean;
}

/** msg.alarm on the pass-through output. */
export interface AlarmView {
  key: string;
  rule: string;
  active: boolean;
  severity: string | null;
  since: string | null;
  acked: boolean;
  stale: boolean;
  value: number | string | null;
}
