import assert from 'node:assert/strict';
import { isReadingObject, readInputs, resolveScale } from '../../nodes/news2/input';

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
  it('only plain objects are readings', () => {
    assert.equal(isReadingObject({ deviceId: 'a' }), true);
    for (const v of [null, undefined, 42, 'x', [1], Buffer.from('{}')]) assert.equal(isReadingObject(v), false);
  });
  it('takes the NEWS2 vitals, treats null as absent and normalises ACVPU case', () => {
    const r = readInputs({ deviceId: 'd', heartRate: 80, spo2: null, consciousness: 'v', onOxygen: false, glucose: 5 });
    assert.deepEqual(r, { ok: true, value: { heartRate: 80, consciousness: 'V', onOxygen: false } });
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
