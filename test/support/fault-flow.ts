// What the fault tests share: waiting until a flow's MQTT subscription is live, and waiting
// for counts in the flow host.
import type { MqttClient } from 'mqtt';
import type { FlowHost } from '../../bench/lib/host-client';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A valid reading on <prefix>/probe/vitals: the host reports it as a probe and does not count it. */
export async function waitForSubscription(
  host: FlowHost,
  client: MqttClient,
  prefix: string,
  ms = 30000,
): Promise<void> {
  let through = false;
  const off = host.on((ev) => {
    if (ev.ev === 'probe') through = true;
  });
  try {
    const end = Date.now() + ms;
    const probe = JSON.stringify({ patientId: 'probe', heartRate: 70, timestamp: new Date().toISOString() });
    while (!through) {
      if (Date.now() > end) throw new Error('the flow did not receive a probe message');
      client.publish(`${prefix}/probe/vitals`, probe, { qos: 1 });
      await sleep(200);
    }
  } finally {
    off();
  }
}

/** Polls the host until the sum of the given sinks' counts reaches `total` (or the time is up). */
export async function waitForCounts(host: FlowHost, sinks: string[], total: number, ms: number): Promise<number> {
  const end = Date.now() + ms;
  for (;;) {
    const counts = await host.counts();
    const sum = sinks.reduce((s, id) => s + (counts[id]?.count ?? 0), 0);
    if (sum >= total || Date.now() > end) return sum;
    await sleep(250);
  }
}
