// The ward board's server-side state: per key the latest values, score and time, the active
// alarms per rule, and bounded trends; at most maxKeys keys, the least recently updated key
// without an active alarm making room for a new one. Changes are tracked so that the browser
// gets, once per interval, only the tiles that changed. No Node-RED here: the adapter reads
// the messages and calls these methods with the time.
//
// Cost per reading or event: a few Map and Set operations and one step per configured field
// and trend, whatever the number of keys. A batch costs in proportion to the tiles that
// changed; only a snapshot (a browser loading the page) walks every key.

import { AlarmEventIn } from './alarm-event';
import { Linked, RecencyList } from './recency';
import { Trend, TrendPoint } from './trend';
import { AlarmView, BoardMessage, FieldValue, ScoreView, TileView } from '../shared/wire';

/** A trend kept per key: of the score's total, or of a numeric field (its index). */
export interface SeriesSpec {
  label: string;
  source: 'score' | number;
}

export interface BoardOptions {
  /** How many fields a tile shows. */
  fields: number;
  /** The trends kept per key; the first one is the tile's sparkline. */
  series: SeriesSpec[];
  maxKeys: number;
  /** Buckets per trend (default 60). */
  trendBuckets?: number;
  /** Length of a bucket, ms (default one minute). */
  trendBucketMs?: number;
}

export interface ReadingIn {
  key: string;
  /** The reading's own time, ms; NaN when it has none (the receive time is used). */
  time: number;
  /** Per configured field: its value, or undefined when this reading does not bring it. */
  values: (FieldValue | undefined)[];
  score?: ScoreView;
}

export type Outcome = { ok: true; evicted?: string } | { ok: false; reason: 'full' };

/** One series of the picked key, for a chart. */
export interface SeriesPoints {
  label: string;
  points: TrendPoint[];
}

/** An acknowledgement from a board is matched to the threshold's answer within this time. */
export const ACK_MEMORY_MS = 120_000;

interface Alarm {
  rule: string;
  severity: string;
  since: number;
  acked: boolean;
  by?: string;
  at?: number;
}

interface Tile extends Linked<Tile> {
  key: string;
  time: number;
  values: FieldValue[];
  times: number[];
  score: ScoreView | null;
  scoreTime: number;
  /** Per rule, its value alarm ("<rule>\0v") and its stale alarm ("<rule>\0s"). */
  alarms: Map<string, Alarm>;
  /** Per series; created with its first value. */
  trends: (Trend | undefined)[];
  sparkChanged: boolean;
}

const SEVERITY_ORDER: Record<string, number> = { critical: 0, warning: 1, stale: 3 };
const severityOrder = (s: string): number => SEVERITY_ORDER[s] ?? 2;

function alarmOrder(a: AlarmView, b: AlarmView): number {
  if (a.acked !== b.acked) return a.acked ? 1 : -1;
  return severityOrder(a.severity) - severityOrder(b.severity) || a.since - b.since;
}

export class BoardState {
  readonly fields: number;
  readonly series: readonly SeriesSpec[];
  readonly maxKeys: number;
  private readonly buckets: number;
  private readonly bucketMs: number;

  private readonly tiles = new Map<string, Tile>();
  /** Tiles without an active alarm, least recently updated first (eviction candidates). */
  private readonly quiet = new RecencyList<Tile>();
  private readonly dirty = new Set<string>();
  private readonly removed = new Set<string>();
  /** Who acknowledged a key from a board, until the threshold's acknowledged event comes. */
  private readonly acks = new Map<string, { by?: string; at: number }>();
  private picked: string | null = null;
  private pickChanged = false;
  /** Set by clear(): the next take() is a snapshot, so browsers drop every tile they hold. */
  private pendingFull = false;
  private pickedTrendChanged = false;

  /** Keys evicted and keys refused (every key held had an active alarm) since the start. */
  evictions = 0;
  refusals = 0;

  constructor(options: BoardOptions) {
    this.fields = options.fields;
    this.series = options.series;
    this.maxKeys = Math.max(1, Math.floor(options.maxKeys));
    this.buckets = options.trendBuckets ?? 60;
    this.bucketMs = options.trendBucketMs ?? 60_000;
  }

  get size(): number {
    return this.tiles.size;
  }

  /** Keys with at least one active alarm. */
  get alarmed(): number {
    return this.tiles.size - this.quiet.size;
  }

  get pick(): string | null {
    return this.picked;
  }

  has(key: string): boolean {
    return this.tiles.has(key);
  }

  reading(r: ReadingIn, now: number): Outcome {
    const got = this.tileFor(r.key);
    if (!got.ok) return got;
    const tile = got.tile;
    // A device clock ahead of ours would otherwise make the reading look newer than now.
    const t = Number.isFinite(r.time) ? Math.min(r.time, now) : now;
    if (t >= tile.time) tile.time = t;
    for (let i = 0; i < this.fields; i++) {
      const v = r.values[i];
      // An older reading (a backlog) does not replace a newer value.
      if (v !== undefined && t >= tile.times[i]) {
        tile.values[i] = v;
        tile.times[i] = t;
      }
    }
    if (r.score !== undefined && t >= tile.scoreTime) {
      tile.score = r.score;
      tile.scoreTime = t;
    }
    for (let j = 0; j < this.series.length; j++) {
      const source = this.series[j].source;
      const v = source === 'score' ? r.score?.total : r.values[source];
      if (typeof v !== 'number') continue;
      const trend = (tile.trends[j] ??= new Trend(this.buckets, this.bucketMs));
      if (trend.add(t, v)) {
        if (j === 0) tile.sparkChanged = true;
        if (r.key === this.picked) this.pickedTrendChanged = true;
      }
    }
    this.dirty.add(r.key);
    return got.evicted === undefined ? { ok: true } : { ok: true, evicted: got.evicted };
  }

  event(e: AlarmEventIn, now: number): Outcome {
    // Nothing to clear on a key the board does not show: no tile for it.
    if (e.state === 'cleared' && !this.tiles.has(e.key)) return { ok: true };
    const got = this.tileFor(e.key);
    if (!got.ok) return got;
    const tile = got.tile;
    const slot = `${e.rule}\u0000${e.severity === 'stale' ? 's' : 'v'}`;
    const prev = tile.alarms.get(slot);
    const ts = Number.isFinite(e.ts) ? e.ts : now;
    const since = Number.isFinite(e.since) ? e.since : (prev?.since ?? ts);
    const base = { rule: e.rule, severity: e.severity, since };
    switch (e.state) {
      case 'cleared':
        tile.alarms.delete(slot);
        break;
      case 'raised':
      case 'escalated':
      case 'renotify':
        // New or repeated because nobody acknowledged it: it needs acknowledging.
        tile.alarms.set(slot, { ...base, acked: false });
        break;
      case 'deescalated':
        tile.alarms.set(
          slot,
          prev?.acked ? { ...base, acked: true, by: prev.by, at: prev.at } : { ...base, acked: false },
        );
        break;
      case 'active':
        tile.alarms.set(
          slot,
          e.acked ? { ...base, acked: true, by: prev?.by, at: prev?.at } : { ...base, acked: false },
        );
        break;
      case 'acknowledged': {
        const ack = this.acks.get(e.key);
        const by = ack && now - ack.at <= ACK_MEMORY_MS ? ack.by : undefined;
        tile.alarms.set(slot, { ...base, acked: true, by, at: ts });
        break;
      }
    }
    if (tile.alarms.size === 0) this.quiet.touch(tile);
    else this.quiet.remove(tile);
    this.dirty.add(e.key);
    return got.evicted === undefined ? { ok: true } : { ok: true, evicted: got.evicted };
  }

  /** A board sent an acknowledgement for key (by: who, when the dashboard tells). */
  ackSent(key: string, by: string | undefined, now: number): void {
    this.acks.delete(key);
    this.acks.set(key, by === undefined ? { at: now } : { by, at: now });
    // Oldest first: drop what is too old to be answered, and never hold more than maxKeys.
    for (const [k, a] of this.acks) {
      if (this.acks.size <= this.maxKeys && now - a.at <= ACK_MEMORY_MS) break;
      this.acks.delete(k);
    }
  }

  /** Forgets one key. */
  remove(key: string): boolean {
    const tile = this.tiles.get(key);
    if (!tile) return false;
    this.tiles.delete(key);
    this.forget(tile);
    return true;
  }

  /** Forgets every key; the next batch tells browsers to empty their boards. */
  clear(): void {
    this.tiles.clear();
    this.quiet.clear();
    this.dirty.clear();
    this.removed.clear();
    this.acks.clear();
    this.setPick(null);
    this.pendingFull = true;
  }

  /** The key whose series go to the charts; null for none. Returns false for an unknown key. */
  setPick(key: string | null): boolean {
    if (key !== null && !this.tiles.has(key)) return false;
    if (key !== this.picked) this.pickChanged = true;
    this.picked = key;
    this.pickedTrendChanged = false;
    return true;
  }

  /** True once after the picked key's trends changed (the adapter re-sends its series). */
  takePickedTrendChange(): boolean {
    const changed = this.pickedTrendChanged;
    this.pickedTrendChanged = false;
    return changed;
  }

  /** The trends of a key, each bucket of its window with a value. */
  seriesOf(key: string, now: number): SeriesPoints[] {
    const tile = this.tiles.get(key);
    return this.series.map((s, j) => ({ label: s.label, points: tile?.trends[j]?.points(now) ?? [] }));
  }

  /**
   * What the browsers need now: with `full` (or after clear()) every tile, otherwise the tiles
   * that changed, the keys forgotten and the pick, since the last call; null when nothing did.
   */
  take(now: number, full = false): BoardMessage | null {
    if (full || this.pendingFull) {
      this.pendingFull = false;
      this.dirty.clear();
      this.removed.clear();
      this.pickChanged = false;
      const tiles: TileView[] = [];
      for (const tile of this.tiles.values()) tiles.push(this.view(tile, now, true));
      return { kind: 'snapshot', now, tiles, picked: this.picked };
    }
    if (this.dirty.size === 0 && this.removed.size === 0 && !this.pickChanged) return null;
    const tiles: TileView[] = [];
    for (const key of this.dirty) {
      const tile = this.tiles.get(key);
      if (tile) tiles.push(this.view(tile, now, false));
    }
    this.dirty.clear();
    const msg: BoardMessage = { kind: 'batch', now, tiles };
    if (this.removed.size > 0) {
      msg.removed = [...this.removed];
      this.removed.clear();
    }
    if (this.pickChanged) {
      msg.picked = this.picked;
      this.pickChanged = false;
    }
    return msg;
  }

  private view(tile: Tile, now: number, withSpark: boolean): TileView {
    const a: AlarmView[] = [];
    let stale = false;
    for (const alarm of tile.alarms.values()) {
      if (alarm.severity === 'stale') stale = true;
      const v: AlarmView = { rule: alarm.rule, severity: alarm.severity, since: alarm.since, acked: alarm.acked };
      if (alarm.by !== undefined) v.by = alarm.by;
      if (alarm.at !== undefined) v.at = alarm.at;
      a.push(v);
    }
    if (a.length > 1) a.sort(alarmOrder);
    const vo = tile.times.map((t) => (t === 0 ? null : tile.time - t));
    const view: TileView = { key: tile.key, t: tile.time, v: tile.values.slice(), vo, s: tile.score, a, stale };
    if ((withSpark || tile.sparkChanged) && this.series.length > 0) {
      const trend = tile.trends[0];
      view.sp = trend ? trend.maxima(now) : [];
      tile.sparkChanged = false;
    }
    return view;
  }

  /** The tile of a key, made when new: the least recently updated quiet key makes room. */
  private tileFor(key: string): { ok: true; tile: Tile; evicted?: string } | { ok: false; reason: 'full' } {
    const existing = this.tiles.get(key);
    if (existing) {
      if (existing.listed) this.quiet.touch(existing);
      return { ok: true, tile: existing };
    }
    let evicted: string | undefined;
    if (this.tiles.size >= this.maxKeys) {
      const oldest = this.quiet.oldest;
      if (!oldest) {
        this.refusals++;
        return { ok: false, reason: 'full' };
      }
      evicted = oldest.key;
      this.tiles.delete(evicted);
      this.forget(oldest);
      this.evictions++;
    }
    const tile: Tile = {
      key,
      time: 0,
      values: new Array<FieldValue>(this.fields).fill(null),
      times: new Array<number>(this.fields).fill(0),
      score: null,
      scoreTime: 0,
      alarms: new Map(),
      trends: [],
      sparkChanged: true,
      older: null,
      newer: null,
      listed: false,
    };
    this.tiles.set(key, tile);
    this.quiet.touch(tile);
    this.removed.delete(key);
    return evicted === undefined ? { ok: true, tile } : { ok: true, tile, evicted };
  }

  private forget(tile: Tile): void {
    const key = tile.key;
    this.quiet.remove(tile);
    this.dirty.delete(key);
    this.acks.delete(key);
    this.removed.add(key);
    if (this.picked === key) this.setPick(null);
  }
}
