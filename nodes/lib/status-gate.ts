// A node's status shown at most once per interval. Node-RED hands every status to each open
// editor and to every Status node; at a few thousand messages a second a status per message
// cost more than the node's own work, and nobody reads a dot that changes a thousand times a
// second. The first change shows at once; later ones within the interval are held, and only
// the newest is shown when the interval ends, so the dot always ends on the latest state.
// An urgent status (an error) is shown at once and replaces what was held. No Node-RED
// import: the node passes its own node.status.
import { realClock, type Clock } from './clock';

export const DEFAULT_STATUS_INTERVAL_MS = 250;

export interface StatusGate<S> {
  /**
   * Show the status `build()` makes, now or at the end of the interval. `key` names the
   * state: a key equal to the last one given is dropped before anything is built. A number
   * (a count) is a key too, and costs no string per message.
   */
  update(key: string | number, build: () => S): void;
  /** Show this status now, replacing anything held (errors, clearing on close). */
  now(status: S): void;
  /** Drop anything held and stop the timer. */
  close(): void;
}

export function statusGate<S>(
  apply: (status: S) => void,
  intervalMs = DEFAULT_STATUS_INTERVAL_MS,
  clock: Clock = realClock,
): StatusGate<S> {
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

  return {
    update(key, build) {
      if (closed || key === lastKey) return;
      lastKey = key;
      if (timer !== null) {
        // Already waiting for the end of the interval: only the newest is kept, and the clock
        // need not be read (most updates at a high message rate end here).
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
    now(status) {
      if (closed) return;
      held = null;
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
      // Whatever comes next differs from this, so it must not be dropped as "unchanged".
      lastKey = null;
      shownAt = clock.now();
      apply(status);
    },
    close() {
      closed = true;
      held = null;
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
    },
  };
}
