// The time and timers that the status gate and the save throttle run on. Passed in, so that a
// test can move time by hand (test/support/fake-clock.ts). Pure: no Node-RED import.

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realClock: Clock = {
  // Monotonic: a wall-clock step (NTP, or someone setting the time) must neither stall nor hurry
  // a timer worked out from it; a step back of an hour would otherwise hold a status an hour.
  now: () => performance.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    // A held status or a pending write must never keep Node-RED (or a test run) alive.
    t.unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};
