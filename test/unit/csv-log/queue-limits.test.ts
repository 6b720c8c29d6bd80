import assert from 'node:assert/strict';
import { DEFAULT_QUEUE_MB, queueLimits as limitsOf, ROW_BYTES, rowBytes } from '../../../nodes/csv-log/queue-limits';
import { SettingsReader } from '../../../nodes/lib/settings';

const MB = 1024 * 1024;

/** The limits a node with these settings gets; a setting it cannot use fails the test. */
function queueLimits(config: Record<string, unknown>) {
  const read = new SettingsReader(config);
  const limits = limitsOf(read, config);
  assert.deepEqual(read.problems, []);
  return limits;
}

describe('csv-log queue limits from the node settings', () => {
  it('gives a node placed from the palette (100 MB, no row count) the budget and no row limit', () => {
    assert.deepEqual(queueLimits({ maxQueueMB: 100, maxQueue: '' }), { maxQueueBytes: 100 * MB, maxQueue: undefined });
    assert.equal(DEFAULT_QUEUE_MB, 100);
  });

  it('reads a budget and a row count set side by side, as strings or numbers', () => {
    assert.deepEqual(queueLimits({ maxQueueMB: '20', maxQueue: '5000' }), { maxQueueBytes: 20 * MB, maxQueue: 5000 });
    assert.deepEqual(queueLimits({ maxQueueMB: 0.5, maxQueue: 10000 }), { maxQueueBytes: 0.5 * MB, maxQueue: 10000 });
  });

  it('takes 0 MB as no budget, and an empty budget as the default', () => {
    assert.deepEqual(queueLimits({ maxQueueMB: 0, maxQueue: '' }), { maxQueueBytes: Infinity, maxQueue: undefined });
    assert.deepEqual(queueLimits({ maxQueueMB: '', maxQueue: '' }), { maxQueueBytes: 100 * MB, maxQueue: undefined });
  });

  it('names a budget or a row count it cannot use as a settings problem, as every setting of the pack', () => {
    const read = new SettingsReader({ maxQueueMB: 'lots', maxQueue: -5 });
    limitsOf(read, { maxQueueMB: 'lots' });
    assert.deepEqual(read.problems, [
      'maxQueue must be a number of 0 or more (got -5)',
      'maxQueueMB must be a number of 0 or more (got "lots")',
    ]);
  });

  it('migrates a flow saved before the budget: the old default 10000 rows becomes the default budget', () => {
    assert.deepEqual(queueLimits({ maxQueue: 10000 }), { maxQueueBytes: 100 * MB, maxQueue: undefined });
    assert.deepEqual(queueLimits({ maxQueue: '10000' }), { maxQueueBytes: 100 * MB, maxQueue: undefined });
    assert.deepEqual(queueLimits({}), { maxQueueBytes: 100 * MB, maxQueue: undefined });
  });

  it('keeps any other row count of such a flow exactly: that many rows, no budget', () => {
    assert.deepEqual(queueLimits({ maxQueue: 5 }), { maxQueueBytes: Infinity, maxQueue: 5 });
    assert.deepEqual(queueLimits({ maxQueue: '250000' }), { maxQueueBytes: Infinity, maxQueue: 250000 });
  });
});

describe('csv-log row weight against the budget', () => {
  it('counts a row as the fixed share plus its text and byte cells', () => {
    assert.equal(rowBytes({}), ROW_BYTES);
    assert.equal(rowBytes({ n: 1, ok: true, none: null, nested: { big: 'x'.repeat(1000) } }), ROW_BYTES);
    assert.equal(rowBytes({ id: 'p-001', note: 'x'.repeat(10000) }), ROW_BYTES + 5 + 10000);
    assert.equal(rowBytes({ raw: Buffer.alloc(300) }), ROW_BYTES + 300);
  });

  it('counts a vitals reading as about 1.2 kB, so that the default budget holds more than 50,000 of them', () => {
    const reading = {
      deviceId: 'p-001',
      patientId: 'p-001',
      timestamp: '2025-03-01T00:00:00.000Z',
      heartRate: 78,
      respiratoryRate: 12,
      spo2: 97,
      temperature: 37.1,
      systolic: 133,
      diastolic: 73,
      onOxygen: false,
      consciousness: 'A',
      news2: { total: 0, band: 'low' },
    };
    assert.equal(rowBytes(reading), ROW_BYTES + 5 + 5 + 24 + 1);
    assert.ok((DEFAULT_QUEUE_MB * MB) / rowBytes(reading) > 50000);
  });
});
