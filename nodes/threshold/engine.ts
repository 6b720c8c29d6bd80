// The threshold node's alarm engine: per-key severity levels with hysteresis, raise/clear delays,
// re-notification, acknowledgement, stale keys and a bounded key map. No clock of its own: every
// call takes `now` (ms), so tests drive it with a fake clock. State is plain JSON.
import { advance, Change, Delays, freshState, isActive } from './key-state';
import { Rule } from './rules';
import { Entry, readSnapshot, Snapshot, takeSnapshot } from './snapshot';
import { LruMap } from '../lib/lru-map';

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
  threshold: number | [number, number] | string[];
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

/** Delays: raise only when a level has held forSeconds and forSamples, clear likewise. */
export interface EngineOptions extends Partial<Delays> {
  rule: Rule;
  /** Repeat an active, unacknowledged alarm this often (s); 0 = never. */
  renotifySeconds?: number;
  maxKeys?: number;
  /** Forget keys without an active alarm after this long without a sample (s); 0 = never. */
  idleSeconds?: number;
  /** Raise a "stale" alarm when a key sends nothing for this long (s); 0 = off. */
  staleSeconds?: number;
}

const iso = (ms: number): string => new Date(ms).toISOString();

export class ThresholdEngine {
  readonly rule: Rule;
  private readonly opt: Required<Omit<EngineOptions, 'rule'>>;
  private readonly keys: LruMap<Entry>;
  /** Keys with an active alarm, counted as they change: a status must not walk every key. */
  private active = 0;

  /** The options are the node's checked settings: only their combination is checked here. */
  constructor(options: EngineOptions) {
    const defaults = { forSeconds: 0, forSamples: 0, clearForSeconds: 0, clearForSamples: 0, renotifySeconds: 0 };
    const o = { ...defaults, maxKeys: 1000, idleSeconds: 0, staleSeconds: 0, ...options };
    if (o.staleSeconds > 0 && o.idleSeconds > 0 && o.idleSeconds <= o.staleSeconds) {
      throw new RangeError(
        `idleSeconds (${o.idleSeconds}) must be longer than staleSeconds (${o.staleSeconds}), or a key is forgotten before it can go stale`,
      );
    }
    this.rule = o.rule;
    this.opt = o;
    this.keys = new LruMap<Entry>(o.maxKeys);
  }

  get size(): number {
    return this.keys.size;
  }

  /** Whether tick() has anything to do: the node runs its timer only then. */
  needsTick(): boolean {
    const o = this.opt;
    return (
      o.forSeconds > 0 || o.clearForSeconds > 0 || o.renotifySeconds > 0 || o.idleSeconds > 0 || o.staleSeconds > 0
    );
  }

  /** Feed one parsed sample (see rules.parseValue) for a key. Its events, oldest first. */
  evaluate(key: string, value: number | string, now: number): AlarmEvent[] {
    const events: AlarmEvent[] = [];
    let entry = this.keys.use(key);
    if (entry === undefined) {
      entry = { key, seen: now, state: freshState(this.rule) };
      for (const gone of this.keys.set(key, entry)) {
        if (isActive(gone.state)) this.active--;
        events.push(...this.endAll(gone, now, 'evicted'));
      }
    }
    entry.seen = now;
    const s = entry.state;
    const was = isActive(s);
    if (s.stale) {
      events.push(this.staleEvent(entry, 'cleared', now));
      s.stale = null;
    }
    s.value = value;
    const change = advance(this.rule, this.opt, s, now, true);
    if (change) events.push(this.changeEvent(entry, change, now));
    this.count(was, entry);
    return events;
  }

  /** Time-driven work: delays that complete with time, re-notification, stale keys, idle keys. */
  tick(now: number): AlarmEvent[] {
    const events: AlarmEvent[] = [];
    const o = this.opt;
    const every = o.renotifySeconds * 1000;
    for (const e of this.keys.values()) {
      const s = e.state;
      const was = isActive(s);
      // The last value is taken to persist between samples (as Prometheus does), until stale.
      if (!s.stale && s.value !== null) {
        const change = advance(this.rule, o, s, now, false);
        if (change) events.push(this.changeEvent(e, change, now));
      }
      if (o.staleSeconds > 0 && !s.stale && now - e.seen >= o.staleSeconds * 1000) {
        s.stale = { since: now, acked: false, notified: now };
        events.push(this.staleEvent(e, 'raised', now));
      }
      if (every > 0 && s.level >= 0 && !s.acked && s.notified !== null && now - s.notified >= every) {
        s.notified = now;
        events.push(this.levelEvent(e, s.level, 'renotify', now));
      }
      if (every > 0 && s.stale && !s.stale.acked && now - s.stale.notified >= every) {
        s.stale.notified = now;
        events.push(this.staleEvent(e, 'renotify', now));
      }
      this.count(was, e);
    }
    // Only keys without an alarm are forgotten: the active count stays as it is.
    if (o.idleSeconds > 0)
      this.keys.sweep(
        (e) => now - e.seen >= o.idleSeconds * 1000,
        (e) => isActive(e.state),
      );
    return events;
  }

  /** Acknowledge the key's active alarms (or every key's): they stop re-notifying but stay active. */
  ack(key: string | undefined, now: number): AlarmEvent[] {
    const events: AlarmEvent[] = [];
    for (const e of this.select(key)) {
      const s = e.state;
      if (s.level >= 0 && !s.acked) {
        s.acked = true;
        events.push(this.levelEvent(e, s.level, 'acknowledged', now));
      }
      if (s.stale && !s.stale.acked) {
        s.stale.acked = true;
        events.push(this.staleEvent(e, 'acknowledged', now));
      }
    }
    return events;
  }

  /**
   * The key's active alarms (or every key's) as `active` events, changing nothing: for a
   * dashboard that must learn what is active after a restart or a reload. Least recently seen
   * key first (the order a restore keeps); within a key the value alarm before the stale one.
   */
  report(key: string | undefined, now: number): AlarmEvent[] {
    const events: AlarmEvent[] = [];
    for (const e of this.select(key)) {
      const s = e.state;
      if (s.level >= 0) events.push(this.levelEvent(e, s.level, 'active', now, { acked: s.acked }));
      if (s.stale) events.push(this.staleEvent(e, 'active', now, { acked: s.stale.acked }));
    }
    return events;
  }

  /** Forget the key (or all keys); each active alarm is reported cleared with reason "reset". */
  reset(key: string | undefined, now: number): AlarmEvent[] {
    const events: AlarmEvent[] = [];
    for (const e of this.select(key)) {
      events.push(...this.endAll(e, now, 'reset'));
      if (isActive(e.state)) this.active--;
      this.keys.delete(e.key);
    }
    return events;
  }

  /** What msg.alarm says about a key on the pass-through output. */
  describe(key: string) {
    const s = this.keys.peek(key)?.state;
    const level = s && s.level >= 0 ? this.rule.levels[s.level] : undefined;
    return {
      key,
      rule: this.rule.name,
      active: level !== undefined,
      severity: level ? level.severity : null,
      since: s && s.since !== null ? iso(s.since) : null,
      acked: level ? s!.acked : false,
      stale: !!s?.stale,
      value: s ? s.value : null,
    };
  }

  /** Number of keys with an active value or stale alarm. */
  activeCount(): number {
    return this.active;
  }

  snapshot(): Snapshot {
    return takeSnapshot(this.rule, this.keys.values());
  }

  /**
   * Load a snapshot saved by snapshot(), replacing the current state. Under a changed rule,
   * active alarms are matched to levels by severity and pending delays restart; an alarm whose
   * severity is gone is dropped and its key named in the result.
   */
  restore(data: unknown): { restored: number; dropped: string[]; ignored?: string } {
    const { entries, dropped, ignored } = readSnapshot(this.rule, data);
    if (ignored) return { restored: 0, dropped, ignored };
    this.keys.clear();
    for (const e of entries) this.keys.set(e.key, e);
    this.active = entries.filter((e) => isActive(e.state)).length;
    return { restored: this.keys.size, dropped };
  }

  private count(was: boolean, e: Entry): void {
    if (isActive(e.state) !== was) this.active += was ? -1 : 1;
  }

  /** The key's entry, or every entry (a copy of the list, so that the caller may delete). */
  private select(key: string | undefined): Entry[] {
    if (key === undefined) return [...this.keys.values()];
    const e = this.keys.peek(key);
    return e ? [e] : [];
  }

  /** Clear every active alarm of an entry that is going away. */
  private endAll(e: Entry, now: number, reason: 'reset' | 'evicted'): AlarmEvent[] {
    const out: AlarmEvent[] = [];
    if (e.state.level >= 0) out.push(this.levelEvent(e, e.state.level, 'cleared', now, { reason }));
    if (e.state.stale) out.push(this.staleEvent(e, 'cleared', now, { reason }));
    return out;
  }

  private changeEvent(e: Entry, c: Change, now: number): AlarmEvent {
    const previous = c.previous === undefined ? {} : { previous: this.rule.levels[c.previous].severity };
    return this.levelEvent(e, c.level, c.state, now, previous, c.since);
  }

  private levelEvent(
    e: Entry,
    index: number,
    state: AlarmState,
    now: number,
    extra: Partial<AlarmEvent> = {},
    since = e.state.since ?? now,
  ): AlarmEvent {
    const level = this.rule.levels[index];
    return this.event(e, level.severity, state, since, now, level.shown, extra);
  }

  /** An event of the stale alarm: its threshold is staleSeconds; it tells lastSeen unless it cleared. */
  private staleEvent(e: Entry, state: AlarmState, now: number, extra: Partial<AlarmEvent> = {}): AlarmEvent {
    const lastSeen = state === 'cleared' ? {} : { lastSeen: iso(e.seen) };
    const { since } = e.state.stale!;
    return this.event(e, 'stale', state, since, now, this.opt.staleSeconds, { ...lastSeen, ...extra });
  }

  private event(
    e: Entry,
    severity: string,
    state: AlarmState,
    since: number,
    now: number,
    threshold: AlarmEvent['threshold'],
    extra: Partial<AlarmEvent>,
  ): AlarmEvent {
    const { key } = e;
    return {
      key,
      rule: this.rule.name,
      severity,
      state,
      value: e.state.value,
      threshold,
      since: iso(since),
      ts: iso(now),
      ...extra,
    };
  }
}
