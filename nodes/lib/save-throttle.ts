// When a node writes its whole state to its context store: at most once per interval, however
// often the state changes. A write per change would cost, for a node with many keys going into
// alarm together, a snapshot of every key per event (quadratic overall). Here a change only
// marks the state unsaved and sets a timer:
//
// - an urgent change (an alarm began, changed, ended, was acknowledged or reset) is written at
//   the next turn of the event loop, unless a write began less than `gapMs` ago: then when the
//   gap has passed, so a burst of events costs one write per gap, not one per event;
// - any other change (a plain sample) is written `delayMs` after it, at the latest;
// - a write never starts while the previous one has not called back (a store without a cache
//   writes a file per set: writes must not pile up behind a slow disk);
// - flush() writes the latest state at once (node close) and calls back when the store has it.
//
// No Node-RED import: the node kit passes the write function, which snapshots and sets.
import { realClock, type Clock } from './clock';

export type WriteDone = (err?: Error) => void;

export interface SaveThrottleOptions {
  /** Least time between the starts of two writes (ms). */
  gapMs: number;
  /** Longest time a non-urgent change waits to be written (ms). */
  delayMs: number;
}

export interface SaveThrottle {
  /** The state changed; `urgent` asks for the next turn instead of within delayMs (see above). */
  changed(urgent: boolean): void;
  /**
   * Write the latest state now (after a write in progress, if any), whether or not anything
   * changed, and call `done` when that write called back. Later changes are ignored.
   */
  flush(done: WriteDone): void;
  /** Stop without writing (the state was never read back, or the node was removed). */
  stop(): void;
  /** Writes started so far (for tests and diagnostics). */
  readonly writes: number;
}

export function saveThrottle(
  write: (done: WriteDone) => void,
  options: SaveThrottleOptions,
  clock: Clock = realClock,
): SaveThrottle {
  const { gapMs, delayMs } = options;
  let dirty = false;
  let urgent = false;
  let writing = false;
  let closed = false;
  let lastStart = -Infinity;
  let timer: unknown = null;
  let dueAt = Infinity;
  let writes = 0;
  /** The flush that waits for the write in progress. */
  let afterWrite: (() => void) | null = null;

  function schedule(): void {
    const t = clock.now();
    const due = Math.max(urgent ? t : t + delayMs, lastStart + gapMs);
    if (timer !== null) {
      if (dueAt <= due) return;
      clock.clearTimeout(timer);
    }
    dueAt = due;
    timer = clock.setTimeout(fire, due - t);
  }

  function fire(): void {
    timer = null;
    dueAt = Infinity;
    if (dirty && !writing && !closed) start(() => undefined);
  }

  function start(done: WriteDone): void {
    dirty = false;
    urgent = false;
    writing = true;
    writes++;
    lastStart = clock.now();
    let called = false;
    const written: WriteDone = (err) => {
      // Once only: a write function that throws after calling back must not end twice.
      if (called) return;
      called = true;
      writing = false;
      done(err);
      if (afterWrite) {
        const next = afterWrite;
        afterWrite = null;
        next();
      } else if (dirty && !closed) {
        schedule();
      }
    };
    try {
      write(written);
    } catch (err) {
      written(err as Error);
    }
  }

  return {
    changed(isUrgent) {
      if (closed) return;
      dirty = true;
      // Called for every message: a pending timer is never later than what a plain change
      // would set (it was set earlier, and no write has started since), so no clock read.
      if (!isUrgent && timer !== null) return;
      if (isUrgent) urgent = true;
      // While a write is out, its callback schedules the next one.
      if (!writing) schedule();
    },
    flush(done) {
      if (closed) return done();
      closed = true;
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
      if (writing) afterWrite = () => start(done);
      else start(done);
    },
    stop() {
      closed = true;
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
    },
    get writes() {
      return writes;
    },
  };
}
