import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { FLOWS_STARTED, whenFlowsStarted } from '../../../nodes/lib/flows-started';

describe('whenFlowsStarted', () => {
  const noError = (err: unknown) => assert.fail(`unexpected error ${err}`);

  it('runs each waiting callback once, at the next flows:started, not before', () => {
    const events = new EventEmitter();
    const ran: string[] = [];
    whenFlowsStarted(events, () => ran.push('a'), noError);
    whenFlowsStarted(events, () => ran.push('b'), noError);
    events.emit('flows:starting');
    assert.equal(ran.length, 0);
    events.emit(FLOWS_STARTED);
    assert.deepEqual(ran, ['a', 'b']);
    events.emit(FLOWS_STARTED);
    assert.deepEqual(ran, ['a', 'b'], 'not again at the next start');
    whenFlowsStarted(events, () => ran.push('c'), noError);
    events.emit(FLOWS_STARTED);
    assert.deepEqual(ran, ['a', 'b', 'c']);
  });

  it('a cancelled wait does not run', () => {
    const events = new EventEmitter();
    const ran: string[] = [];
    const cancel = whenFlowsStarted(events, () => ran.push('closed'), noError);
    whenFlowsStarted(events, () => ran.push('open'), noError);
    cancel();
    events.emit(FLOWS_STARTED);
    assert.deepEqual(ran, ['open']);
  });

  it('one listener on the emitter however many wait (no MaxListeners warning past ten nodes)', () => {
    const events = new EventEmitter();
    let n = 0;
    for (let i = 0; i < 50; i++) whenFlowsStarted(events, () => n++, noError);
    assert.equal(events.listenerCount(FLOWS_STARTED), 1);
    events.emit(FLOWS_STARTED);
    assert.equal(n, 50);
    for (let i = 0; i < 50; i++) whenFlowsStarted(events, () => n++, noError);
    assert.equal(events.listenerCount(FLOWS_STARTED), 1);
  });

  it('a callback that throws is reported and does not keep the others from running', () => {
    const events = new EventEmitter();
    const errors: unknown[] = [];
    const ran: string[] = [];
    whenFlowsStarted(
      events,
      () => {
        throw new Error('boom');
      },
      (err) => errors.push(err),
    );
    whenFlowsStarted(events, () => ran.push('after'), noError);
    events.emit(FLOWS_STARTED);
    assert.deepEqual(ran, ['after']);
    assert.deepEqual(
      errors.map((e) => (e as Error).message),
      ['boom'],
    );
  });
});
