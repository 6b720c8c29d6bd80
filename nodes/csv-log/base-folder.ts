// Where csv-log writes when the flow does not say: a folder in the Node-RED user folder.
import os from 'os';
import path from 'path';

export const DEFAULT_FOLDER = 'health-energy-data';
export const DEFAULT_FILENAME = 'vitals.csv';

/** The base folder: configured (relative to the Node-RED user folder) or the default one there. */
export function baseFolder(configured: string | undefined, userDir: string | undefined): string {
  const home = userDir || path.join(os.homedir(), '.node-red');
  const dir = (configured ?? '').trim();
  return path.resolve(home, dir === '' ? DEFAULT_FOLDER : dir);
}
