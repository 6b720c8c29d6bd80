import assert from 'node:assert/strict';
import { alarmEventOf } from '../state/alarm-event';
import { fieldValueOf, scoreOf } from '../state/reading';

describe('ward-board reading and event shapes', () => {
  it('keeps numbers, short texts and yes/no as field values, nothing else', () => {
    assert.equal(fieldValueOf(72), 72);
    assert.equal(fieldValueOf(' A '), 'A');
    assert.equal(fieldValueOf(false), false);
    assert.equal(fieldValueOf('x'.repeat(100)), 'x'.repeat(24));
    for (const bad of [NaN, Infinity, '', '  ', null, undefined, {}, [1]])
      assert.equal(fieldValueOf(bad), undefined, String(bad));
  });

  it("reads he-news2's score, a bare number, and refuses the rest", () => {
    assert.deepEqual(scoreOf({ total: 8, band: 'high', complete: true, scores: {} }), {
      total: 8,
      band: 'high',
      complete: true,
    });
    assert.deepEqual(scoreOf({ total: 3, band: 'low-medium', complete: false }), {
      total: 3,
      band: 'low-medium',
      complete: false,
    });
    assert.deepEqual(scoreOf({ total: 2, band: 'purple' }), { total: 2, band: null, complete: true });
    assert.deepEqual(scoreOf(4), { total: 4, band: null, complete: true });
    for (const bad of [undefined, null, 'high', { band: 'high' }, { total: '5' }, { total: NaN }])
      assert.equal(scoreOf(bad), undefined);
  });

  it("takes he-threshold's events, with active as the contract adds it, and nothing else", () => {
    const ev = alarmEventOf({
      key: 'bed-1',
      rule: 'NEWS2',
      severity: 'critical',
      state: 'active',
      value: 8,
      threshold: 7,
      since: '2026-01-01T08:00:00.000Z',
      ts: '2026-01-01T09:00:00.000Z',
      acked: true,
    });
    assert.deepEqual(ev, {
      key: 'bed-1',
      rule: 'NEWS2',
      severity: 'critical',
      state: 'active',
      since: Date.UTC(2026, 0, 1, 8),
      ts: Date.UTC(2026, 0, 1, 9),
      acked: true,
    });
    assert.equal(alarmEventOf({ key: 'bed-1', rule: 'NEWS2', severity: 'critical', state: 'on fire' }), null);
    assert.equal(alarmEventOf({ key: 'bed-1', rule: 'NEWS2', state: 'raised' }), null);
    assert.equal(alarmEventOf({ deviceId: 'bed-1', heartRate: 80 }), null);
    assert.equal(alarmEventOf('raised'), null);
  });
});
