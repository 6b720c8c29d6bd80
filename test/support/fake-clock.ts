// A clock a test moves by hand, for code that takes { now, setTimeout, clearTimeout } (the status
// gate, the save throttle). advance(ms) fires each timer due by then in time order, with now()
// at that timer's time, so a timer set by another timer's callback fires too if it is due.
import type { Clock } from '../../nodes/lib/clock';

export function fakeClock(start = 1000) {
  let t = start;
  let timers: { at: number; fn: () => void; id: number }[] = [];
  let next = 1;
  const clock: Clock = {
    now: () => t,
    setTimeout: (fn, ms) => {
      const id = next++;
      timers.push({ at: t + ms, fn, id });
      return id;
    },
    clearTimeout: (id) => {
      timers = timers.filter((x) => x.id !== id);
    },
  };
  const advance = (ms: number) => {
    const end = t + ms;
    for (;;) {
      const due = timers.filter((x) => x.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      timers = timers.filter((x) => x !== due);
      t = Math.max(t, due.at);
      due.fn();
    }
    t = end;
  };
  return { clock, advance, pending: () => timers.length, now: () => t };
}
