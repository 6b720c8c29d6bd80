// Run something once Node-RED has created every node of the flows it is starting. A node's
// constructor runs while its flow is being built: the nodes after it do not exist yet, and a
// message sent to one of them then is dropped without a word (the runtime looks up the
// destination when the message is sent, and finds nothing). Node-RED emits 'flows:started' on
// RED.events once every node of a start or a deploy has been created, full or partial.
//
// One listener per event emitter, shared by every waiting node: a listener per node would set
// off Node's "possible EventEmitter memory leak" warning beyond ten nodes. No Node-RED import:
// the caller passes RED.events.
import type { EventEmitter } from 'events';

export const FLOWS_STARTED = 'flows:started';

const waiting = new WeakMap<EventEmitter, Set<() => void>>();

/**
 * Call `run` at the next 'flows:started' on `events` (once). Returns a function that cancels
 * the wait (for a node closed before its flows started). A `run` that throws does not keep the
 * others from running; its error is passed to `onError`.
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
  return () => {
    set.delete(entry);
  };
}
