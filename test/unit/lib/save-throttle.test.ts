import assert from 'node:assert/strict';
import fc from 'fast-check';
import { saveThrottle, WriteDone } from '../../../nodes/lib/save-throttle';
import { fakeClock } from '../../support/fake-clock';

const PERIOD_MS = 1000;

/** A store that calls back at once (memory, cached localfilesystem); records when it was written. */
function syncStore(now: () => number) {
  const at: number[] = [];
  return { at, write: (done: WriteDone) => (at.push(now()), done()) };
}

describe('saveThrottle', () => {
  it('writes an urgent change at the next turn when nothing was written for a while', () => {
    const { clock, advance, now } = fakeClock(5000);
    const store = syncStore(now);
    const saver = saveThrottle(store.write, PERIOD_MS, clock);
    saver.changed(true);
    assert.deepEqual(store.at, [], 'not within the call');
    advance(0);
    assert.deepEqual(store.at, [5000]);
  });

  it('a burst of urgent changes is one write at once and one when the gap has passed', () => {
    const { clock, advance, now, pending } = fakeClock(5000);
    const store = syncStore(now);
    const saver = saveThrottle(store.write, PERIOD_MS, clock);
    for (let i = 0; i < 1000; i++) {
      saver.changed(true);
      advance(1);
    }
    // 1000 changes over 1 s: written at 5000 (first turn), then 6000 when the gap has passed.
    advance(2000);
    assert.deepEqual(store.at, [5000, 6000]);
    assert.equal(pending(), 0, 'nothing left to write, no timer');
  });

  it('stop drops a pending change without writing, and ignores later ones (a removed node)', () => {
    const { clock, advance, now, pending } = fakeClock(5000);
    const store = syncStore(now);
    const saver = saveThrottle(store.write, PERIOD_MS, clock);
    saver.changed(false);
    saver.stop();
    saver.changed(true);
    advance(5000);
    assert.deepEqual(store.at, []);
    assert.equal(pending(), 0, 'no timer left');
  });

  it('a plain change is written within the period; more changes do not postpone it', () => {
    const { clock, advance, now } = fakeClock(5000);
    const store = syncStore(now);
    const saver = saveThrottle(store.write, PERIOD_MS, clock);
    saver.changed(false);
    advance(600);
    saver.changed(false);
    advance(399);
    assert.deepEqual(store.at, []);
    advance(1);
    assert.deepEqual(store.at, [6000]);
  });

  it('an urgent change brings a pending plain write forward, within the gap', () => {
    const { clock, advance, now } = fakeClock(5000);
    const store = syncStore(now);
    const saver = saveThrottle(store.write, PERIOD_MS, clock);
    saver.changed(true);
    advance(100); // written at 5000
    saver.changed(false); // due at 6100
    advance(200);
    saver.changed(true); // due at 6000: the gap after the write at 5000
    advance(2000);
    assert.deepEqual(store.at, [5000, 6000]);
  });

  it('never starts a write before the previous one called back; a change meanwhile is written after it', () => {
    const { clock, advance, now } = fakeClock(5000);
    const starts: number[] = [];
    let callback: WriteDone | null = null;
    const saver = saveThrottle((done) => (starts.push(now()), (callback = done)), PERIOD_MS, clock);
    saver.changed(true);
    advance(0);
    saver.changed(true);
    advance(5000); // a slow store: no second write while the first is out
    assert.deepEqual(starts, [5000]);
    callback!();
    advance(0);
    assert.deepEqual(starts, [5000, 10000]);
  });

  it('flush writes now, waits for a write in progress, calls back once written, then ignores changes', () => {
    const { clock, advance, now, pending } = fakeClock(5000);
    const starts: number[] = [];
    let callback: WriteDone | null = null;
    const saver = saveThrottle((done) => (starts.push(now()), (callback = done)), PERIOD_MS, clock);
    saver.changed(true);
    advance(0);
    saver.changed(false);
    let flushed = 0;
    saver.flush(() => flushed++);
    assert.deepEqual(starts, [5000], 'waits for the write in progress');
    callback!();
    assert.deepEqual(starts, [5000, 5000], 'then writes the latest state');
    assert.equal(flushed, 0, 'calls back only when that write did');
    callback!();
    assert.equal(flushed, 1);
    saver.changed(true);
    advance(5000);
    assert.deepEqual(starts, [5000, 5000]);
    assert.equal(pending(), 0);
  });

  it('flush writes even when nothing changed, and passes on the store error', () => {
    const { clock } = fakeClock(5000);
    const err = new Error('disk full');
    let writes = 0;
    const saver = saveThrottle((done) => (writes++, done(err)), PERIOD_MS, clock);
    let got: Error | undefined;
    saver.flush((e) => (got = e));
    assert.equal(writes, 1);
    assert.equal(got, err);
  });

  it('a write function that throws counts as a failed write and the next change is still written', () => {
    const { clock, advance } = fakeClock(5000);
    let calls = 0;
    const saver = saveThrottle(
      () => {
        calls++;
        if (calls === 1) throw new Error('boom');
      },
      PERIOD_MS,
      clock,
    );
    saver.changed(true);
    advance(0);
    saver.changed(true);
    advance(1000);
    assert.equal(calls, 2);
  });

  it('over any sequence of changes: writes spaced by the gap, none pending at the end of a quiet time, every change written', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 1500 })), { maxLength: 60 }), (steps) => {
        const { clock, advance, now } = fakeClock(5000);
        const store = syncStore(now);
        let changedAt = -1;
        let writtenAt = -1;
        const saver = saveThrottle((done) => (store.write(done), (writtenAt = now())), PERIOD_MS, clock);
        for (const [urgent, wait] of steps) {
          saver.changed(urgent);
          changedAt = now();
          advance(wait);
        }
        advance(PERIOD_MS);
        for (let i = 1; i < store.at.length; i++)
          assert.ok(store.at[i] - store.at[i - 1] >= PERIOD_MS, `writes at ${store.at}`);
        if (steps.length) assert.ok(writtenAt >= changedAt, 'the last change is written');
        assert.ok(store.at.length <= steps.length);
      }),
      { numRuns: 300 },
    );
  });
});
