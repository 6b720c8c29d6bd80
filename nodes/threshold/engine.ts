// The alarm engine of the threshold node: per-key state machine with severity levels,
// hysteresis, raise/clear delays, re-notification, acknowledgement, stale detection and a
// bounded key map. No Node-RED and no clock of its own: every call takes `now` (ms), so
// tests drive it with a fake clock and the node with Date.now(). State is plain JSON.

import type { AlarmEvent, AlarmState, AlarmView } from './alarm';
import { advance, Change, Delays, freshState, isActive, KeyState } from './key-state';
import { Rule } from './rules';
import { Entry, readSnapshot, Snapshot, takeSnapshot } from './snapshot';
import { LruMap } from '../lib/lru-map';

export type { AlarmEvent, AlarmState, AlarmView } from './alarm';
export type { KeyState } from './key-state';
export type { Snapshot } from './snapshot';

export interface EngineOptions extends Partial<Delays> {
  rule: Rule;
  // Delays: raise or escalate only when the level has held forSeconds and forSamples; clear or
  // de-escalate only when back past the clear point clearForSeconds and clearForSamples.
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
  /**
   * How many keys are active, kept up to date by every change, so that the node's status
   * after an event does not walk every key (with every key in alarm that was quadratic).
   */
  private active = 0;

  constructor(options: EngineOptions) {
    this.rule = options.rule;
    const o = {
      forSeconds: options.forSeconds ?? 0,
      forSamples: options.forSamples ?? 0,
      clearForSeconds: options.clearForSeconds ?? 0,
      clearForSamples: options.clearForSamples ?? 0,
      renotifySeconds: options.renotifySeconds ?? 0,
      maxKeys: options.maxKeys ?? 1000,
      idleSeconds: options.idleSeconds ?? 0,
      staleSeconds: options.staleSeconds ?? 0,
    };
    for (const [name, v] of Object.entries(o)) {
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
        throw new RangeError(`${name} must be a number of 0 or more (got ${v})`);
    }
    if (o.forSamples % 1 || o.clearForSamples % 1)
      throw new RangeError('forSamples and clearForSamples must be whole numbers');
    if (o.staleSeconds > 0 && o.idleSeconds > 0 && o.idleSeconds <= o.staleSeconds) {
      throw new RangeError(
        `idleSeconds (${o.idleSeconds}) must be longer than staleSeconds (${o.staleSeconds}), or a key is forgotten before it can go stale`,
      );
    }
    if (!Number.isInteger(o.maxKeys) || o.maxKeys < 1)
      throw new RangeError(`maxKeys must be a whole number of at least 1 (got ${o.maxKeys})`);
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
    if (change) events.push(this.changeEvent(key, s, change, now));
    this.count(was, s);
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
      // The last value is taken to persist between samples (as Prometheus does), but not
      // once the key has gone stale.
      if (!s.stale && s.value !== null) {
        const change = advance(this.rule, o, s, now, false);
        if (change) events.push(this.changeEvent(e.key, s, change, now));
      }
      if (o.staleSeconds > 0 && !s.stale && now - e.seen >= o.staleSeconds * 1000) {
        s.stale = { since: now, acked: false, notified: now };
        events.push(this.staleEvent(e, 'raised', now, { lastSeen: iso(e.seen) }));
      }
      if (every > 0 && s.level >= 0 && !s.acked && s.notified !== null && now - s.notified >= every) {
        s.notified = now;
        events.push(this.levelEvent(e.key, s, s.level, 'renotify', now));
      }
      if (every > 0 && s.stale && !s.stale.acked && now - s.stale.notified >= every) {
        s.stale.notified = now;
        events.push(this.staleEvent(e, 'renotify', now, { lastSeen: iso(e.seen) }));
      }
      this.count(was, s);
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
        events.push(this.levelEvent(e.key, s, s.level, 'acknowledged', now));
      }
      if (s.stale && !s.stale.acked) {
        s.stale.acked = true;
        events.push(this.staleEvent(e, 'acknowledged', now, { lastSeen: iso(e.seen) }));
      }
    }
    return events;
  }

  /**
   * The key's active alarms (or every key's) as `active` events, changing nothing: for a
   * dashboard that has to learn what is active (after a restart, a redeploy, a reload). Keys in
   * the engine's order, least recently seen first (the order a restore keeps); within a key the
   * value alarm before the stale alarm. No active alarm: no event.
   */
  report(key: string | undefined, now: number): AlarmEvent[] {
    const events: AlarmEvent[] = [];
    for (const e of this.select(key)) {
      const s = e.state;
      if (s.level >= 0) events.push(this.levelEvent(e.key, s, s.level, 'active', now, { acked: s.acked }));
      if (s.stale) events.push(this.staleEvent(e, 'active', now, { lastSeen: iso(e.seen), acked: s.stale.acked }));
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
  describe(key: string): AlarmView {
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
   * Load a snapshot saved by snapshot(), replacing the current state. When the rule changed
   * since, active alarms are matched to levels by severity name and pending delays restart;
   * an alarm whose severity no longer exists is dropped and named in the result.
   */
  restore(data: unknown): { restored: number; dropped: string[]; ignored?: string } {
    const { entries, dropped, ignored } = readSnapshot(this.rule, data);
    if (ignored) return { restored: 0, dropped, ignored };
    this.keys.clear();
    for (const e of entries) this.keys.set(e.key, e);
    this.active = 0;
    for (const e of this.keys.values()) if (isActive(e.state)) this.active++;
    return { restored: this.keys.size, dropped };
  }

  private count(was: boolean, s: KeyState): void {
    if (isActive(s) !== was) this.active += was ? -1 : 1;
  }

  /** The key's entry, or every entry (a copy of the list, so that the caller may delete). */
  private select(key: string | undefined): Entry[] {
    if (key === undefined) return [...this.keys.values()];
    const e = this.keys.peek(key);
    return e ? [e] : [];
  }

  /** Clear every active alarm of an entry that is going away. */
  private endAll(e: Entry, now: number, reason: 'reset' | 'evicted'): AlarmEvent[] {
    const s = e.state;
    const out: AlarmEvent[] = [];
    if (s.level >= 0) out.push(this.levelEvent(e.key, s, s.level, 'cleared', now, { reason }));
    if (s.stale) out.push(this.staleEvent(e, 'cleared', now, { reason }));
    return out;
  }

  private changeEvent(key: string, s: KeyState, c: Change, now: number): AlarmEvent {
    const extra = c.previous === undefined ? {} : { previous: this.rule.levels[c.previous].severity };
    return this.event(key, s, this.rule.levels[c.level].severity, c.state, c.since, now, {
      threshold: this.rule.levels[c.level].shown,
      ...extra,
    });
  }

  private levelEvent(
    key: string,
    s: KeyState,
    index: number,
    state: AlarmState,
    now: number,
    extra: Partial<AlarmEvent> = {},
  ): AlarmEvent {
    const level = this.rule.levels[index];
    return this.event(key, s, level.severity, state, s.since ?? now, now, { threshold: level.shown, ...extra });
  }

  /** An event of the stale alarm: its threshold is staleSeconds. */
  private staleEvent(e: Entry, state: AlarmState, now: number, extra: Partial<AlarmEvent> = {}): AlarmEvent {
    return this.event(e.key, e.state, 'stale', state, e.state.stale!.since, now, {
      threshold: this.opt.staleSeconds,
      ...extra,
    });
  }

  private event(
    key: string,
    s: KeyState,
    severity: string,
    state: AlarmState,
    since: number,
    now: number,
    extra: Partial<AlarmEvent> = {},
  ): AlarmEvent {
    return {
      key,
      rule: this.rule.name,
      severity,
      state,
      value: s.value,
      threshold: null,
      since: iso(since),
      ts: iso(now),
      ...extra,
    };
  }
}
