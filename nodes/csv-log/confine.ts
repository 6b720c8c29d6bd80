// The real-path half of path confinement: safe-path.ts checks the name, this the disk, so that
// a symbolic link inside the base folder (ward-3 -> /etc) cannot lead a write outside it.
import fs from 'fs';
import path from 'path';
import { CsvFileError } from './fs-ops';
import { isInside } from '../lib/safe-path';

export class ConfinementError extends Error {
  readonly code = 'ESYMLINKOUT';
  constructor(
    readonly file: string,
    readonly real: string,
    readonly base: string,
  ) {
    super(`refused ${file}: through a symbolic link it leads to ${real}, outside the folder ${base}`);
    this.name = 'ConfinementError';
  }
}

/**
 * The real path of `p`, or of its deepest existing ancestor with the missing rest
 * appended. A dangling link is followed to where it points (opening it would create
 * its target), up to 40 links.
 */
async function realPathOf(p: string, hops = 0): Promise<string> {
  const rest: string[] = [];
  let cur = path.resolve(p);
  for (;;) {
    try {
      const real = await fs.promises.realpath(cur);
      return rest.length ? path.join(real, ...rest) : real;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const parent = path.dirname(cur);
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || parent === cur) throw err;
      const st = await fs.promises.lstat(cur).catch(() => null);
      if (st?.isSymbolicLink()) {
        if (hops >= 40) throw Object.assign(new Error(`too many symbolic links at ${cur}`), { code: 'ELOOP' });
        const target = path.resolve(parent, await fs.promises.readlink(cur));
        return realPathOf(path.join(target, ...rest), hops + 1);
      }
      rest.unshift(path.basename(cur));
      cur = parent;
    }
  }
}

/** Throws ConfinementError when `file`, links followed, is not inside `base` (links followed too). */
export async function assertRealInside(base: string, file: string): Promise<void> {
  const [realBase, real] = await Promise.all([realPathOf(base), realPathOf(file)]);
  if (!isInside(realBase, real)) throw new ConfinementError(file, real, realBase);
}

/** assertRealInside for the file layer: a CsvFileError, retried unless a link leads out (it stays so). */
export async function confineFile(base: string, file: string): Promise<void> {
  try {
    await assertRealInside(base, file);
  } catch (err) {
    throw new CsvFileError(file, 'open', err, !(err instanceof ConfinementError));
  }
}
