// What a user gets from the published package. The repository's HEAD is cloned into a
// temporary folder (what CI's clean clone is), its dependencies installed with `npm ci`, and
// each package below is packed with `npm pack` (so its prepack step builds it). The tarballs are
// installed with `npm install <tarball>` into a fresh Node-RED user directory, Node-RED is
// started on it, and its admin API must show every node type registered without load errors,
// each node's editor and help, and every example flow under Import → Examples.
// npm uses its cache and the npm registry, nothing else. Slow (clone + npm ci + build): run by
// `npm run test:install`, not by `npm test`.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { run } from './commands';
import { NodeRed, startNodeRed } from './node-red-process';

/**
 * The packages this repository publishes, each by its folder in the repository. A package in a
 * folder of its own with its own package-lock.json gets its own `npm ci` there before it is packed.
 */
const PACKAGES: { folder: string }[] = [{ folder: '.' }, { folder: 'ward-board' }];

const ROOT = path.resolve(__dirname, '..', '..', '..');
const LANGS = ['en-US', 'ko'];
const NPM_FLAGS = ['--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];

interface PackageJson {
  name: string;
  version: string;
  bin?: Record<string, string>;
  'node-red'?: { nodes?: Record<string, string> };
}

interface Packed {
  folder: string;
  pkg: PackageJson;
  tarball: string;
  files: string[];
  /** Example flows in the package's examples/ folder, by name without .json. */
  examples: string[];
}

interface NodeSet {
  id: string;
  module: string;
  types: string[];
  enabled: boolean;
  err?: unknown;
}

function git(args: string[], cwd: string): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
}

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

function exampleNames(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

/** A node set's load error as GET /nodes gives it: a string, or an Error serialised to JSON (no message, a code). */
function errorText(err: unknown): string {
  if (typeof err === 'string') return err;
  const { message, code } = err as { message?: string; code?: string };
  return message ?? code ?? JSON.stringify(err);
}

function nodeTypes(p: Packed): [string, string][] {
  return Object.entries(p.pkg['node-red']?.nodes ?? {});
}

describe('install: npm pack of a clean clone, npm install into a fresh Node-RED user directory', function () {
  this.timeout(30000);
  let tmp: string;
  let userDir: string;
  const packed: Packed[] = [];
  let red: NodeRed | undefined;

  async function get(urlPath: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
    const res = await fetch(`${red!.base}${urlPath}`, { headers });
    return { status: res.status, text: await res.text() };
  }

  before(async function () {
    this.timeout(15 * 60000);
    const t0 = Date.now();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'he-install-'));
    const clone = path.join(tmp, 'clone');
    const packs = path.join(tmp, 'packs');
    userDir = path.join(tmp, 'userdir');
    fs.mkdirSync(packs);
    fs.mkdirSync(userDir);

    const head = git(['rev-parse', 'HEAD'], ROOT);
    if (git(['status', '--porcelain'], ROOT)) {
      console.log(
        `      [install] uncommitted changes in ${ROOT} are not tested: the clone is of HEAD ${head.slice(0, 7)}`,
      );
    }
    await run('git', ['clone', '--quiet', '--no-checkout', ROOT, clone], tmp, 120000);
    await run('git', ['checkout', '--quiet', head], clone, 120000);
    const step = (what: string, ms: number) => console.log(`      [install] ${what}: ${(ms / 1000).toFixed(1)} s`);
    step(`git clone of ${head.slice(0, 7)}`, Date.now() - t0);

    for (const { folder } of PACKAGES) {
      const dir = path.join(clone, folder);
      if (fs.existsSync(path.join(dir, 'package-lock.json'))) {
        step(`npm ci in ${folder}`, (await run('npm', ['ci', ...NPM_FLAGS], dir, 10 * 60000)).ms);
      }
      const already = new Set(fs.readdirSync(packs));
      const pack = await run('npm', ['pack', '--json', '--pack-destination', packs, ...NPM_FLAGS], dir, 10 * 60000);
      step(`npm pack in ${folder}`, pack.ms);
      const [result] = JSON.parse(pack.out) as { filename: string; size: number; files: { path: string }[] }[];
      const tarball = path.join(packs, result.filename);
      assert.ok(
        !already.has(result.filename) && fs.existsSync(tarball),
        `npm pack in ${folder} made no ${result.filename}`,
      );
      packed.push({
        folder,
        pkg: readJson<PackageJson>(path.join(dir, 'package.json')),
        tarball,
        files: result.files.map((f) => f.path),
        examples: exampleNames(path.join(dir, 'examples')),
      });
      console.log(`      [install] ${result.filename}: ${result.files.length} files, ${result.size} bytes`);
    }

    // The package.json Node-RED writes into a new user directory; without it npm would install
    // into the nearest parent folder that has one.
    fs.writeFileSync(
      path.join(userDir, 'package.json'),
      JSON.stringify(
        { name: 'node-red-project', description: 'A Node-RED Project', version: '0.0.1', private: true },
        null,
        4,
      ),
    );
    const install = await run('npm', ['install', ...NPM_FLAGS, ...packed.map((p) => p.tarball)], userDir, 10 * 60000);
    step('npm install of the tarballs into the user directory', install.ms);

    const t1 = Date.now();
    red = await startNodeRed(userDir);
    step(`Node-RED (PID ${red.pid}) answering on ${red.base}`, Date.now() - t1);
    step('set-up in all', Date.now() - t0);
  });

  after(async function () {
    this.timeout(60000);
    if (red) await red.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('packs the files package.json points at: every node runtime and each bin', () => {
    for (const p of packed) {
      const wanted = [...nodeTypes(p).map(([, file]) => file), ...Object.values(p.pkg.bin ?? {})].map((f) =>
        path.posix.normalize(f),
      );
      const missing = wanted.filter((f) => !p.files.includes(f));
      assert.deepEqual(missing, [], `${p.pkg.name}: not in ${path.basename(p.tarball)} (${p.files.length} files)`);
    }
  });

  it('registers every node type of package.json with Node-RED, loaded and without errors (GET /nodes)', async () => {
    const res = await get('/nodes', { Accept: 'application/json' });
    assert.equal(res.status, 200);
    const sets = JSON.parse(res.text) as NodeSet[];
    for (const p of packed) {
      const ours = sets.filter((s) => s.module === p.pkg.name);
      assert.ok(
        ours.length > 0,
        `${p.pkg.name} is not among Node-RED's modules: ${[...new Set(sets.map((s) => s.module))].join(', ')}`,
      );
      const broken = ours
        .filter((s) => !s.enabled || s.err)
        .map((s) => `${s.id}: ${s.err ? errorText(s.err) : 'disabled'}`);
      assert.deepEqual(broken, [], `${p.pkg.name}: node sets that did not load`);
      const info = await get(`/nodes/${p.pkg.name}`, { Accept: 'application/json' });
      assert.equal((JSON.parse(info.text) as { version: string }).version, p.pkg.version, `${p.pkg.name} version`);
      const registered = ours.flatMap((s) => s.types).sort();
      assert.deepEqual(
        registered,
        nodeTypes(p)
          .map(([type]) => type)
          .sort(),
        `${p.pkg.name}: registered types`,
      );
      const complaints = red!
        .log()
        .split('\n')
        .filter((l) => /\[(warn|error)\]/.test(l) && l.includes(p.pkg.name));
      assert.deepEqual(complaints, [], `Node-RED's log about ${p.pkg.name}`);
    }
  });

  it('starts a flow holding one node of each type: each type has its runtime constructor (POST /flows)', async () => {
    const types = packed.flatMap((p) => nodeTypes(p).map(([type]) => type));
    const flow = [
      { id: 'install-tab', type: 'tab', label: 'install test' },
      ...types.map((type, i) => ({ id: `install-${i}`, type, z: 'install-tab' })),
    ];
    const started = () =>
      red!
        .log()
        .split('\n')
        .filter((l) => l.includes('Started flows')).length;
    const before = started();
    const res = await fetch(`${red!.base}/flows`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Node-RED-Deployment-Type': 'full' },
      body: JSON.stringify(flow),
    });
    assert.equal(res.status, 204, await res.text());
    // Node-RED starts a flow only when every type in it has a constructor; until then it logs
    // "Waiting for missing types to be registered".
    const end = Date.now() + 15000;
    while (started() === before && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    const missing = /Waiting for missing types[^\n]*\n((?:.*- .*\n)*)/.exec(red!.log());
    assert.equal(missing, null, `types without a constructor:\n${missing?.[1]}`);
    assert.ok(started() > before, `the flow did not start within 15 s\n--- Node-RED log ---\n${red!.log()}`);
  });

  for (const lang of LANGS) {
    it(`serves each node's editor definition and its ${lang} help to the editor`, async () => {
      const res = await get('/nodes', { Accept: 'text/html', 'Accept-Language': lang });
      assert.equal(res.status, 200);
      for (const p of packed) {
        for (const [type, file] of nodeTypes(p)) {
          assert.ok(res.text.includes(`RED.nodes.registerType('${type}'`), `no editor definition of ${type}`);
          const helpFile = path.join(
            userDir,
            'node_modules',
            p.pkg.name,
            path.dirname(file),
            'locales',
            lang,
            `${path.basename(file, '.js')}.html`,
          );
          assert.ok(fs.existsSync(helpFile), `${helpFile} was not installed`);
          const help = /<script type="text\/html" data-help-name="[^"]+">([\s\S]*?)<\/script>/.exec(
            fs.readFileSync(helpFile, 'utf8'),
          );
          assert.ok(help, `${helpFile} holds no help script`);
          assert.ok(res.text.includes(help[1].trim()), `the ${lang} help of ${type} is not what Node-RED serves`);
        }
      }
    });
  }

  it('serves every script an editor definition loads from the package (GET /resources/<module>/...)', async () => {
    const editors = (await get('/nodes', { Accept: 'text/html' })).text;
    const sources = [...new Set([...editors.matchAll(/<script src="(resources\/[^"]+)"/g)].map((m) => m[1]))];
    assert.ok(sources.length > 0, 'no editor loads a script of its own');
    for (const src of sources) {
      const [, module, ...file] = src.split('/');
      const res = await get(`/${src}`);
      assert.equal(res.status, 200, src);
      const installed = path.join(userDir, 'node_modules', module, 'resources', ...file);
      assert.equal(res.text, fs.readFileSync(installed, 'utf8'), `${src} as served`);
    }
  });

  it("serves each node's own icon, the one its editor definition names (GET /icons)", async () => {
    const list = JSON.parse((await get('/icons', { Accept: 'application/json' })).text) as Record<string, string[]>;
    for (const p of packed) {
      for (const [type, file] of nodeTypes(p)) {
        const nodeDir = path.join(userDir, 'node_modules', p.pkg.name, path.dirname(file));
        const editor = fs.readFileSync(path.join(nodeDir, `${path.basename(file, '.js')}.html`), 'utf8');
        // Icons named without a folder are the module's own; "font-awesome/..." and the like are Node-RED's.
        const own = [...editor.matchAll(/\bicon:\s*['"]([^'"/]+)['"]/g)].map((m) => m[1]);
        assert.ok(own.length > 0, `${type} names no icon of its own`);
        for (const icon of own) {
          assert.ok(
            list[p.pkg.name]?.includes(icon),
            `${icon} is not among ${p.pkg.name}'s icons: ${list[p.pkg.name]}`,
          );
          // Node-RED answers an unknown icon with its default one, so the body is compared.
          const res = await get(`/icons/${p.pkg.name}/${icon}`);
          assert.equal(res.status, 200);
          assert.equal(
            res.text,
            fs.readFileSync(path.join(nodeDir, 'icons', icon), 'utf8'),
            `${type}: ${icon} as served`,
          );
        }
      }
    }
  });

  it('offers every file in examples/ under Import → Examples, with its flow (GET /library/examples/flows/...)', async () => {
    // The editor's Import → Examples menu lists the modules from /library/examples/flows/ and
    // each module's flows from /library/examples/flows/<module>.
    const modules = await get('/library/examples/flows/', { Accept: 'application/json' });
    assert.equal(modules.status, 200);
    const listed = JSON.parse(modules.text) as string[];
    for (const p of packed) {
      let offered: string[] = [];
      if (listed.includes(p.pkg.name)) {
        const res = await get(`/library/examples/flows/${p.pkg.name}`, { Accept: 'application/json' });
        assert.equal(res.status, 200);
        offered = (JSON.parse(res.text) as ({ fn: string } | string)[])
          .map((e) => (typeof e === 'string' ? `${e}/` : e.fn))
          .sort();
      }
      assert.deepEqual(offered, p.examples, `${p.pkg.name}: examples offered`);
      for (const name of p.examples) {
        const res = await get(`/library/examples/flows/${p.pkg.name}/${name}`);
        assert.equal(res.status, 200, `${p.pkg.name}/${name}`);
        const source = path.join(tmp, 'clone', p.folder, 'examples', `${name}.json`);
        assert.deepEqual(JSON.parse(res.text), readJson(source), `${name} as Node-RED offers it`);
      }
    }
  });

  it('installs each bin of package.json so that it runs (--help)', async () => {
    for (const p of packed) {
      for (const bin of Object.keys(p.pkg.bin ?? {})) {
        const { out } = await run(path.join(userDir, 'node_modules', '.bin', bin), ['--help'], userDir, 20000);
        assert.match(out, new RegExp(`^Usage: ${bin}\\b`, 'm'), `${bin} --help`);
      }
    }
  });
});
