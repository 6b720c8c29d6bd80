// Seeded generator of hostile MQTT payloads for the bad-input fault test: random JSON, random
// bytes, truncated packets, huge strings, prototype keys, odd text lines, out-of-range values,
// and some good readings among them. Same seed, same payloads.
import { seededRandom, Random } from '../../sim/random';
import { deviceMessages } from '../../bench/lib/payloads';

export type BadKind =
  'good' | 'random-json' | 'random-bytes' | 'truncated' | 'huge' | 'proto' | 'text' | 'out-of-range' | 'deep';

const pick = <T>(r: Random, list: readonly T[]): T => list[Math.floor(r() * list.length)];
const KEYS = [
  'heartRate',
  'hr',
  'spo2',
  'SpO2',
  'temperature',
  'temp',
  'systolic',
  'bp',
  'timestamp',
  'patientId',
  'deviceId',
  'x',
  '',
  'weight',
  'glucose',
  'unit',
  'value',
  'readings',
];

function randomValue(r: Random, depth: number): unknown {
  const k = Math.floor(r() * (depth > 3 ? 5 : 8));
  switch (k) {
    case 0:
      return r() * 400 - 100;
    case 1:
      return pick(r, ['72', 'NaN', 'Infinity', '-0', '1e400', '', ' 98 %', '0x48', 'null']);
    case 2:
      return r() < 0.5;
    case 3:
      return null;
    case 4:
      return String.fromCharCode(...Array.from({ length: Math.floor(r() * 20) }, () => Math.floor(r() * 0xd7ff)));
    case 5:
      return Array.from({ length: Math.floor(r() * 5) }, () => randomValue(r, depth + 1));
    default: {
      const o: Record<string, unknown> = {};
      for (let i = Math.floor(r() * 6); i > 0; i--) o[pick(r, KEYS)] = randomValue(r, depth + 1);
      return o;
    }
  }
}

const PROTO = [
  '{"__proto__":{"heartRate":70,"polluted":true}}',
  '{"heartRate":70,"__proto__":{"isAdmin":true}}',
  '{"constructor":{"prototype":{"polluted":true}},"spo2":97}',
  '{"prototype":{"heartRate":1},"toString":"x","valueOf":5}',
  '{"hasOwnProperty":"nope","heartRate":"72"}',
];

export function badPayloads(
  count: number,
  prefix: string,
  seed = 7,
): { topic: string; payload: string | Buffer; kind: BadKind }[] {
  const r = seededRandom(seed);
  const good = deviceMessages(count, prefix, 25, seed);
  const out: { topic: string; payload: string | Buffer; kind: BadKind }[] = [];
  for (let i = 0; i < count; i++) {
    const topic = good[i].topic;
    const x = r();
    let payload: string | Buffer;
    let kind: BadKind;
    if (x < 0.25) [kind, payload] = ['good', good[i].payload];
    else if (x < 0.45) [kind, payload] = ['random-json', JSON.stringify(randomValue(r, 0)) ?? 'null'];
    else if (x < 0.58)
      [kind, payload] = [
        'random-bytes',
        Buffer.from(Array.from({ length: 1 + Math.floor(r() * 200) }, () => Math.floor(r() * 256))),
      ];
    else if (x < 0.73)
      [kind, payload] = ['truncated', good[i].payload.slice(0, Math.floor(r() * (good[i].payload.length - 1)))];
    else if (x < 0.731)
      [kind, payload] = [
        'huge',
        (r() < 0.5 ? '{"heartRate":"' : 'HR:') + 'x'.repeat(200_000 + Math.floor(r() * 800_000)),
      ];
    else if (x < 0.78) [kind, payload] = ['proto', pick(r, PROTO)];
    else if (x < 0.88)
      [kind, payload] = [
        'text',
        pick(r, [
          'HR:',
          'HR:72 SpO2:',
          'BP 120/',
          'Temp 98.6Q',
          'SpO2:101%',
          'HR:-5',
          ';;;',
          '\u0000\u0001',
          'HR:72, HR:73',
          'BP 80/120 mmHg',
        ]),
      ];
    else if (x < 0.97)
      [kind, payload] = [
        'out-of-range',
        JSON.stringify({
          heartRate: pick(r, [0, -1, 1000, 1e308, 72.5]),
          spo2: pick(r, [101, 49, 'high', 97]),
          temperature: pick(r, [98.6, 10, 60, 37]),
        }),
      ];
    else [kind, payload] = ['deep', '['.repeat(5000) + ']'.repeat(r() < 0.5 ? 5000 : 10)];
    out.push({ topic, payload, kind });
  }
  return out;
}
