// Typed column lists: what each column type puts in the row, independent of Node-RED's version.
import assert from 'node:assert/strict';
import { rowBuilder } from '../../../nodes/csv-log/columns';

describe('csv-log typed columns (rowBuilder)', () => {
  const evaluated: Array<[string, string]> = [];
  const evaluate = (value: string, type: string) => {
    evaluated.push([value, type]);
    return `${type}:${value}`;
  };

  it('reads msg paths, constants and delegates other types to Node-RED', () => {
    const build = rowBuilder(
      [
        { name: 'hr', value: 'payload.heartRate', type: 'msg' },
        { name: 'site', value: 'ward 3', type: 'str' },
        { name: 'n', value: '7', type: 'num' },
        { name: 'who', value: 'USER', type: 'env' },
      ],
      evaluate,
    );
    assert.deepEqual(build({ payload: { heartRate: 72 } }), { hr: 72, site: 'ward 3', n: 7, who: 'env:USER' });
    assert.deepEqual(evaluated, [['USER', 'env']]);
  });

  it('reads a msg path as Node-RED does ("msg." optional), and leaves a prototype key to Node-RED', () => {
    const build = rowBuilder(
      [
        { name: 'a', value: 'msg.payload.heartRate', type: 'msg' },
        { name: 'b', value: 'payload.missing.deeper', type: 'msg' },
        { name: 'c', value: 'payload.toString', type: 'msg' },
        { name: 'd', value: 'payload.constructor', type: 'msg' },
      ],
      evaluate,
    );
    // An inherited name is not message data; a missing parent is an empty cell, not an error.
    assert.deepEqual(build({ payload: { heartRate: 72 } }), {
      a: 72,
      b: undefined,
      c: undefined,
      d: 'msg:payload.constructor',
    });
  });

  it('gives the date type the same meaning on Node-RED 3.1 and 4+: ms, ISO text or a Date', () => {
    const before = Date.now();
    const row = rowBuilder(
      [
        { name: 'ms', value: '', type: 'date' },
        { name: 'iso', value: 'iso', type: 'date' },
        { name: 'obj', value: 'object', type: 'date' },
      ],
      evaluate,
    )({});
    const after = Date.now();
    assert.ok(typeof row.ms === 'number' && row.ms >= before && row.ms <= after);
    assert.match(String(row.iso), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.ok(Date.parse(String(row.iso)) >= before - 1 && Date.parse(String(row.iso)) <= after);
    assert.ok(row.obj instanceof Date);
  });
});
