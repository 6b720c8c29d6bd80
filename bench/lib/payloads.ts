// Simulated device messages for benchmarks and fault tests, from the simulator's own model
// (sim/vitals-model.ts). Every message has a timestamp of its own (base + i ms), so that each
// one can be found again in the CSV and duplicates can be told apart from losses.
import { seededRandom } from '../../sim/random';
import { advance, createPatients, formatPayload, topicFor } from '../../sim/vitals-model';

export interface DeviceMessage {
  topic: string;
  payload: string;
  /** The message's own timestamp, as it appears in the CSV's timestamp column. */
  id: string;
}

export const BASE_TIME = Date.parse('2025-03-01T00:00:00.000Z');

/** `count` JSON readings from `patients` simulated bedside devices, round robin, seeded. */
export function deviceMessages(count: number, prefix: string, patients = 50, seed = 1): DeviceMessage[] {
  const random = seededRandom(seed);
  // JSON devices only: the text-line style carries no timestamp, so it could not be traced.
  const list = createPatients({ count: patients, random, deteriorating: 'p-003', textDevice: null });
  const out: DeviceMessage[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const p = list[i % list.length];
    const t = new Date(BASE_TIME + i);
    const v = advance(p, random, Math.floor(i / list.length) * 1000, 300_000);
    out[i] = { topic: topicFor(prefix, p.id), payload: formatPayload(p, v, t), id: t.toISOString() };
  }
  return out;
}

/** A topic prefix of this run only, so a shared broker's other traffic is never counted. */
export function runPrefix(what: string): string {
  return `bench-${what}-${process.pid}-${Date.now().toString(36)}`;
}
