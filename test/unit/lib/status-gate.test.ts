import assert from 'node:assert/strict';
import { mock } from 'node:test';
import { statusGate } from '../../../nodes/lib/status-gate';
import { fakeClock } from '../../support/fake-clock';

describe('statusGate', () => {
  it('shows the first status at once and only the newest of those within the interval, at its end', () => {
    const { clock, advance } = fakeClock();
    const shown: string[] = [];
    const built: string[] = [];
    const gate = statusGate<string>((s) => shown.push(s), 250, clock);
    const make = (s: string) => () => (built.push(s), s);
    gate.update('a', make('a'));
    assert.deepEqual(shown, ['a']);
    advance(10);
    gate.update('b', make('b'));
    gate.update('c', make('c'));
    assert.deepEqual(shown, ['a'], 'held within the interval');
    advance(239);
    assert.deepEqual(shown, ['a']);
    advance(1);
    assert.deepEqual(shown, ['a', 'c'], 'the newest, when the interval ends');
    assert.deepEqual(built, ['a', 'c'], 'a status that is never shown is never built');
  });

  it('drops a key equal to the last one given, before building it', () => {
    const { clock, advance } = fakeClock();
    const shown: string[] = [];
    const gate = statusGate<string>((s) => shown.push(s), 250, clock);
    gate.update('x', () => 'x1');
    advance(1000);
    gate.update('x', () => assert.fail('unchanged key built'));
    assert.deepEqual(shown, ['x1']);
    gate.update('y', () => 'y');
    assert.deepEqual(shown, ['x1', 'y'], 'a change after a quiet interval shows at once');
  });

  it('takes a number as the key: an equal count is dropped, a string of the same digits is not', () => {
    const { clock, advance } = fakeClock();
    const shown: string[] = [];
    const gate = statusGate<string>((s) => shown.push(s), 250, clock);
    gate.update(1, () => 'one');
    advance(1000);
    gate.update(1, () => assert.fail('unchanged count built'));
    gate.update('1', () => 'text one');
    advance(1000);
    gate.update(2, () => 'two');
    assert.deepEqual(shown, ['one', 'text one', 'two']);
  });

  it('shows an urgent status at once, replacing a held one, and the next update is not taken as unchanged', () => {
    const { clock, advance, pending } = fakeClock();
    const shown: string[] = [];
    const gate = statusGate<string>((s) => shown.push(s), 250, clock);
    gate.update('ok', () => 'ok');
    gate.update('ok2', () => 'ok2');
    gate.now('error');
    assert.equal(pending(), 0, 'the held status is dropped');
    advance(500);
    assert.deepEqual(shown, ['ok', 'error']);
    gate.update('ok', () => 'ok again');
    assert.deepEqual(shown, ['ok', 'error', 'ok again']);
  });

  it('shows nothing after close', () => {
    const { clock, advance, pending } = fakeClock();
    const shown: string[] = [];
    const gate = statusGate<string>((s) => shown.push(s), 250, clock);
    gate.update('a', () => 'a');
    gate.update('b', () => 'b');
    gate.close();
    assert.equal(pending(), 0);
    advance(1000);
    gate.update('c', () => 'c');
    gate.now('d');
    assert.deepEqual(shown, ['a']);
  });

  it('with the real clock, a held status appears within the interval', async () => {
    const shown: string[] = [];
    const gate = statusGate<string>((s) => shown.push(s), 30);
    gate.update('a', () => 'a');
    gate.update('b', () => 'b');
    assert.deepEqual(shown, ['a']);
    await new Promise((r) => setTimeout(r, 80));
    assert.deepEqual(shown, ['a', 'b']);
    gate.close();
  });

  it('is not held by the wall clock being set back (it times on a monotonic clock)', async () => {
    const shown: string[] = [];
    const gate = statusGate<string>((s) => shown.push(s), 50);
    gate.update('a', () => 'a');
    // Someone (or NTP) sets the wall clock an hour back.
    mock.timers.enable({ apis: ['Date'], now: Date.now() - 3_600_000 });
    try {
      await new Promise((r) => setTimeout(r, 80));
      gate.update('b', () => 'b');
      assert.deepEqual(shown, ['a', 'b'], 'shown at once: the interval has passed');
    } finally {
      mock.timers.reset();
      gate.close();
    }
  });
});
