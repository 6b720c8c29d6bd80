import assert from 'node:assert/strict';
import path from 'path';
import { NamePattern, PatternError, sanitiseField } from '../../../nodes/csv-log/name-pattern';
import { resolveInside, UnsafePathError } from '../../../nodes/lib/safe-path';

// 2024-05-01 23:59:30 UTC, and one minute later (the next day and month in UTC).
const T = Date.UTC(2024, 4, 1, 23, 59, 30);
const pad = (n: number) => String(n).padStart(2, '0');

describe('csv-log name patterns', () => {
  it('expands date and hour tokens in UTC from an injected clock, rolling over at midnight', () => {
    const p = NamePattern.compile('health-%Y-%m-%d.csv', 'utc');
    assert.equal(p.expand({}, T), 'health-2024-05-01.csv');
    assert.equal(p.expand({}, T + 60000), 'health-2024-05-02.csv');
    const h = NamePattern.compile('%Y/%m/%d/vitals-%H%M.csv', 'utc');
    assert.equal(h.expand({}, T), '2024/05/01/vitals-2359.csv');
    assert.equal(h.expand({}, T + 3600000), '2024/05/02/vitals-0059.csv');
  });

  it('uses local time by default', () => {
    const p = NamePattern.compile('%Y-%m-%d %H.csv');
    const d = new Date(T);
    assert.equal(
      p.expand({}, T),
      `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}.csv`,
    );
  });

  it('keeps %% as a percent sign and refuses unknown tokens and malformed fields', () => {
    assert.equal(NamePattern.compile('100%%-%Y.csv', 'utc').expand({}, T), '100%-2024.csv');
    assert.equal(NamePattern.compile('plain%%.csv').expand({}, T), 'plain%.csv');
    for (const bad of [
      'a-%x.csv',
      'a-%.csv',
      'a-{{payload.x.csv',
      'a-{{}}.csv',
      'a-{{payload[0]}}.csv',
      'a-{{__proto__.x}}.csv',
      'a-{{payload..x}}.csv',
    ]) {
      assert.throws(
        () => NamePattern.compile(bad),
        (e: unknown) => e instanceof PatternError,
        bad,
      );
    }
  });

  it('fills message fields, trimmed paths included, and numbers', () => {
    const p = NamePattern.compile('{{ payload.deviceId }}/%Y-%m-%d-{{topic}}.csv', 'utc');
    assert.equal(p.expand({ payload: { deviceId: 'bed-3' }, topic: 7 }, T), 'bed-3/2024-05-01-7.csv');
    assert.equal(NamePattern.compile('{{payload.환자}}.csv').expand({ payload: { 환자: '김민수' } }, T), '김민수.csv');
  });

  it('refuses missing, empty and non-text fields with a code naming the field', () => {
    const p = NamePattern.compile('{{payload.deviceId}}.csv');
    const cases: Array<[unknown, string]> = [
      [{ payload: {} }, 'field-missing'],
      [{}, 'field-missing'],
      [{ payload: { deviceId: null } }, 'field-type'],
      [{ payload: { deviceId: { a: 1 } } }, 'field-type'],
      [{ payload: { deviceId: NaN } }, 'field-type'],
      [{ payload: { deviceId: '' } }, 'field-empty'],
      [{ payload: Object.create({ deviceId: 'inherited' }) }, 'field-missing'],
    ];
    for (const [msg, code] of cases) {
      assert.throws(
        () => p.expand(msg, T),
        (e: unknown) => e instanceof PatternError && e.code === code && e.detail === 'payload.deviceId',
        code,
      );
    }
  });

  it('sanitises traversal and injection attempts so the name stays one file inside the folder', () => {
    const base = path.resolve('/data/health');
    const p = NamePattern.compile('dev-{{payload.id}}.csv');
    const hostile = [
      '../../etc/passwd',
      '..',
      '/etc/passwd',
      'a\\..\\..\\b',
      'C:\\x',
      'a\0b',
      'x\r\ny',
      '<>:"|?*',
      '%Y{{x}}',
      ' .. ',
      '\u202e',
    ];
    for (const id of hostile) {
      const name = p.expand({ payload: { id } }, T);
      assert.ok(!/[\\/]/.test(name), `${JSON.stringify(id)} → ${name} has no separator`);
      const file = resolveInside(base, name);
      assert.equal(path.dirname(file), base, `${JSON.stringify(id)} stays in the folder`);
    }
    assert.equal(sanitiseField('../../etc/passwd'), '___.._etc_passwd');
    assert.equal(sanitiseField('.hidden'), '_hidden');
    assert.equal(sanitiseField('x'.repeat(100)).length, 64);
  });

  it('leaves the safe-path check in force: a field naming a device is still refused', () => {
    const name = NamePattern.compile('{{payload.id}}.csv').expand({ payload: { id: 'CON' } }, T);
    assert.throws(
      () => resolveInside('/data', name),
      (e: unknown) => e instanceof UnsafePathError && e.code === 'device',
    );
  });

  it('gives retention one matcher per folder level', () => {
    const m = NamePattern.compile('{{payload.id}}/health-%Y-%m-%d.csv').segmentMatchers()!;
    assert.equal(m.length, 2);
    assert.ok(m[0].test('bed-3'));
    assert.ok(m[1].test('health-2024-05-01.csv'));
    assert.ok(!m[1].test('health-2024-05-01.txt'));
    assert.ok(!m[1].test('notes.csv'));
    assert.equal(NamePattern.compile('../x-%Y.csv').segmentMatchers(), null);
  });
});
