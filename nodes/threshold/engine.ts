// The alarm engine of the threshold node: per-key state machine with severity levels,
// hysteresis, raise/clear delays, re-notification, acknowledgement, stale detection and a
// bounded key map. No Node-RED and no clock of its own: every call takes `now` (ms), so
// tests drive it with a fake clock and the node with Date.now(). State is plain JSON.

import { clears, fingerprint, Level, Rule, triggers } from './rules';
import { Entry, LruMap } from './lru';

/** `active`: no change, a report of an alarm that is active (see ThresholdEngine.report). */
export type AlarmState = 'raised' | 'escalated' | 'deescalated' | 'cleared' | 'renotify' | 'acknowledged' | 'active';

export interface AlarmEvent {
  key: string;
  rule: string;
  /** The level's severity, or "stale" for the silent-key alarm. */
  severity: string;
  state: AlarmState;
  /** The last good value of the key (null if none yet). */
  value: number | string | null;
  /** The level's threshold: a number, [low, high] for bands, the values for equals; staleSeconds for stale. */
  threshold: number | [number, number] | string[] | null;
  /** When this alarm was first raised (ISO 8601). */
  since: string;
  /** When this event happened (ISO 8601). */
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

export interface EngineOptions {
  rule: Rule;
  /** Raise or escalate only when the level has held this long (s) ... */
  forSeconds?: number;
  /** ... and for this many consecutive samples. Both apply when both are set. */
  forSamples?: number;
  /** Clear or de-escalate only when back past the clear point this long (s) ... */
  clearForSeconds?: number;
  /** ... and for this many consecutive samples. */
  clearForSamples?: number;
  /** Repeat an active, unacknowledged alarm this often (s); 0 = never. */
  renotifySeconds?: number;
  maxKeys?: number;
  /** Forget keys without an active alarm after this long without a sample (s); 0 = never. */
  idleSeconds?: number;
  /** Raise a "stale" alarm when a key sends nothing for this long (s); 0 = off. */
  staleSeconds?: number;
}

/** A run of consecutive samples for which a condition held. */
interface Run {
  since: number;
  samples: number;
}

export interface KeyState {
  value: number | string | null;
  /** Index of the active level, -1 when no value alarm. */
  level: number;
  since: number | null;
  acked: boolean;
  notified: number | null;
  /** Per level: the current run of samples that trigger it. */
  up: (Run | null)[];
  /** The current run of samples past the active level's clear point. */
  down: Run | null;
  stale: { since: number; acked: boolean; notified: number } | null;
}

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

export interface Snapshot {
  version: 1;
  rule: string;
  /** `severity` names the active level, so that a changed rule can still match it. */
  keys: (KeyState & { key: string; seen: number; severity: string | null })[];
}

/**
 * ISO 8601 text of a time. The last one is kept: an alarm event carries `ts` and, when just
 * raised, the same `since`, and a burst of events shares its millisecond; toISOString costs
 * about 1 µs here, three times per event before.
 */
let isoMs = NaN;
let isoText = '';
function iso(ms: number): string {
  if (ms !== isoMs) {
    isoText = new Date(ms).toISOString();
    isoMs = ms;
  }
  return isoText;
}

/**
 * What evaluate() returns when nothing happened (nearly every sample): no array per sample.
 * Frozen, so that a caller that adds to it fails loudly instead of sharing the addition.
 */
const NO_EVENTS = Object.freeze([]) as unknown as AlarmEvent[];

/** A key with an active value or stale alarm. */
const isActive = (s: KeyState): boolean => s.level >= 0 || s.stale !== null;

function held(run: Run | null, now: number, seconds: number, samples: number): boolean {
  return run !== null && now - run.since >= seconds * 1000 && run.samples >= samples;
}

export class ThresholdEngine {
  readonly rule: Rule;
  private readonly opt: Required<Omit<EngineOptions, 'rule'>>;
  private readonly keys: LruMap<KeyState>;
  /**
   * How many keys are active, kept up to date by every change so that the node's status does
   * not walk every key after each event (with every key in alarm that was quadratic).
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
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new RangeError(`${name} must be a number of 0 or more (got ${v})`);
    }
    if (o.forSamples % 1 || o.clearForSamples % 1) throw new RangeError('forSamples and clearForSamples must be whole numbers');
    if (o.staleSeconds > 0 && o.idleSeconds > 0 && o.idleSeconds <= o.staleSeconds) {
      throw new RangeError(`idleSeconds (${o.idleSeconds}) must be longer than staleSeconds (${o.staleSeconds}), or a key is forgotten before it can go stale`);
    }
    this.opt = o;
    this.keys = new LruMap<KeyState>(o.maxKeys);
  }

  get size(): number {
    return this.keys.size;
  }

  /** Whether tick() has anything to do: the node runs its timer only then. */
  needsTick(): boolean {
    const o = this.opt;
    return o.forSeconds > 0 || o.clearForSeconds > 0 || o.renotifySeconds > 0 || o.idleSeconds > 0 || o.staleSeconds > 0;
  }

  /**
   * Feed one parsed sample (see rules.parseValue) for a key. Its events, oldest first; when
   * there are none, a shared (frozen) empty array.
   */
  evaluate(key: string, value: number | string, now: number): AlarmEvent[] {
    let events: AlarmEvent[] | null = null;
    // A known key (nearly every sample) needs no eviction check: the map does not grow.
    let entry = this.keys.see(key, now);
    if (entry === undefined) {
      const touched = this.keys.touch(key, now, () => this.fresh());
      entry = touched.entry;
      for (const e of touched.evicted) {
        if (isActive(e.value)) this.active--;
        (events ??= []).push(...this.endAll(e, now, 'evicted'));
      }
    }
    const s = entry.value;
    const was = isActive(s);
    if (s.stale) {
      (events ??= []).push(this.event(key, s, 'stale', 'cleared', s.stale.since, now, { threshold: this.opt.staleSeconds }));
      s.stale = null;
    }
    s.value = value;
    const ev = this.step(key, s, now, true);
    if (ev !== null) (events ??= []).push(ev);
    if (isActive(s) !== was) this.active += was ? -1 : 1;
    return events ?? NO_EVENTS;
  }

  /** Time-driven work: delays that complete with time, re-notification, stale keys, idle keys. */
  tick(now: number): AlarmEvent[] {
    const events: AlarmEvent[] = [];
    const o = this.opt;
    for (const e of this.keys.values()) {
      const s = e.value;
      const was = isActive(s);
      // The last value is taken to persist between samples (as Prometheus does), but not
      // once the key has gone stale.
      if (!s.stale && s.value !== null) {
        const ev = this.step(e.key, s, now, false);
        if (ev !== null) events.push(ev);
      }
      if (o.staleSeconds > 0 && !s.stale && now - e.seen >= o.staleSeconds * 1000) {
        s.stale = { since: now, acked: false, notified: now };
        events.push(this.event(e.key, s, 'stale', 'raised', now, now, { threshold: o.staleSeconds, lastSeen: iso(e.seen) }));
      }
      if (o.renotifySeconds > 0) {
        const every = o.renotifySeconds * 1000;
        if (s.level >= 0 && !s.acked && s.notified !== null && now - s.notified >= every) {
          s.notified = now;
          events.push(this.levelEvent(e.key, s, s.level, 'renotify', now));
        }
        if (s.stale && !s.stale.acked && now - s.stale.notified >= every) {
          s.stale.notified = now;
          events.push(this.event(e.key, s, 'stale', 'renotify', s.stale.since, now, { threshold: o.staleSeconds, lastSeen: iso(e.seen) }));
        }
      }
      if (isActive(s) !== was) this.active += was ? -1 : 1;
    }
    // Only inactive keys are forgotten: the active count stays as it is.
    if (o.idleSeconds > 0) this.keys.sweepIdle(now, o.idleSeconds * 1000, (e) => isActive(e.value));
    return events;
  }

  /** Acknowledge the key's active alarms (or every key's): they stop re-notifying but stay active. */
  ack(key: string | undefined, now: number): AlarmEvent[] {
    const events: AlarmEvent[] = [];
    for (const e of this.select(key)) {
      const s = e.value;
      if (s.level >= 0 && !s.acked) {
        s.acked = true;
        events.push(this.levelEvent(e.key, s, s.level, 'acknowledged', now));
      }
      if (s.stale && !s.stale.acked) {
        s.stale.acked = true;
        events.push(this.event(e.key, s, 'stale', 'acknowledged', s.stale.since, now, { threshold: this.opt.staleSeconds, lastSeen: iso(e.seen) }));
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
    if (this.active === 0) return events;
    const entries = key === undefined ? this.keys.values() : [this.keys.get(key)];
    for (const e of entries) {
      if (e === undefined) continue;
      const s = e.value;
      if (s.level >= 0) events.push(this.levelEvent(e.key, s, s.level, 'active', now, { acked: s.acked }));
      if (s.stale) {
        events.push(this.event(e.key, s, 'stale', 'active', s.stale.since, now, { threshold: this.opt.staleSeconds, lastSeen: iso(e.seen), acked: s.stale.acked }));
      }
    }
    return events;
  }

  /** Forget the key (or all keys); each active alarm is reported cleared with reason "reset". */
  reset(key: string | undefined, now: number): AlarmEvent[] {
    const events: AlarmEvent[] = [];
    for (const e of this.select(key)) {
      events.push(...this.endAll(e, now, 'reset'));
      if (isActive(e.value)) this.active--;
      this.keys.delete(e.key);
    }
    return events;
  }

  /** What msg.alarm says about a key on the pass-through output. */
  describe(key: string): AlarmView {
    const s = this.keys.get(key)?.value;
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
    const keys: Snapshot['keys'] = [];
    for (const e of this.keys.values()) {
      const s = e.value;
      keys.push({
        key: e.key,
        seen: e.seen,
        severity: s.level >= 0 ? this.rule.levels[s.level].severity : null,
        value: s.value,
        level: s.level,
        since: s.since,
        acked: s.acked,
        notified: s.notified,
        up: s.up.map((r) => (r ? { ...r } : null)),
        down: s.down ? { ...s.down } : null,
        stale: s.stale ? { ...s.stale } : null,
      });
    }
    return { version: 1, rule: fingerprint(this.rule), keys };
  }

  /**
   * Load a snapshot saved by snapshot(), replacing the current state. When the rule changed
   * since, active alarms are matched to levels by severity name and pending delays restart;
   * an alarm whose severity no longer exists is dropped and named in the result.
   */
  restore(data: unknown): { restored: number; dropped: string[]; ignored?: string } {
    const snap = data as Snapshot;
    if (!snap || typeof snap !== 'object' || snap.version !== 1 || !Array.isArray(snap.keys)) {
      return { restored: 0, dropped: [], ignored: 'not a threshold state snapshot' };
    }
    this.keys.clear();
    const sameRule = snap.rule === fingerprint(this.rule);
    const dropped: string[] = [];
    const n = this.rule.levels.length;
    const rows = snap.keys.filter((k) => k && typeof k.key === 'string' && Number.isFinite(k.seen)).sort((a, b) => a.seen - b.seen);
    for (const k of rows) {
      const s = this.fresh();
      s.value = typeof k.value === 'number' || typeof k.value === 'string' ? k.value : null;
      s.stale = k.stale && Number.isFinite(k.stale.since) ? { since: k.stale.since, acked: !!k.stale.acked, notified: k.stale.notified } : null;
      let level = Number.isInteger(k.level) && k.level >= 0 && k.level < n ? k.level : -1;
      if (!sameRule && k.level >= 0) {
        level = typeof k.severity === 'string' ? this.rule.levels.findIndex((l) => l.severity === k.severity) : -1;
        if (level < 0) dropped.push(k.key);
      }
      if (level >= 0 && Number.isFinite(k.since)) {
        s.level = level;
        s.since = k.since;
        s.acked = !!k.acked;
        s.notified = Number.isFinite(k.notified) ? k.notified : k.since;
      }
      if (sameRule) {
        if (Array.isArray(k.up) && k.up.length === n) s.up = k.up.map((r) => (r && Number.isFinite(r.since) ? { since: r.since, samples: r.samples } : null));
        s.down = k.down && Number.isFinite(k.down.since) ? { since: k.down.since, samples: k.down.samples } : null;
      }
      this.keys.insert({ key: k.key, seen: k.seen, value: s });
    }
    this.active = 0;
    for (const e of this.keys.values()) if (isActive(e.value)) this.active++;
    return { restored: this.keys.size, dropped };
  }

  private fresh(): KeyState {
    return { value: null, level: -1, since: null, acked: false, notified: null, up: this.rule.levels.map(() => null), down: null, stale: null };
  }

  private *select(key: string | undefined): Iterable<Entry<KeyState>> {
    if (key === undefined) {
      yield* [...this.keys.values()];
      return;
    }
    const e = this.keys.get(key);
    if (e) yield e;
  }

  /**
   * Advance one key: the event it causes, if any (never more than one). `isSample` is false
   * when called from tick(): the runs are not extended, but a delay measured in time may now
   * be complete. Runs are extended in place: only this state holds them (snapshots copy).
   */
  private step(key: string, s: KeyState, now: number, isSample: boolean): AlarmEvent | null {
    const { rule, opt } = this;
    const v = s.value!;
    const levels = rule.levels;
    if (isSample) {
      for (let i = 0; i < levels.length; i++) {
        const run = s.up[i];
        if (!triggers(rule, levels[i], v)) s.up[i] = null;
        else if (!run) s.up[i] = { since: now, samples: 1 };
        else run.samples += 1;
      }
      if (s.level >= 0) {
        if (!clears(rule, levels[s.level], v)) s.down = null;
        else if (!s.down) s.down = { since: now, samples: 1 };
        else s.down.samples += 1;
      }
    }
    for (let i = levels.length - 1; i > s.level; i--) {
      if (held(s.up[i], now, opt.forSeconds, opt.forSamples)) {
        const previous = s.level;
        s.level = i;
        s.since ??= now;
        // A more severe condition is new information: it must be acknowledged again.
        s.acked = false;
        s.notified = now;
        s.down = null;
        if (previous < 0) return this.levelEvent(key, s, i, 'raised', now);
        return this.levelEvent(key, s, i, 'escalated', now, { previous: levels[previous].severity });
      }
    }
    if (s.level >= 0 && held(s.down, now, opt.clearForSeconds, opt.clearForSamples)) {
      const previous = s.level;
      // Lower levels were implicitly active under the higher one: each keeps its own hysteresis.
      let next = -1;
      for (let i = previous - 1; i >= 0; i--) {
        if (!clears(rule, levels[i], v)) {
          next = i;
          break;
        }
      }
      s.down = null;
      if (next < 0) {
        const ev = this.levelEvent(key, s, previous, 'cleared', now);
        s.level = -1;
        s.since = null;
        s.acked = false;
        s.notified = null;
        return ev;
      }
      s.level = next;
      s.notified = now;
      return this.levelEvent(key, s, next, 'deescalated', now, { previous: levels[previous].severity });
    }
    return null;
  }

  /** Clear every active alarm of an entry that is going away. */
  private endAll(e: Entry<KeyState>, now: number, reason: 'reset' | 'evicted'): AlarmEvent[] {
    const s = e.value;
    const out: AlarmEvent[] = [];
    if (s.level >= 0) out.push(this.levelEvent(e.key, s, s.level, 'cleared', now, { reason }));
    if (s.stale) out.push(this.event(e.key, s, 'stale', 'cleared', s.stale.since, now, { threshold: this.opt.staleSeconds, reason }));
    return out;
  }

  private levelEvent(key: string, s: KeyState, index: number, state: AlarmState, now: number, extra: Partial<AlarmEvent> = {}): AlarmEvent {
    const level: Level = this.rule.levels[index];
    return this.event(key, s, level.severity, state, s.since ?? now, now, { threshold: level.shown, ...extra });
  }

  private event(key: string, s: KeyState, severity: string, state: AlarmState, since: number, now: number, extra: Partial<AlarmEvent> = {}): AlarmEvent {
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
