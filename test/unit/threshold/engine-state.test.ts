// The threshold engine's state across restarts and under any sequence of operations: a
// snapshot is a copy (what happens after it never reaches it), a restored engine goes on as the
// live one would, and the active count always equals the keys with an active alarm.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ThresholdEngine } from '../../../nodes/threshold/engine';
import { compileRule } from '../../../nodes/threshold/rules';

const rule = compileRule('r', 'above', [
  { severity: 'warning', threshold: 5, hysteresis: 1 },
  { severity: 'high', threshold: 7, hysteresis: 1 },
]);

describe('threshold engine: snapshot and restore, as a restart sees them', () => {
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
    assert.deepEqual(
      b.evaluate('k', 6, 2000).map((e) => `${e.state} ${e.severity}`),
      ['raised warning'],
    );
  });
  it('an engine restored from a snapshot after any sample gives the same events as the live one', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c'), fc.integer({ min: 0, max: 10 })), { maxLength: 40 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 1, max: 3 }),
        (samples, forSamples, clearForSamples, maxKeys) => {
          const opts = { rule, forSamples, clearForSamples, maxKeys };
          const live = new ThresholdEngine(opts);
          let saved: unknown = undefined;
          samples.forEach(([key, v], i) => {
            const replay = new ThresholdEngine(opts);
            if (saved !== undefined) replay.restore(JSON.parse(JSON.stringify(saved)));
            assert.deepEqual(live.evaluate(key, v, i * 1000), replay.evaluate(key, v, i * 1000));
            assert.deepEqual(live.report(undefined, i * 1000), replay.report(undefined, i * 1000));
            saved = live.snapshot();
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('threshold engine: the active count', () => {
  /** Keys with a value or stale alarm, from the engine's own snapshot. */
  const counted = (eng: ThresholdEngine) => eng.snapshot().keys.filter((k) => k.level >= 0 || k.stale !== null).length;
  const op = fc.oneof(
    fc.tuple(fc.constant('sample' as const), fc.constantFrom('a', 'b', 'c', 'd'), fc.integer({ min: 0, max: 10 })),
    fc.tuple(fc.constant('tick' as const), fc.constant(''), fc.constant(0)),
    fc.tuple(fc.constant('ack' as const), fc.constantFrom('a', 'b', ''), fc.constant(0)),
    fc.tuple(fc.constant('reset' as const), fc.constantFrom('a', 'b', ''), fc.constant(0)),
    fc.tuple(fc.constant('restore' as const), fc.constant(''), fc.constant(0)),
  );
  it('equals the keys with an active alarm after any samples, ticks, acks, resets, evictions, stale and idle keys, restores', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(op, fc.integer({ min: 0, max: 40 })), { maxLength: 60 }),
        fc.integer({ min: 1, max: 4 }),
        fc.constantFrom(0, 10),
        fc.constantFrom(0, 2),
        (ops, maxKeys, staleSeconds, forSeconds) => {
          const opts = {
            rule,
            maxKeys,
            staleSeconds,
            idleSeconds: staleSeconds ? 25 : 0,
            forSeconds,
            renotifySeconds: 5,
          };
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
            assert.ok(eng.size <= maxKeys);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
