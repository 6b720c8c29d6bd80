import assert from 'node:assert/strict';
import path from 'path';
import { resolveInside, UnsafePathError } from '../../../nodes/lib/safe-path';

const base = path.resolve('/data/health');

function refused(name: unknown, code: UnsafePathError['code']) {
  assert.throws(
    () => resolveInside(base, name),
    (e: unknown) => e instanceof UnsafePathError && e.code === code && e.message.length > 0,
    `${JSON.stringify(name)} should be refused as ${code}`,
  );
}

describe('safe-path resolveInside', () => {
  it('resolves plain and nested names inside the base folder', () => {
    assert.equal(resolveInside(base, 'vitals.csv'), path.join(base, 'vitals.csv'));
    assert.equal(resolveInside(base, 'ward-3/bed-1.csv'), path.join(base, 'ward-3', 'bed-1.csv'));
    assert.equal(resolveInside(base, 'ward-3\\bed-1.csv'), path.join(base, 'ward-3', 'bed-1.csv'));
    assert.equal(resolveInside(base, './a/../b.csv'), path.join(base, 'b.csv'));
    assert.equal(resolveInside(base, '환자기록.csv'), path.join(base, '환자기록.csv'));
    assert.equal(resolveInside(base, '..hidden.csv'), path.join(base, '..hidden.csv'));
  });

  it('refuses names that climb out of the folder', () => {
    refused('../x.csv', 'escapes');
    refused('sub/../../x.csv', 'escapes');
    refused('..\\..\\x.csv', 'escapes');
    refused('..', 'escapes');
  });

  it('refuses absolute paths', () => {
    refused('/etc/passwd', 'absolute');
    refused('\\\\server\\share\\x.csv', 'absolute');
    refused('C:\\x.csv', 'absolute');
    refused('c:x.csv', 'absolute');
  });

  it('refuses NUL bytes and control characters', () => {
    refused('a\0b', 'nul');
    refused('a\nb.csv', 'control');
  });

  it('refuses Windows device names, whatever the case or extension', () => {
    for (const n of ['CON', 'con.csv', 'sub/NUL', 'COM1.txt', 'lpt9', 'aux .csv', 'PRN.']) refused(n, 'device');
    assert.equal(resolveInside(base, 'console.csv'), path.join(base, 'console.csv'));
    assert.equal(resolveInside(base, 'COM10.csv'), path.join(base, 'COM10.csv'));
  });

  it('refuses characters Windows forbids', () => {
    refused('bed:1.csv', 'reserved-char');
    refused('vitals.csv:hidden', 'reserved-char');
    refused('what?.csv', 'reserved-char');
  });

  it('refuses empty names, folders and non-strings', () => {
    refused('', 'empty');
    refused('   ', 'empty');
    refused('sub/', 'folder');
    refused('.', 'folder');
    refused('a/..', 'folder');
    refused(undefined, 'not-string');
    refused(42, 'not-string');
  });
});
