// The plumbing every node of the pack needs, written once, so that a node's runtime file says only
// what the node does: settings read by one rule, translated texts, a throttled status, the pack's
// rejection convention, state kept in context, and close in order. Pure parts in the modules below.
import type { Node, NodeAPI, NodeDef, NodeMessage, NodeMessageInFlow, NodeStatus } from 'node-red';
import { cachedText } from './cached-text';
import { msgPathGetter } from './msg-path';
import { setDefaultClientId } from './mqtt-client-id';
import { saveThrottle } from './save-throttle';
import { SettingsReader } from './settings';
import { statusGate } from './status-gate';

export type Msg = NodeMessageInFlow & Record<string, unknown>;
export type Send = (msg: NodeMessage | (NodeMessage | NodeMessage[] | null)[]) => void;
export type Done = (err?: Error) => void;
export type Params = Record<string, string | number>;

export interface NodeParts {
  input?(msg: Msg, send: Send, done: Done): void;
  /** The status shown when a message is rejected (`count` so far, `reason` this one's). */
  rejectedStatus?(count: number, reason: string): NodeStatus;
  /** `removed`: the node was deleted, not restarted. May return a promise: close waits for it. */
  close?(removed: boolean): void | Promise<unknown>;
}

export interface PersistOptions {
  /** The context key, and the store (undefined: the default one). */
  key: string;
  store?: string;
  /** The state to write; called once per write, never per message. */
  snapshot(): unknown;
  /** Least time between two writes, and longest a change waits to be written (ms). */
  periodMs: number;
}

export interface Persisted {
  /**
   * Reads the saved state and passes it to `restore` (undefined when there is none, or it could
   * not be read: then with a warning). Messages that arrive meanwhile wait, then go in order.
   */
  load(restore: (saved: unknown) => void): void;
  /** The state changed; `urgent` writes it at the next turn (see save-throttle.ts). */
  changed(urgent: boolean): void;
}

export interface NodeKit {
  readonly node: Node;
  /** The node's text `<name>.<key>` from its locale catalogue. */
  text(key: string, params?: Params): string;
  /** Shows `build()` now or within 250 ms; `key` names the state, an unchanged one is dropped. */
  status(key: string | number, build: () => NodeStatus): void;
  statusNow(status: NodeStatus): void;
  readonly rejected: number;
  /** Rejects a message: node.error for Catch, a red status with the count, the message on the
   *  rejection output when the node has one; calls `done`. */
  reject(msg: Msg, err: Error | string, send: Send | null, done: Done): void;
  /** A reader of a typed property (msg, flow, global, env, num, str...); undefined when `value` is empty. */
  property(value: string | undefined, type: string | undefined, fallbackType?: string): (msg: NodeMessage) => unknown;
  /** State kept in the node's context; written a last time on close, unless the node was removed. */
  persist(options: PersistOptions): Persisted;
}

export interface NodeDefinition<C extends NodeDef, S> {
  /** The type name registered with Node-RED ("he-news2"); its catalogue is the name without "he-". */
  type: string;
  /** Reads the node's settings; a throw counts as a problem with the settings too. */
  settings(read: SettingsReader, config: C): S;
  /** Output that rejected messages go to (1-based), of `outputs`; none: Catch and status only. */
  rejectOutput?: { output: number; outputs: number };
  /** Texts through a translation of the node's own (one with an English fallback, say). */
  translate?(RED: NodeAPI, key: string, params: Record<string, string>): string;
  start(kit: NodeKit, settings: S, config: C): NodeParts;
}

/** What a status shows of an error: its code (ENOSPC) when it has one, as that fits a status. */
const reasonOf = (err: Error | string) =>
  typeof err === 'string' ? err : ((err as NodeJS.ErrnoException).code ?? err.message);

export function defineNode<C extends NodeDef, S>(RED: NodeAPI, def: NodeDefinition<C, S>): void {
  setDefaultClientId(RED.settings.userDir);
  const name = def.type.replace(/^he-/, '');

  function NodeConstructor(this: Node, config: C) {
    RED.nodes.createNode(this, config);
    const node = this;
    const translate = (key: string, params: Record<string, string>) =>
      def.translate ? def.translate(RED, key, params) : RED._(`${name}.${key}`, params);
    const text = cachedText(translate);
    const gate = statusGate<NodeStatus>((s) => node.status(s));
    const persisted: { throttle: ReturnType<typeof saveThrottle>; loaded: boolean }[] = [];
    // Messages wait while saved state is being read; null once none is.
    let waiting: [Msg, Send, Done][] | null = null;
    let loads = 0;
    let rejected = 0;

    const kit: NodeKit = {
      node,
      text,
      status: (key, build) => gate.update(key, build),
      statusNow: (status) => gate.now(status),
      get rejected() {
        return rejected;
      },
      reject(msg, err, send, done) {
        rejected++;
        const reason = reasonOf(err);
        gate.now(parts.rejectedStatus?.(rejected, reason) ?? { fill: 'red', shape: 'ring', text: reason.slice(0, 60) });
        if (send && def.rejectOutput) {
          const out = new Array<NodeMessage | null>(def.rejectOutput.outputs).fill(null);
          out[def.rejectOutput.output - 1] = msg;
          send(out);
        }
        node.error(err, msg);
        done();
      },
      property(value, type, fallbackType = 'str') {
        if (value === undefined || value === '') return () => undefined;
        const t = type || fallbackType;
        const path = t === 'msg' ? msgPathGetter(value) : null;
        return path ?? ((msg): unknown => RED.util.evaluateNodeProperty(value, t, node, msg) as unknown);
      },
      persist(options) {
        const context = node.context();
        const entry = {
          loaded: false,
          throttle: saveThrottle(
            (written) =>
              context.set(options.key, options.snapshot(), options.store, (err?: Error) => {
                if (err) node.warn(text('errors.save', { reason: err.message }));
                written(err);
              }),
            options.periodMs,
          ),
        };
        persisted.push(entry);
        return {
          load(restore) {
            loads++;
            waiting ??= [];
            // The callback form works with every context store, cached or not.
            context.get(options.key, options.store, (err: Error | undefined, saved: unknown) => {
              if (err) node.warn(text('errors.restore', { reason: err.message }));
              entry.loaded = true;
              try {
                restore(err ? undefined : saved);
              } catch (e) {
                node.error(e);
              }
              if (--loads > 0 || waiting === null) return;
              const queued = waiting;
              waiting = null;
              for (const [msg, send, done] of queued) handle(msg, send, done);
            });
          },
          changed: (urgent) => entry.throttle.changed(urgent),
        };
      },
    };

    let parts: NodeParts = {};
    let configError: string | null = null;
    const read = new SettingsReader(config as unknown as Record<string, unknown>);
    let settings: S | undefined;
    try {
      settings = def.settings(read, config);
    } catch (err) {
      read.invalid((err as Error).message);
    }
    if (read.problems.length > 0) {
      // The reason after the translated lead: names and values of settings, in any language.
      configError = `${text('errors.config')}: ${read.problems.join('; ')}`;
      node.error(configError);
      gate.now({ fill: 'red', shape: 'ring', text: text('status.config') });
    } else {
      parts = def.start(kit, settings as S, config);
    }

    function handle(msg: Msg, send: Send, done: Done): void {
      if (configError !== null) {
        node.error(configError, msg);
        done();
      } else if (parts.input) {
        try {
          parts.input(msg, send, done);
        } catch (err) {
          // Only a bug can get here: reported like bad input, the flow goes on.
          kit.reject(msg, err as Error, null, done);
        }
      } else {
        done();
      }
    }

    node.on('input', (msg: NodeMessageInFlow, send: Send, done: Done) => {
      if (waiting) waiting.push([msg, send, done]);
      else handle(msg, send, done);
    });

    // Two plain parameters: Node-RED passes `done` only to a handler declared with two.
    node.on('close', function (removed: boolean, done: () => void) {
      void Promise.resolve()
        .then(() => parts.close?.(removed))
        .catch((err: Error) => node.error(err))
        // A removed node's context is deleted by Node-RED; a restarted one reads this back.
        .then(() =>
          Promise.all(
            persisted.map((p) => {
              if (p.loaded && !removed) return new Promise<void>((r) => p.throttle.flush(() => r()));
              p.throttle.stop();
              return Promise.resolve();
            }),
          ),
        )
        .finally(() => {
          gate.close();
          node.status({});
          done();
        });
    });
  }

  RED.nodes.registerType(def.type, NodeConstructor);
}
