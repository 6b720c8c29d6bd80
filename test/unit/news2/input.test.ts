import assert from 'node:assert/strict';
import { hasAnyVital, readInputs, resolveScale } from '../../../nodes/news2/input';

describe('news2 input: spo2Scale', () => {
  it('absent or null uses the node setting', () => {
    assert.deepEqual(resolveScale(undefined, 2), { ok: true, value: 2 });
    assert.deepEqual(resolveScale(null, 1), { ok: true, value: 1 });
  });
  it('1 or 2 per message overrides the node', () => {
    assert.deepEqual(resolveScale(2, 1), { ok: true, value: 2 });
    assert.deepEqual(resolveScale(1, 2), { ok: true, value: 1 });
    assert.deepEqual(resolveScale('2', 1), { ok: true, value: 2 });
  });
  for (const bad of [3, 0, 1.5, 'x', '', true, {}]) {
    it(`rejects ${JSON.stringify(bad)}`, () => {
      const r = resolveScale(bad, 1);
      assert.equal(r.ok, false);
      if (!r.ok) assert.equal(r.error.code, 'badScale');
    });
  }
});

describe('news2 input: reading', () => {
  it('takes the NEWS2 vitals, treats null as absent and normalises ACVPU case', () => {
    const r = readInputs({ deviceId: 'd', heartRate: 80, spo2: null, consciousness: 'v', onOxygen: false, glucose: 5 });
    assert.deepEqual(r, { ok: true, value: { heartRate: 80, consciousness: 'V', onOxygen: false } });
  });
  it('takes only the vitals present, numbers first, in chart order', () => {
    const r = readInputs({
      temperature: 37,
      onOxygen: true,
      heartRate: 80,
      consciousness: 'A',
      systolic: 120,
      spo2: 97,
      respiratoryRate: 12,
    });
    assert.ok(r.ok);
    if (r.ok)
      assert.deepEqual(Object.keys(r.value), [
        'respiratoryRate',
        'spo2',
        'systolic',
        'heartRate',
        'temperature',
        'onOxygen',
        'consciousness',
      ]);
  });
  it('accepts ACVPU as vitals-parse writes it and as a person types it, and refuses the rest', () => {
    for (const c of ['A', 'C', 'V', 'P', 'U'])
      assert.deepEqual(readInputs({ consciousness: c }), { ok: true, value: { consciousness: c } });
    assert.deepEqual(readInputs({ consciousness: ' v ' }), { ok: true, value: { consciousness: 'V' } });
    assert.deepEqual(readInputs({ consciousness: 'a ' }), { ok: true, value: { consciousness: 'A' } });
    for (const c of ['x', '', 'AV', 3, true])
      assert.equal(readInputs({ consciousness: c }).ok, false, JSON.stringify(c));
  });
  it('reports the first bad number in chart order', () => {
    assert.deepEqual(readInputs({ temperature: 'hot', spo2: 'low', heartRate: NaN }), {
      ok: false,
      error: { code: 'notNumber', field: 'spo2', value: 'low' },
    });
  });
  it('a reading with none of the vitals has no vital to score', () => {
    for (const p of [{}, { glucose: 5 }, { heartRate: null, deviceId: 'd' }]) {
      const r = readInputs(p);
      assert.ok(r.ok);
      if (r.ok) assert.equal(hasAnyVital(r.value), false, JSON.stringify(p));
    }
    for (const p of [{ heartRate: 80 }, { onOxygen: false }, { consciousness: 'A' }, { temperature: 37 }]) {
      const r = readInputs(p);
      assert.ok(r.ok);
      if (r.ok) assert.equal(hasAnyVital(r.value), true, JSON.stringify(p));
    }
  });
  const bad: Array<[Record<string, unknown>, string, string]> = [
    [{ heartRate: '80' }, 'notNumber', 'heartRate'],
    [{ temperature: NaN }, 'notNumber', 'temperature'],
    [{ spo2: Infinity }, 'notNumber', 'spo2'],
    [{ onOxygen: 'yes' }, 'notBoolean', 'onOxygen'],
    [{ consciousness: 'confused' }, 'badConsciousness', 'consciousness'],
    [{ consciousness: 3 }, 'badConsciousness', 'consciousness'],
  ];
  for (const [payload, code, field] of bad) {
    it(`rejects ${JSON.stringify(payload)} as ${code}`, () => {
      const r = readInputs(payload);
      assert.equal(r.ok, false);
      if (!r.ok) {
        assert.equal(r.error.code, code);
        assert.equal((r.error as { field: string }).field, field);
      }
    });
  }
});
