// One key's alarm state (plain JSON) and the step that advances it: the active level, the runs
// of samples raising or clearing a level, and whether the alarm was acknowledged.

import { clears, Rule, triggers } from './rules';

/** A run of consecutive samples for which a condition held. */
export interface Run {
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

/** How long a level must hold before it is raised, and its clear before it clears. */
export interface Delays {
  forSeconds: number;
  forSamples: number;
  clearForSeconds: number;
  clearForSamples: number;
}

/** What a step did to the value alarm: `level` is the level the event names, `since` when it was raised. */
export interface Change {
  state: 'raised' | 'escalated' | 'deescalated' | 'cleared';
  level: number;
  since: number;
  previous?: number;
}

export function freshState(rule: Rule): KeyState {
  return {
    value: null,
    level: -1,
    since: null,
    acked: false,
    notified: null,
    up: rule.levels.map(() => null),
    down: null,
    stale: null,
  };
}

/** A key with an active value or stale alarm. */
export const isActive = (s: KeyState): boolean => s.level >= 0 || s.stale !== null;

function held(run: Run | null, now: number, seconds: number, samples: number): boolean {
  return run !== null && now - run.since >= seconds * 1000 && run.samples >= samples;
}

/** The run extended by one sample when the condition holds, else none; in place (snapshots copy). */
function extend(run: Run | null, holds: boolean, now: number): Run | null {
  if (!holds) return null;
  if (!run) return { since: now, samples: 1 };
  run.samples += 1;
  return run;
}

/**
 * Advance one key whose last value is `s.value`: the change it causes, if any (at most one).
 * On a timer tick (`isSample` false) the runs are not extended, but a delay in time may be complete.
 */
export function advance(rule: Rule, delays: Delays, s: KeyState, now: number, isSample: boolean): Change | null {
  const v = s.value!;
  const levels = rule.levels;
  if (isSample) {
    levels.forEach((level, i) => (s.up[i] = extend(s.up[i], triggers(rule, level, v), now)));
    if (s.level >= 0) s.down = extend(s.down, clears(rule, levels[s.level], v), now);
  }
  for (let i = levels.length - 1; i > s.level; i--) {
    if (!held(s.up[i], now, delays.forSeconds, delays.forSamples)) continue;
    const previous = s.level;
    s.level = i;
    s.since ??= now;
    // A more severe condition is new information: it must be acknowledged again.
    s.acked = false;
    s.notified = now;
    s.down = null;
    return previous < 0
      ? { state: 'raised', level: i, since: s.since }
      : { state: 'escalated', level: i, since: s.since, previous };
  }
  if (s.level < 0 || !held(s.down, now, delays.clearForSeconds, delays.clearForSamples)) return null;
  const previous = s.level;
  const since = s.since ?? now;
  s.down = null;
  // Lower levels were implicitly active under the higher one: each keeps its own hysteresis.
  let next = previous - 1;
  while (next >= 0 && clears(rule, levels[next], v)) next--;
  if (next < 0) {
    s.level = -1;
    s.since = null;
    s.acked = false;
    s.notified = null;
    return { state: 'cleared', level: previous, since };
  }
  s.level = next;
  s.notified = now;
  return { state: 'deescalated', level: next, since, previous };
}
