// A real MQTT broker for tests: the one at MQTT_URL when set (CI points it at the
// machine's Mosquitto), else an embedded Aedes on a free loopback port, so the
// tests pass on any machine.
import net from 'net';

export interface TestBroker {
  url: string;
  host: string;
  port: number;
  embedded: boolean;
  close(): Promise<void>;
}

export async function startEmbeddedBroker(port = 0): Promise<TestBroker> {
  // aedes ships CommonJS without types we need; keep the surface tiny.
  const aedes = require('aedes')();
  const server = net.createServer(aedes.handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actual = (server.address() as net.AddressInfo).port;
  return {
    url: `mqtt://127.0.0.1:${actual}`,
    host: '127.0.0.1',
    port: actual,
    embedded: true,
    close: () =>
      new Promise<void>((resolve) => {
        aedes.close(() => server.close(() => resolve()));
      }),
  };
}

export async function getTestBroker(): Promise<TestBroker> {
  const fromEnv = process.env.MQTT_URL;
  if (fromEnv) {
    const u = new URL(fromEnv);
    return {
      url: fromEnv,
      host: u.hostname,
      port: Number(u.port || 1883),
      embedded: false,
      close: async () => {},
    };
  }
  return startEmbeddedBroker();
}
