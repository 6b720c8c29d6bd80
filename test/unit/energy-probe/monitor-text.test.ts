// The energy seed's monitor text ("CPU Usage: 12.5%, Memory Usage: 43.1%") as an energy-probe sample.
import assert from 'node:assert/strict';
import { MAX_MONITOR_TEXT, parseMonitorText } from '../../../nodes/energy-probe/monitor-text';

const NOW = new Date('2026-12-04T18:00:00.000Z');
const parse = (payload: unknown) => parseMonitorText(payload, 'energy-monitor', NOW);
function sample(payload: unknown) {
  const r = parse(payload);
  if (!r.ok) assert.fail(`expected a sample, got: ${r.reason}`);
  return r.sample;
}
function reason(payload: unknown): string {
  const r = parse(payload);
  if (r.ok) assert.fail(`expected a refusal, got ${JSON.stringify(r.sample)}`);
  return r.reason;
}

describe('energy-probe monitor text', () => {
  it("reads the seed's own line into the probe's shape, saying it has no power", () => {
    assert.deepEqual(sample('CPU Usage: 12.5%, Memory Usage: 43.1%'), {
      host: 'energy-monitor',
      timestamp: '2026-12-04T18:00:00.000Z',
      cpu: { load: 12.5 },
      memory: { usedPercent: 43.1 },
      power: { watts: null, method: 'none' },
    });
  });

  it('reads a Buffer, any order, other spellings, = and ;, and figures without %', () => {
    const expected = { cpu: { load: 91 }, memory: { usedPercent: 8.25 } };
    for (const text of [
      Buffer.from('CPU Usage: 91.0%, Memory Usage: 8.25%'),
      'memory_percent=8.25; cpu_percent=91',
      'RAM: 8.25 %, cpu load: 91',
      '  Mem:8.25,CPU:91%  ',
    ]) {
      const s = sample(text);
      assert.deepEqual({ cpu: s.cpu, memory: s.memory }, expected, String(text));
    }
  });

  it('takes memory as optional and lists labels it does not know in ignored', () => {
    const s = sample('CPU Usage: 5%, Disk Usage: 70%, Swap: 1%');
    assert.equal('memory' in s, false);
    assert.deepEqual(s.ignored, ['Disk Usage', 'Swap']);
  });

  it('rejects what is not the monitor text, with a reason that says why', () => {
    assert.match(reason({ cpu: 5 }), /the payload is object, not monitor text/);
    assert.match(reason(null), /the payload is null/);
    assert.match(reason('Memory Usage: 40%'), /no CPU figure/);
    assert.match(reason(''), /no CPU figure/);
    assert.match(reason('CPU Usage: high, Memory Usage: 40%'), /CPU Usage "high" is not a percentage from 0 to 100/);
    assert.match(reason('CPU Usage: 101%'), /not a percentage from 0 to 100/);
    assert.match(reason('CPU Usage: -1%'), /not a percentage from 0 to 100/);
    assert.match(reason('Memory Usage: NaN%, CPU: 3'), /Memory Usage "NaN%" is not a percentage/);
    assert.match(reason('hello world'), /"hello world" is not "label: value"/);
    assert.match(reason('CPU: 1, ' + 'x'.repeat(MAX_MONITOR_TEXT)), /more than 1024/);
  });

  it('takes the edges 0 and 100, and rounds to two decimals', () => {
    assert.equal(sample('CPU: 0%').cpu.load, 0);
    assert.equal(sample('CPU: 100%').cpu.load, 100);
    assert.equal(sample('CPU: 12.3456').cpu.load, 12.35);
  });
});
