// Keep every file a node writes inside its base folder, whatever a message or a flow variable
// says the file name is. No file system access.
import path from 'path';

/** Why a relative file name was refused; `code` lets callers pick a translated text. */
export class UnsafePathError extends Error {
  constructor(
    readonly code:
      'empty' | 'not-string' | 'nul' | 'control' | 'absolute' | 'escapes' | 'device' | 'reserved-char' | 'folder',
    readonly input: string,
    message: string,
  ) {
    super(message);
    this.name = 'UnsafePathError';
  }
}

// Windows refuses these as file names whatever the extension ("con.csv" is the console),
// and a flow may be moved to Windows or write to an SMB share, so refuse them everywhere.
const DEVICE = /^(con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])$/i;
// Characters Windows forbids in names; ':' would also open an NTFS alternate data stream.
const RESERVED = /[<>:"|?*]/;
// eslint-disable-next-line no-control-regex -- control characters are what this refuses
const CONTROL = /[\u0001-\u001f\u007f]/;

/**
 * Resolve `relative` against `baseDir` and return the absolute path, or throw an
 * UnsafePathError. Both '/' and '\\' separate folders (so a name means the same on every
 * platform). '..' may step back only within the name itself: "a/../b.csv" is fine,
 * "sub/../../x.csv" is not.
 */
export function resolveInside(baseDir: string, relative: unknown): string {
  if (typeof relative !== 'string') {
    const kind = relative === null ? 'null' : typeof relative;
    throw new UnsafePathError('not-string', String(relative), `file name must be a string, got ${kind}`);
  }
  const shown = JSON.stringify(relative.length > 80 ? `${relative.slice(0, 77)}...` : relative);
  const fail = (code: UnsafePathError['code'], why: string) =>
    new UnsafePathError(code, relative, `file name ${shown} ${why}`);
  if (relative.trim() === '') throw new UnsafePathError('empty', relative, 'file name is empty');
  if (relative.includes('\0')) throw fail('nul', 'contains a NUL byte');
  if (CONTROL.test(relative)) throw fail('control', 'contains a control character');
  if (path.posix.isAbsolute(relative) || path.win32.isAbsolute(relative) || /^[a-zA-Z]:/.test(relative)) {
    throw fail('absolute', 'is an absolute path; give a name relative to the base folder');
  }
  const kept: string[] = [];
  const segments = relative.split(/[\\/]+/);
  for (const segment of segments) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (kept.length === 0) throw fail('escapes', 'leads outside the base folder');
      kept.pop();
      continue;
    }
    if (RESERVED.test(segment)) throw fail('reserved-char', 'contains one of < > : " | ? *');
    // Windows ignores trailing dots and spaces and everything after the first dot for devices.
    const stem = segment
      .replace(/[. ]+$/, '')
      .split('.')[0]
      .trim();
    if (DEVICE.test(stem)) throw fail('device', `uses the reserved device name "${stem}"`);
    kept.push(segment);
  }
  const last = segments[segments.length - 1];
  if (kept.length === 0 || last === '' || last === '.' || last === '..')
    throw fail('folder', 'names a folder, not a file');
  const base = path.resolve(baseDir);
  const resolved = path.join(base, ...kept);
  // Belt and braces: whatever the rules above missed, the result must lie below base.
  if (!isInside(base, resolved)) throw fail('escapes', 'leads outside the base folder');
  return resolved;
}

/** Whether absolute path `p` lies below the folder `base` (not base itself). */
export function isInside(base: string, p: string): boolean {
  const rel = path.relative(base, p);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}
