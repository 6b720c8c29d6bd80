// The threshold engine's per-sample shortcuts: a known key is moved to the newest place
// without an eviction pass, and runs of samples are extended in place, which must never
// reach a saved snapshot or change what the delays decide.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ThresholdEngine } from '../../nodes/threshold/engine';
import { LruMap } from '../../nodes/threshold/lru';
import { compileRule } from '../../nodes/threshold/rules';

describe('threshold fast paths: LruMap.see', () => {
  it('moves a known key to the newest place with its new time; a new key is left alone', () => {
    const m = new LruMap<number>(3);
    m.touch('a', 1, () => 1);
    m.touch('b', 2, () => 2);
    assert.equal(m.see('c', 3), undefined);
    assert.equal(m.size, 2);
    const e = m.see('a', 4);
    assert.deepEqual(e, { key: 'a', seen: 4, value: 1 });
    assert.deepEqual([...m.values()].map((x) => x.key), ['b', 'a']);
  });
});

describe('threshold fast paths: runs extended in place', () => {
  const rule = compileRule('r', 'above', [
    { severity: 'warning', threshold: 5, hysteresis: 1 },
    { severity: 'high', threshold: 7, hysteresis: 1 },
  ]);
  it('a snapshot taken mid-run does not change as the run goes on', () => {
    const eng = new ThresholdEngine({ rule, forSamples: 3 });
    eng.evaluate('k', 6, 0);
    eng.evaluate('k', 6, 1000);
    const snap = eng.snapshot();
    const copy = JSON.parse(JSON.stringify(snap));
    eng.evaluate('k', 6, 2000);
    assert.deepEqual(snap, copy);
    assert.deepEqual(snap.keys[0].up, [{ since: 0, samples: 2 }, null]);
  });
  it('a restored run carries on counting from the saved samples', () => {
    const a = new ThresholdEngine({ rule, forSamples: 3 });
    a.evaluate('k', 6, 0);
    a.evaluate('k', 6, 1000);
    const b = new ThresholdEngine({ rule, forSamples: 3 });
    b.restore(JSON.parse(JSON.stringify(a.snapshot())));
    assert.deepEqual(b.evaluate('k', 6, 2000).map((e) => `${e.state} ${e.severity}`), ['raised warning']);
  });
  it('same events as a fresh engine fed from a snapshot after every sample (nothing shared)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('a', 'b'), fc.integer({ min: 0, max: 10 })), { maxLength: 40 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 3 }),
        (samples, forSamples, clearForSamples) => {
          const opts = { rule, forSamples, clearForSamples };
          const live = new ThresholdEngine(opts);
          let saved: unknown = undefined;
          samples.forEach(([key, v], i) => {
            const replay = new ThresholdEngine(opts);
            if (saved !== undefined) replay.restore(JSON.parse(JSON.stringify(saved)));
            const want = replay.evaluate(key, v, i * 1000);
            const got = live.evaluate(key, v, i * 1000);
            assert.deepEqual(got, want);
            saved = live.snapshot();
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('threshold fast paths: the active count is kept, not counted', () => {
  const rule = compileRule('r', 'above', [
    { severity: 'warning', threshold: 5, hysteresis: 1 },
    { severity: 'high', threshold: 7, hysteresis: 1 },
  ]);
  /** What activeCount() walked every key for before: keys with a value or stale alarm. */
  const counted = (eng: ThresholdEngine) => eng.snapshot().keys.filter((k) => k.level >= 0 || k.stale !== null).length;
  const op = fc.oneof(
    fc.tuple(fc.constant('sample' as const), fc.constantFrom('a', 'b', 'c', 'd'), fc.integer({ min: 0, max: 10 })),
    fc.tuple(fc.constant('tick' as const), fc.constant(''), fc.constant(0)),
    fc.tuple(fc.constant('ack' as const), fc.constantFrom('a', 'b', ''), fc.constant(0)),
    fc.tuple(fc.constant('reset' as const), fc.constantFrom('a', 'b', ''), fc.constant(0)),
    fc.tuple(fc.constant('restore' as const), fc.constant(''), fc.constant(0)),
  );
  it('equals a count over every key after any samples, ticks, acks, resets, evictions, stale and idle keys, restores', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(op, fc.integer({ min: 0, max: 40 })), { maxLength: 60 }),
        fc.integer({ min: 1, max: 4 }),
        fc.constantFrom(0, 10),
        fc.constantFrom(0, 2),
        (ops, maxKeys, staleSeconds, forSeconds) => {
          const opts = { rule, maxKeys, staleSeconds, idleSeconds: staleSeconds ? 25 : 0, forSeconds, renotifySeconds: 5 };
          let eng = new ThresholdEngine(opts);
          let now = 0;
          for (const [[kind, key, v], wait] of ops) {
            now += wait * 1000;
            if (kind === 'sample') eng.evaluate(key, v, now);
            else if (kind === 'tick') eng.tick(now);
            else if (kind === 'ack') eng.ack(key || undefined, now);
            else if (kind === 'reset') eng.reset(key || undefined, now);
            else {
              const next = new ThresholdEngine(opts);
              next.restore(JSON.parse(JSON.stringify(eng.snapshot())));
              eng = next;
            }
            assert.equal(eng.activeCount(), counted(eng));
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('threshold fast paths: LruMap as a linked list of slots', () => {
  /** The Map-only LruMap this replaced (delete and set on every sighting): the reference. */
  class ReferenceLru<V> {
    readonly map = new Map<string, { key: string; seen: number; value: V }>();
    constructor(readonly maxKeys: number) {}
    private evict() {
      const out = [];
      for (const oldest of this.map.values()) {
        if (this.map.size <= this.maxKeys) break;
        this.map.delete(oldest.key);
        out.push(oldest);
      }
      return out;
    }
    see(key: string, now: number) {
      const e = this.map.get(key);
      if (!e) return undefined;
      this.map.delete(key);
      e.seen = now;
      this.map.set(key, e);
      return e;
    }
    touch(key: string, now: number, create: () => V) {
      let e = this.map.get(key);
      if (e) {
        this.map.delete(key);
        e.seen = now;
      } else e = { key, seen: now, value: create() };
      this.map.set(key, e);
      return { entry: e, evicted: this.evict() };
    }
    insert(entry: { key: string; seen: number; value: V }) {
      this.map.delete(entry.key);
      this.map.set(entry.key, entry);
      return this.evict();
    }
    sweepIdle(now: number, idleMs: number, keep: (e: { value: V }) => boolean) {
      const out = [];
      for (const e of this.map.values()) {
        if (now - e.seen < idleMs) break;
        if (keep(e)) continue;
        this.map.delete(e.key);
        out.push(e);
      }
      return out;
    }
  }
  const key = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r');
  const op = fc.oneof(
    fc.tuple(fc.constantFrom('see', 'touch', 'insert', 'delete', 'get'), key),
    fc.tuple(fc.constantFrom('sweep', 'clear'), fc.constant('')),
  );
  it('same entries, order, evictions and results as the Map-only version under any operations', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(op, fc.integer({ min: 0, max: 5 })), { maxLength: 200 }), fc.integer({ min: 1, max: 20 }), (ops, maxKeys) => {
        const lru = new LruMap<number>(maxKeys);
        const ref = new ReferenceLru<number>(maxKeys);
        let now = 0;
        let made = 0;
        const view = (e: { key: string; seen: number; value: number } | undefined) => (e ? `${e.key}@${e.seen}=${e.value}` : '-');
        for (const [[kind, k], wait] of ops) {
          now += wait;
          const v = made++;
          let got: unknown;
          let want: unknown;
          if (kind === 'see') [got, want] = [view(lru.see(k, now)), view(ref.see(k, now))];
          else if (kind === 'touch') {
            const a = lru.touch(k, now, () => v);
            const b = ref.touch(k, now, () => v);
            [got, want] = [[view(a.entry), a.evicted.map(view)], [view(b.entry), b.evicted.map(view)]];
          } else if (kind === 'insert') [got, want] = [lru.insert({ key: k, seen: now - 3, value: v }).map(view), ref.insert({ key: k, seen: now - 3, value: v }).map(view)];
          else if (kind === 'delete') [got, want] = [lru.delete(k), ref.map.delete(k)];
          else if (kind === 'get') [got, want] = [view(lru.get(k)), view(ref.map.get(k))];
          else if (kind === 'sweep') {
            const keep = (e: { value: number }) => e.value % 3 === 0;
            [got, want] = [lru.sweepIdle(now, 4, keep).map(view), ref.sweepIdle(now, 4, keep).map(view)];
          } else {
            lru.clear();
            ref.map.clear();
          }
          assert.deepEqual(got, want, kind);
          assert.equal(lru.size, ref.map.size);
          assert.deepEqual([...lru.values()].map(view), [...ref.map.values()].map(view));
        }
      }),
      { numRuns: 500 },
    );
  });
});
