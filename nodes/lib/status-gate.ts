// A node's status shown at most once per interval: Node-RED hands every status to each open
// editor and every Status node, which at thousands of messages a second cost more than the
// node's own work. The first change shows at once; later ones within the interval are held and
// the newest is shown when it ends, so the dot always ends on the latest state.
import { realClock, type Clock } from './clock';

export function statusGate<S>(apply: (status: S) => void, intervalMs = 250, clock: Clock = realClock) {
  let lastKey: string | number | null = null;
  let shownAt = -Infinity;
  let held: (() => S) | null = null;
  let timer: unknown = null;
  let closed = false;

  const fire = () => {
    timer = null;
    const build = held;
    held = null;
    if (build && !closed) {
      shownAt = clock.now();
      apply(build());
    }
  };
  const drop = () => {
    held = null;
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
  };

  return {
    /**
     * Show the status `build()` makes, now or at the end of the interval. `key` names the state:
     * one equal to the last is dropped before anything is built (a count costs no string).
     */
    update(key: string | number, build: () => S): void {
      if (closed || key === lastKey) return;
      lastKey = key;
      if (timer !== null) {
        // Already waiting: only the newest is kept, and the clock need not be read.
        held = build;
        return;
      }
      const t = clock.now();
      if (t - shownAt >= intervalMs) {
        shownAt = t;
        apply(build());
        return;
      }
      held = build;
      timer = clock.setTimeout(fire, Math.max(0, intervalMs - (t - shownAt)));
    },
    /** Show this status now, replacing anything held (errors, clearing on close). */
    now(status: S): void {
      if (closed) return;
      drop();
      // Whatever comes next differs from this, so it must not be dropped as "unchanged".
      lastKey = null;
      shownAt = clock.now();
      apply(status);
    },
    /** Drop anything held and stop the timer. */
    close(): void {
      closed = true;
      drop();
    },
  };
}
