// Per-patient memory with a fake clock: carrying, expiry, late uploads and the patient bound.
import assert from 'node:assert/strict';
import { VitalsMemory } from '../../../nodes/news2/combine';

function fakeClock(start = Date.parse('2024-03-15T08:30:00Z')) {
  let t = start;
  return {
    now: () => t,
    advance: (s: number) => (t += s * 1000),
    iso: (offsetS = 0) => new Date(t + offsetS * 1000).toISOString(),
  };
}

describe('news2 combine', () => {
  it('carries a value from an earlier message of the same patient and says so', () => {
    const clock = fakeClock();
    const m = new VitalsMemory({ windowSeconds: 300, maxPatients: 10, now: clock.now });
    const t0 = clock.iso();
    m.combine('p1', { systolic: 124 }, t0);
    clock.advance(60);
    const r = m.combine('p1', { heartRate: 80 }, clock.iso());
    assert.deepEqual(r.inputs, { heartRate: 80, systolic: 124 });
    assert.deepEqual(r.carried, { systolic: { value: 124, timestamp: t0, ageSeconds: 60 } });
  });

  it('a value present in the message wins over the held one, and is not "carried"', () => {
    const clock = fakeClock();
    const m = new VitalsMemory({ windowSeconds: 300, maxPatients: 10, now: clock.now });
    m.combine('p1', { heartRate: 70 }, clock.iso());
    clock.advance(10);
    const r = m.combine('p1', { heartRate: 95 }, clock.iso());
    assert.deepEqual(r.inputs, { heartRate: 95 });
    assert.deepEqual(r.carried, {});
  });

  it('carries booleans and ACVPU too', () => {
    const clock = fakeClock();
    const m = new VitalsMemory({ windowSeconds: 300, maxPatients: 10, now: clock.now });
    m.combine('p1', { onOxygen: false, consciousness: 'A' }, clock.iso());
    clock.advance(5);
    const r = m.combine('p1', { spo2: 97 }, clock.iso());
    assert.deepEqual(r.inputs, { spo2: 97, onOxygen: false, consciousness: 'A' });
    assert.deepEqual(Object.keys(r.carried).sort(), ['consciousness', 'onOxygen']);
  });

  it('does not combine across patients', () => {
    const clock = fakeClock();
    const m = new VitalsMemory({ windowSeconds: 300, maxPatients: 10, now: clock.now });
    m.combine('p1', { systolic: 124 }, clock.iso());
    const r = m.combine('p2', { heartRate: 80 }, clock.iso());
    assert.deepEqual(r.inputs, { heartRate: 80 });
    assert.deepEqual(r.carried, {});
  });

  it('values expire after the window (received time)', () => {
    const clock = fakeClock();
    const m = new VitalsMemory({ windowSeconds: 300, maxPatients: 10, now: clock.now });
    m.combine('p1', { systolic: 124, temperature: 37 }, undefined);
    clock.advance(200);
    m.combine('p1', { temperature: 37.2 }, undefined);
    clock.advance(100); // systolic now exactly 300 s old: still inside
    assert.deepEqual(m.combine('p1', {}, undefined).inputs, { systolic: 124, temperature: 37.2 });
    clock.advance(1); // systolic 301 s old: gone; temperature 101 s old: kept
    const r = m.combine('p1', {}, undefined);
    assert.deepEqual(r.inputs, { temperature: 37.2 });
    assert.deepEqual(r.carried, { temperature: { value: 37.2, ageSeconds: 101 } });
  });

  it('a value measured longer than the window before the current reading is not used', () => {
    const clock = fakeClock();
    const m = new VitalsMemory({ windowSeconds: 300, maxPatients: 10, now: clock.now });
    // A cuff uploads a reading it took an hour ago; the node receives it now.
    m.combine('p1', { systolic: 150 }, clock.iso(-3600));
    clock.advance(5);
    const r = m.combine('p1', { heartRate: 80 }, clock.iso());
    assert.deepEqual(r.inputs, { heartRate: 80 });
    assert.deepEqual(r.carried, {});
  });

  it('a late upload of an older measurement does not replace a newer held value', () => {
    const clock = fakeClock();
    const m = new VitalsMemory({ windowSeconds: 300, maxPatients: 10, now: clock.now });
    m.combine('p1', { systolic: 120 }, clock.iso());
    clock.advance(5);
    m.combine('p1', { systolic: 160 }, clock.iso(-120));
    clock.advance(5);
    const r = m.combine('p1', { heartRate: 70 }, clock.iso());
    assert.equal(r.inputs.systolic, 120);
  });

  it('window 0 turns combining off', () => {
    const clock = fakeClock();
    const m = new VitalsMemory({ windowSeconds: 0, maxPatients: 10, now: clock.now });
    m.combine('p1', { systolic: 124 }, clock.iso());
    const r = m.combine('p1', { heartRate: 80 }, clock.iso());
    assert.deepEqual(r.inputs, { heartRate: 80 });
    assert.equal(m.size, 0);
  });

  it('without a key nothing is held', () => {
    const m = new VitalsMemory({ windowSeconds: 300, maxPatients: 10, now: () => 0 });
    m.combine(undefined, { systolic: 124 }, undefined);
    assert.equal(m.size, 0);
  });

  it('holds at most maxPatients, forgetting the least recently seen first', () => {
    const clock = fakeClock();
    const m = new VitalsMemory({ windowSeconds: 300, maxPatients: 3, now: clock.now });
    for (const p of ['a', 'b', 'c']) {
      m.combine(p, { heartRate: 60 }, undefined);
      clock.advance(1);
    }
    m.combine('a', {}, undefined); // a is now the most recently seen; b the least
    clock.advance(1);
    m.combine('d', { heartRate: 99 }, undefined); // evicts b
    assert.equal(m.size, 3);
    assert.deepEqual(m.combine('b', {}, undefined).inputs, {});
    // b's visit above evicted c (now the least recently seen); a and d remain.
    assert.equal(m.combine('a', {}, undefined).inputs.heartRate, 60);
    assert.equal(m.combine('d', {}, undefined).inputs.heartRate, 99);
  });

  it('patients not seen for longer than the window are swept from memory', () => {
    const clock = fakeClock();
    const m = new VitalsMemory({ windowSeconds: 60, maxPatients: 100, now: clock.now });
    for (let i = 0; i < 50; i++) m.combine(`p${i}`, { heartRate: 70 }, undefined);
    clock.advance(61);
    m.combine('fresh', { heartRate: 70 }, undefined);
    assert.equal(m.size, 1);
  });

  it('clear forgets everything', () => {
    const m = new VitalsMemory({ windowSeconds: 300, maxPatients: 10, now: () => 0 });
    m.combine('p1', { systolic: 124 }, undefined);
    m.clear();
    assert.equal(m.size, 0);
    assert.deepEqual(m.combine('p1', {}, undefined).inputs, {});
  });

  it('carries every vital under its own name, with its timestamp and age', () => {
    const clock = fakeClock();
    const m = new VitalsMemory({ windowSeconds: 300, maxPatients: 5, now: clock.now });
    const first = {
      respiratoryRate: 12,
      spo2: 97,
      onOxygen: true,
      systolic: 120,
      heartRate: 70,
      consciousness: 'V' as const,
      temperature: 37.5,
    };
    const t0 = clock.iso();
    m.combine('p', first, t0);
    clock.advance(2);
    const r = m.combine('p', {}, clock.iso());
    assert.deepEqual(r.inputs, first);
    assert.deepEqual(Object.keys(r.carried), [
      'respiratoryRate',
      'spo2',
      'onOxygen',
      'systolic',
      'heartRate',
      'consciousness',
      'temperature',
    ]);
    for (const [k, v] of Object.entries(first)) {
      assert.deepEqual(r.carried[k as keyof typeof r.carried], { value: v, timestamp: t0, ageSeconds: 2 });
    }
  });

  it('a carried value is not remembered as new: its age counts from the message that brought it', () => {
    const clock = fakeClock();
    const m = new VitalsMemory({ windowSeconds: 300, maxPatients: 5, now: clock.now });
    m.combine('p', { systolic: 120 }, undefined);
    clock.advance(200);
    m.combine('p', { heartRate: 70 }, undefined); // systolic carried, not renewed
    clock.advance(101);
    assert.deepEqual(m.combine('p', {}, undefined).inputs, { heartRate: 70 });
  });

  it('leaves the inputs it is given unchanged', () => {
    const m = new VitalsMemory({ windowSeconds: 300, maxPatients: 5, now: () => 0 });
    m.combine('p', { systolic: 120 }, undefined);
    const inputs = { heartRate: 70 };
    const r = m.combine('p', inputs, undefined);
    assert.deepEqual(inputs, { heartRate: 70 });
    assert.deepEqual(r.inputs, { heartRate: 70, systolic: 120 });
  });

  it('a patient id and a device id of the same text never meet, and count together towards the bound', () => {
    const clock = fakeClock();
    const m = new VitalsMemory({ windowSeconds: 300, maxPatients: 2, now: clock.now });
    m.combine('x', { systolic: 120 }, undefined, 'patient');
    m.combine('x', { heartRate: 70 }, undefined, 'device');
    assert.equal(m.size, 2);
    assert.deepEqual(m.combine('x', {}, undefined, 'patient').inputs, { systolic: 120 });
    assert.deepEqual(m.combine('x', {}, undefined, 'device').inputs, { heartRate: 70 });
    m.combine('y', { spo2: 95 }, undefined, 'device'); // the patient x is now the least recently seen
    assert.equal(m.size, 2);
    assert.deepEqual(m.combine('x', {}, undefined, 'patient').inputs, {});
  });

  it('reads timestamps in any form Date.parse knows, with an offset too', () => {
    const clock = fakeClock(Date.parse('2024-03-15T08:30:00Z'));
    const m = new VitalsMemory({ windowSeconds: 300, maxPatients: 5, now: clock.now });
    // Measured an hour before the current reading (09:30+01:00 is 08:30Z): not carried.
    m.combine('p', { systolic: 150 }, '2024-03-15T07:30:00Z');
    assert.deepEqual(m.combine('p', { heartRate: 80 }, '2024-03-15T09:30:00+01:00').carried, {});
    // Measured two minutes before it: carried.
    m.combine('q', { systolic: 150 }, '2024-03-15T08:28:00.000Z');
    assert.deepEqual(Object.keys(m.combine('q', { heartRate: 80 }, '2024-03-15T09:30:00+01:00').carried), ['systolic']);
  });
});
