// When a node writes its whole state to its context store: at most once per period, however
// often it changes (a write per change would snapshot every key per event: quadratic). An urgent
// change (an alarm event) is written at the next turn, or once a period has passed since the last
// write began; any other change within a period. A write never starts before the previous one
// called back: a store without a cache writes a file per set, and writes must not pile up.
import { realClock, type Clock } from './clock';

export type WriteDone = (err?: Error) => void;

export function saveThrottle(write: (done: WriteDone) => void, periodMs: number, clock: Clock = realClock) {
  let dirty = false;
  let urgent = false;
  let writing = false;
  let closed = false;
  let lastStart = -Infinity;
  let timer: unknown = null;
  let dueAt = Infinity;
  /** The flush that waits for the write in progress. */
  let afterWrite: (() => void) | null = null;

  function schedule(): void {
    const t = clock.now();
    const due = Math.max(urgent ? t : t + periodMs, lastStart + periodMs);
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

  function cancel(): void {
    closed = true;
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
  }

  function start(done: WriteDone): void {
    dirty = false;
    urgent = false;
    writing = true;
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
    changed(isUrgent: boolean): void {
      if (closed) return;
      dirty = true;
      // Per message: a pending timer is never later than a plain change would set, so no clock read.
      if (!isUrgent && timer !== null) return;
      if (isUrgent) urgent = true;
      // While a write is out, its callback schedules the next one.
      if (!writing) schedule();
    },
    /** Write the latest state now (after a write in progress), call `done` once written, then ignore changes. */
    flush(done: WriteDone): void {
      if (closed) return done();
      cancel();
      if (writing) afterWrite = () => start(done);
      else start(done);
    },
    /** Stop without writing (the state was never read back, or the node was removed). */
    stop: cancel,
  };
}
