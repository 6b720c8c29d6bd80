// Every text a node shows at run time through the node kit (kit.text('key')) has an entry in
// both catalogues, en-US and ko: a missing one would show the bare key to the user.
import assert from 'node:assert/strict';
import fs from 'fs';
import path from 'path';

const NODES = ['vitals-parse', 'news2', 'threshold', 'csv-log', 'energy-probe', 'energy-meter', 'history'];
/** The kit's own texts: a configuration error's lead and status, for every node. */
const KIT_KEYS = ['errors.config', 'status.config'];
/** And, for the nodes that keep state in their context, the warnings of a failed write or read. */
const PERSIST_KEYS = ['errors.save', 'errors.restore'];

describe('runtime texts of the nodes', () => {
  for (const name of NODES) {
    it(`${name}: every kit.text key is in the en-US and ko catalogues`, () => {
      // The node's runtime file and any adapter parts beside it.
      const dir = path.dirname(require.resolve(`../../nodes/${name}/${name}.js`));
      const src = fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.js'))
        .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))
        .join('\n');
      const keys = new Set(KIT_KEYS);
      for (const m of src.matchAll(/kit\.text\('([\w.-]+)'/g)) keys.add(m[1]);
      if (src.includes('kit.persist(')) PERSIST_KEYS.forEach((k) => keys.add(k));
      assert.ok(keys.size > KIT_KEYS.length, `${name} uses kit.text`);
      for (const lang of ['en-US', 'ko']) {
        const catalogue = JSON.parse(
          fs.readFileSync(path.join(__dirname, '../../nodes', name, 'locales', lang, `${name}.json`), 'utf8'),
        )[name];
        for (const key of keys) {
          const value = key
            .split('.')
            .reduce(
              (o: Record<string, unknown> | undefined, k) => o?.[k] as Record<string, unknown> | undefined,
              catalogue,
            );
          assert.equal(typeof value, 'string', `${lang}: ${name}.${key}`);
        }
      }
    });
  }
});
