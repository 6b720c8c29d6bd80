// The time and timers the status gate and the save throttle run on; a test passes a fake one.

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realClock: Clock = {
  // Monotonic: a wall-clock step (NTP, a user) must neither stall nor hurry a timer.
  now: () => performance.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    // A held status or a pending write must never keep Node-RED (or a test run) alive.
    t.unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};
