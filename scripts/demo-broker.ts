// Which MQTT broker the demo uses: MQTT_URL when set (and it must answer), else a broker
// already answering on the local port, else an embedded Aedes on that port.
import net from 'net';
import mqtt from 'mqtt';

export interface DemoBroker {
  url: string;
  kind: 'MQTT_URL' | 'local' | 'embedded';
  close(): Promise<void>;
}

/** True when an MQTT broker accepts a connection at `url` within `timeoutMs`. */
export function probeBroker(url: string, timeoutMs = 1500): Promise<{ ok: true } | { ok: false; reason: string }> {
  return new Promise((resolve) => {
    const client = mqtt.connect(url, { reconnectPeriod: 0, connectTimeout: timeoutMs, clean: true });
    let settled = false;
    const settle = (result: { ok: true } | { ok: false; reason: string }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      client.end(true);
      resolve(result);
    };
    // A port held by something that is not a broker accepts TCP but never sends CONNACK.
    const timer = setTimeout(() => settle({ ok: false, reason: `no MQTT answer within ${timeoutMs} ms` }), timeoutMs);
    client.once('connect', () => settle({ ok: true }));
    client.once('error', (err) => settle({ ok: false, reason: err.message }));
    client.once('close', () => settle({ ok: false, reason: 'connection closed' }));
  });
}

export async function startEmbeddedBroker(host: string, port: number): Promise<DemoBroker> {
  // aedes is CommonJS; a dev dependency, since only the demo uses it.
  const aedes = require('aedes')();
  const server = net.createServer(aedes.handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const actual = (server.address() as net.AddressInfo).port;
  return {
    url: `mqtt://${host}:${actual}`,
    kind: 'embedded',
    close: () =>
      new Promise<void>((resolve) => {
        aedes.close(() => server.close(() => resolve()));
      }),
  };
}

export interface BrokerChoiceOptions {
  /** MQTT_URL: when set, the only broker considered. */
  mqttUrl?: string;
  /** Where to look for a local broker, and where the embedded one listens. */
  localPort: number;
  localHost?: string;
}

export async function chooseBroker(options: BrokerChoiceOptions): Promise<DemoBroker> {
  const none = async () => {};
  if (options.mqttUrl) {
    const probe = await probeBroker(options.mqttUrl);
    if (!probe.ok) {
      // An explicit choice that does not work is an error, not a reason to pick another broker.
      throw new Error(`MQTT_URL=${redact(options.mqttUrl)} does not answer: ${probe.reason}`);
    }
    return { url: options.mqttUrl, kind: 'MQTT_URL', close: none };
  }
  const host = options.localHost ?? '127.0.0.1';
  const localUrl = `mqtt://${host}:${options.localPort}`;
  if ((await probeBroker(localUrl)).ok) return { url: localUrl, kind: 'local', close: none };
  return startEmbeddedBroker(host, options.localPort);
}

/** The URL without a password, for printing. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString().replace(/\/$/, '');
  } catch {
    return url;
  }
}
