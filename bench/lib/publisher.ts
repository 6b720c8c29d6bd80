// Publishing at QoS 1 for the benchmarks and fault tests, in the parent process (never in the
// Node-RED host). Two ways:
// - windowed: as fast as the pipeline takes it, with at most `window` messages published but
//   not yet counted at the flow's end. The window stays under Mosquitto's default
//   max_queued_messages (1000), so the broker never has to drop, and the figure is the
//   pipeline's throughput, not the publisher's.
// - paced: a fixed rate, open loop, as devices send.
// - all at once: every message without waiting for the flow, only for the broker's PUBACKs, as a
//   burst from devices (or a persistent session's backlog) reaches the flow.
import type { MqttClient } from 'mqtt';

export interface OutMessage {
  topic: string;
  payload: string | Buffer;
}

export class WindowedPublisher {
  private sent = 0;
  private acked = 0;
  private processed = 0;
  private finish!: () => void;
  private fail!: (e: Error) => void;
  readonly done: Promise<void>;

  constructor(
    private readonly client: MqttClient,
    private readonly messages: OutMessage[],
    private readonly window: number,
  ) {
    this.done = new Promise((resolve, reject) => {
      this.finish = resolve;
      this.fail = reject;
    });
  }

  get published(): number {
    return this.sent;
  }

  /** How many messages the flow has finished with: opens the window that far. */
  progress(processed: number): void {
    if (processed > this.processed) this.processed = processed;
    this.pump();
  }

  start(): void {
    this.pump();
  }

  private pump(): void {
    const n = this.messages.length;
    while (this.sent < n && this.sent - this.processed < this.window) {
      const m = this.messages[this.sent++];
      this.client.publish(m.topic, m.payload, { qos: 1 }, (err) => {
        if (err) return this.fail(err);
        if (++this.acked === n) this.finish();
      });
    }
  }
}

/** Publishes at `rate` messages per second; resolves when every message is acknowledged. */
export function publishPaced(
  client: MqttClient,
  messages: OutMessage[],
  rate: number,
  onSent?: (n: number) => void,
): Promise<{ ms: number }> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    let sent = 0;
    let acked = 0;
    const timer = setInterval(() => {
      const due = Math.min(messages.length, Math.floor(((Date.now() - t0) * rate) / 1000));
      while (sent < due) {
        const m = messages[sent++];
        client.publish(m.topic, m.payload, { qos: 1 }, (err) => {
          if (err) {
            clearInterval(timer);
            return reject(err);
          }
          if (++acked === messages.length) resolve({ ms: Date.now() - t0 });
        });
      }
      onSent?.(sent);
      if (sent >= messages.length) clearInterval(timer);
    }, 5);
  });
}

/**
 * Publishes every message at once, as devices do: nothing waits for the flow, only for the
 * broker's PUBACKs. Resolves when the broker has acknowledged them all.
 */
export function publishAll(client: MqttClient, messages: OutMessage[]): Promise<void> {
  return new Promise((resolve, reject) => {
    if (messages.length === 0) return resolve();
    let acked = 0;
    for (const m of messages) {
      client.publish(m.topic, m.payload, { qos: 1 }, (err) => {
        if (err) return reject(err);
        if (++acked === messages.length) resolve();
      });
    }
  });
}
