// Run something once Node-RED has created every node of the flows it starts ('flows:started' on
// RED.events): a message sent from a constructor to a node not yet created is dropped silently.
// One listener per emitter for every waiting node: one per node would trip Node's "possible
// EventEmitter memory leak" warning beyond ten nodes.
import type { EventEmitter } from 'events';

export const FLOWS_STARTED = 'flows:started';

const waiting = new WeakMap<EventEmitter, Set<() => void>>();

/**
 * Call `run` at the next 'flows:started' on `events`; a `run` that throws goes to `onError` and
 * does not keep the others from running. Returns a function that cancels the wait.
 */
export function whenFlowsStarted(events: EventEmitter, run: () => void, onError: (err: unknown) => void): () => void {
  let due = waiting.get(events);
  if (due === undefined) {
    const set = new Set<() => void>();
    waiting.set(events, set);
    events.on(FLOWS_STARTED, () => {
      const now = [...set];
      set.clear();
      for (const f of now) f();
    });
    due = set;
  }
  const entry = () => {
    try {
      run();
    } catch (err) {
      onError(err);
    }
  };
  due.add(entry);
  const set = due;
  return () => set.delete(entry);
}
