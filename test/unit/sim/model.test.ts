import assert from 'node:assert/strict';
import { seededRandom } from '../../../sim/random';
import {
  SIM_RANGES,
  Vitals,
  advance,
  createPatients,
  formatPayload,
  patientId,
  topicFor,
} from '../../../sim/vitals-model';
import { DEFAULT_LIMITS } from '../../../nodes/lib/reading';

const OVER = 60_000;
const STEP = 1000;

function run(seed: number, steps: number, id = 'p-001'): Vitals[] {
  const random = seededRandom(seed);
  const patients = createPatients({ count: 4, random, deteriorating: 'p-003' });
  const p = patients.find((x) => x.id === id)!;
  const out: Vitals[] = [];
  for (let i = 0; i < steps; i++) out.push(advance(p, random, i * STEP, OVER));
  return out;
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('simulator model', () => {
  it('names patients p-001, p-002, ... and their topics health/<id>/vitals', () => {
    assert.equal(patientId(0), 'p-001');
    assert.equal(patientId(11), 'p-012');
    assert.equal(topicFor('health', 'p-007'), 'health/p-007/vitals');
  });

  it('replays the same readings from the same seed, and others from another seed', () => {
    assert.deepEqual(run(42, 50), run(42, 50));
    assert.notDeepEqual(run(42, 50), run(43, 50));
  });

  it('keeps every reading in plausible ranges, inside the parser limits, diastolic below systolic', () => {
    for (const id of ['p-001', 'p-003']) {
      for (const v of run(7, 3000, id)) {
        for (const [k, [min, max]] of Object.entries(SIM_RANGES)) {
          const value = v[k as keyof Vitals];
          assert.ok(value >= min && value <= max, `${id} ${k}=${value} outside ${min}..${max}`);
          const [lo, hi] = DEFAULT_LIMITS[k as keyof Vitals];
          assert.ok(value >= lo && value <= hi, `${id} ${k}=${value} outside parser limits`);
        }
        assert.ok(v.diastolic < v.systolic, `${id} BP ${v.systolic}/${v.diastolic}`);
      }
    }
  });

  it('varies: a stable patient wanders around a normal baseline, not a constant', () => {
    const readings = run(3, 600, 'p-001');
    const hr = readings.map((v) => v.heartRate);
    assert.ok(new Set(hr).size > 5, 'heart rate barely moves');
    // NEWS2 0-score bands (health.md §3): pulse 51–90, RR 12–20, SpO2 ≥ 96, 36.1–38.0 °C, SBP 111–219.
    assert.ok(mean(hr) > 51 && mean(hr) < 90, `mean HR ${mean(hr)}`);
    const rr = mean(readings.map((v) => v.respiratoryRate));
    assert.ok(rr >= 12 && rr <= 20, `mean RR ${rr}`);
    assert.ok(mean(readings.map((v) => v.spo2)) >= 95.5);
    const t = mean(readings.map((v) => v.temperature));
    assert.ok(t > 36.1 && t < 38.0, `mean temperature ${t}`);
    assert.ok(mean(readings.map((v) => v.systolic)) > 111);
  });

  it('makes the deteriorating patient worse on every NEWS2 vital, reaching the high band', () => {
    const readings = run(5, 120, 'p-003');
    const early = readings.slice(0, 10);
    const late = readings.slice(-30);
    const m = (rs: Vitals[], k: keyof Vitals) => mean(rs.map((v) => v[k]));
    assert.ok(m(late, 'heartRate') > m(early, 'heartRate') + 30);
    assert.ok(m(late, 'respiratoryRate') > m(early, 'respiratoryRate') + 7);
    assert.ok(m(late, 'spo2') < m(early, 'spo2') - 5);
    assert.ok(m(late, 'temperature') > m(early, 'temperature') + 1.5);
    assert.ok(m(late, 'systolic') < m(early, 'systolic') - 25);
    // Late means fall in NEWS2's scoring bands: RR ≥ 25 (3), SpO2 ≤ 91 (3), SBP ≤ 90 (3),
    // pulse 111–130 (2), temperature ≥ 39.1 (2): 13 points, far above the high threshold of 7.
    assert.ok(m(late, 'respiratoryRate') >= 25);
    assert.ok(m(late, 'spo2') <= 91);
    assert.ok(m(late, 'systolic') <= 90);
    assert.ok(m(late, 'heartRate') >= 111 && m(late, 'heartRate') <= 130);
    assert.ok(m(late, 'temperature') >= 39.1);
  });

  it('formats JSON readings with the Reading field names and the patient id', () => {
    const random = seededRandom(1);
    const [p] = createPatients({ count: 1, random });
    const at = new Date('2025-01-02T03:04:05.000Z');
    const v = advance(p, random, 0, OVER);
    const obj = JSON.parse(formatPayload(p, v, at));
    assert.equal(obj.patientId, 'p-001');
    assert.equal(obj.timestamp, '2025-01-02T03:04:05.000Z');
    assert.equal(obj.heartRate, v.heartRate);
    assert.equal(obj.temperature, v.temperature);
    assert.equal(obj.onOxygen, false);
    assert.equal(obj.consciousness, 'A');
  });

  it('formats the text device as a monitor line with temperature in °F', () => {
    const random = seededRandom(1);
    const patients = createPatients({ count: 3, random });
    const text = patients.find((p) => p.style === 'text')!;
    assert.equal(text.id, 'p-002');
    const line = formatPayload(
      text,
      { heartRate: 72, respiratoryRate: 16, spo2: 98, temperature: 37, systolic: 120, diastolic: 80 },
      new Date(),
    );
    assert.equal(line, 'HR:72, SpO2:98%, BP 120/80 mmHg, Temp 98.6F');
  });

  it('can run with no deteriorating patient and no text device', () => {
    const patients = createPatients({ count: 4, random: seededRandom(1), deteriorating: null, textDevice: null });
    assert.ok(patients.every((p) => p.style === 'json' && !p.deteriorates));
  });

  it('puts an id prefix before every patient id, still knowing the deteriorating and text patients by number', () => {
    const plain = createPatients({ count: 4, random: seededRandom(3) });
    const prefixed = createPatients({ count: 4, random: seededRandom(3), idPrefix: 'ble-' });
    assert.deepEqual(
      prefixed.map((p) => p.id),
      ['ble-p-001', 'ble-p-002', 'ble-p-003', 'ble-p-004'],
    );
    assert.deepEqual(
      prefixed.map((p) => [p.style, p.deteriorates]),
      plain.map((p) => [p.style, p.deteriorates]),
    );
    assert.equal(prefixed.find((p) => p.deteriorates)!.id, 'ble-p-003');
    assert.deepEqual(
      prefixed.map((p) => p.baseline),
      plain.map((p) => p.baseline),
      'the same seed, the same patients',
    );
  });
});
