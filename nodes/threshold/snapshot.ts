// The threshold engine's state as JSON for the node's context store, and back. A snapshot names
// its rule, so that after a change of rule active alarms are matched to levels by severity name.

import { freshState, KeyState } from './key-state';
import { fingerprint, Rule } from './rules';

/** One key as the engine holds it. */
export interface Entry {
  key: string;
  /** When the key last sent a sample (ms). */
  seen: number;
  state: KeyState;
}

export interface Snapshot {
  version: 1;
  rule: string;
  /** `severity` names the active level, so that a changed rule can still match it. */
  keys: (KeyState & { key: string; seen: number; severity: string | null })[];
}

/**
 * Entries in the order given (least recently seen first), copied so that later changes do not
 * reach it. Each field is named rather than spread in: the context store holds one of these per
 * key, and the spread-then-overwritten object took 31 bytes a key more (bench threshold-memory).
 */
export function takeSnapshot(rule: Rule, entries: Iterable<Entry>): Snapshot {
  const keys = [...entries].map(({ key, seen, state: s }) => ({
    key,
    seen,
    severity: s.level >= 0 ? rule.levels[s.level].severity : null,
    value: s.value,
    level: s.level,
    since: s.since,
    acked: s.acked,
    notified: s.notified,
    up: s.up.map((r) => r && { ...r }),
    down: s.down && { ...s.down },
    stale: s.stale && { ...s.stale },
  }));
  return { version: 1, rule: fingerprint(rule), keys };
}

/**
 * The entries of a snapshot, least recently seen first, checking every field (the store may hold
 * anything); `dropped`: keys whose active alarm has no level of its severity in the rule now.
 */
export function readSnapshot(rule: Rule, data: unknown): { entries: Entry[]; dropped: string[]; ignored?: string } {
  const snap = data as Snapshot;
  if (!snap || typeof snap !== 'object' || snap.version !== 1 || !Array.isArray(snap.keys)) {
    return { entries: [], dropped: [], ignored: 'not a threshold state snapshot' };
  }
  const sameRule = snap.rule === fingerprint(rule);
  const dropped: string[] = [];
  const n = rule.levels.length;
  const rows = snap.keys
    .filter((k) => k && typeof k.key === 'string' && Number.isFinite(k.seen))
    .sort((a, b) => a.seen - b.seen);
  const entries = rows.map((k): Entry => {
    const s = freshState(rule);
    s.value = typeof k.value === 'number' || typeof k.value === 'string' ? k.value : null;
    s.stale =
      k.stale && Number.isFinite(k.stale.since)
        ? { since: k.stale.since, acked: !!k.stale.acked, notified: k.stale.notified }
        : null;
    let level = Number.isInteger(k.level) && k.level >= 0 && k.level < n ? k.level : -1;
    if (!sameRule && k.level >= 0) {
      level = typeof k.severity === 'string' ? rule.levels.findIndex((l) => l.severity === k.severity) : -1;
      if (level < 0) dropped.push(k.key);
    }
    if (level >= 0 && Number.isFinite(k.since)) {
      s.level = level;
      s.since = k.since;
      s.acked = !!k.acked;
      s.notified = Number.isFinite(k.notified) ? k.notified : k.since;
    }
    if (sameRule) {
      if (Array.isArray(k.up) && k.up.length === n)
        s.up = k.up.map((r) => (r && Number.isFinite(r.since) ? { since: r.since, samples: r.samples } : null));
      s.down = k.down && Number.isFinite(k.down.since) ? { since: k.down.since, samples: k.down.samples } : null;
    }
    return { key: k.key, seen: k.seen, state: s };
  });
  return { entries, dropped };
}
