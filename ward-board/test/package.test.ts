// The widget package as npm would publish it (npm pack --dry-run) and as the editor and
// Dashboard 2.0 find it: the node, its editor file, help and catalogues in both languages, its
// icon, the UMD bundle named after the node type.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { HEALTH_FIELDS, PLUG_FIELDS } from '../nodes/ward-board/settings';

const root = path.resolve(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const nodeDir = path.join(root, 'dist', 'nodes', 'ward-board');
const read = (file: string) => fs.readFileSync(file, 'utf8');

type Tree = { [key: string]: string | string[] | Tree };
const keysOf = (tree: Tree, prefix = ''): string[] =>
  Object.entries(tree).flatMap(([k, v]) =>
    typeof v === 'object' && !Array.isArray(v) ? keysOf(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  );

/** The editor's node definition, from running the editor file's script with a stand-in RED. */
function editorDefinition(): { def: Record<string, any>; presets: Record<string, unknown> } {
  const html = read(path.join(nodeDir, 'ward-board.html'));
  const script = /<script type="text\/javascript">([\s\S]*?)<\/script>/.exec(html)![1];
  let def: Record<string, any> = {};
  const RED = {
    nodes: { registerType: (_type: string, d: Record<string, any>) => (def = d), node: () => undefined },
    validators: { typedInput: () => () => true },
    utils: { validatePropertyExpression: (p: string) => /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/.test(p) },
    _: (k: string) => k,
  };
  vm.runInNewContext(script, { RED, $: () => ({ val: () => undefined }) });
  // The plug preset is only reachable through its button: read it from the same script.
  const plug = /const PLUG_FIELDS = (\[[\s\S]*?\]);/.exec(script)![1];
  return { def, presets: { plug: vm.runInNewContext(`(${plug})`) } };
}

describe('ward board package (npm pack --dry-run)', function () {
  this.timeout(60000);
  let files: string[];
  before(() => {
    assert.ok(fs.existsSync(path.join(root, 'resources', 'he-ward-board.umd.js')), 'run `npm run build` first');
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    files = (JSON.parse(out) as { files: { path: string }[] }[])[0].files.map((f) => f.path).sort();
  });

  it('is a Dashboard 2.0 widget package: name, node type, UMD bundle named after the type', () => {
    assert.match(pkg.name, /node-red-dashboard-2-/);
    assert.deepEqual(pkg['node-red'].nodes, { 'he-ward-board': 'dist/nodes/ward-board/ward-board.js' });
    assert.deepEqual(pkg['node-red-dashboard-2'].widgets, {
      'he-ward-board': { output: 'he-ward-board.umd.js', component: 'WardBoard' },
    });
    const umd = read(path.join(root, 'resources', 'he-ward-board.umd.js'));
    assert.match(umd, /\["he-ward-board"\]|\[`he-ward-board`\]/, 'the UMD global is the node type');
    assert.doesNotMatch(umd, /createRenderer\(|function createApp\(/, 'Vue itself is not bundled');
  });

  it('ships the runtime, editor, help and catalogues in English and Korean, the icon, the bundle, README and LICENSE', () => {
    for (const f of [
      'dist/nodes/ward-board/ward-board.js',
      'dist/nodes/ward-board/ward-board.html',
      'dist/nodes/ward-board/icons/ward-board.svg',
      'dist/nodes/ward-board/locales/en-US/ward-board.json',
      'dist/nodes/ward-board/locales/en-US/ward-board.html',
      'dist/nodes/ward-board/locales/ko/ward-board.json',
      'dist/nodes/ward-board/locales/ko/ward-board.html',
      'dist/state/board.js',
      'dist/shared/wire.js',
      'resources/he-ward-board.umd.js',
      'README.md',
      'LICENSE',
      'package.json',
    ]) {
      assert.ok(files.includes(f), `${f} is not in the package`);
    }
    assert.match(read(path.join(root, 'LICENSE')), /Apache License\s+Version 2\.0/);
  });

  it('leaves out tests, sources and build files', () => {
    const unwanted = files.filter(
      (f) =>
        /(^|\/)test\//.test(f) ||
        /\.(ts|vue|map|tgz|mts)$/.test(f) ||
        /^(ui|scripts|nodes|state|shared)\//.test(f) ||
        /tsconfig/.test(f),
    );
    assert.deepEqual(unwanted, []);
  });

  it('has the same words in both catalogues, and help with Inputs, Outputs and Details', () => {
    const en = JSON.parse(read(path.join(nodeDir, 'locales', 'en-US', 'ward-board.json')));
    const ko = JSON.parse(read(path.join(nodeDir, 'locales', 'ko', 'ward-board.json')));
    assert.deepEqual(keysOf(ko).sort(), keysOf(en).sort());
    const heads = (html: string) => [...html.matchAll(/<h3>([^<]*)<\/h3>/g)].map((m) => m[1].trim());
    assert.deepEqual(heads(read(path.join(nodeDir, 'locales', 'en-US', 'ward-board.html'))).slice(0, 3), [
      'Inputs',
      'Outputs',
      'Details',
    ]);
    assert.deepEqual(heads(read(path.join(nodeDir, 'locales', 'ko', 'ward-board.html'))).slice(0, 3), [
      '입력',
      '출력',
      '상세',
    ]);
    for (const lang of ['en-US', 'ko']) {
      assert.match(
        read(path.join(nodeDir, 'locales', lang, 'ward-board.html')),
        /<script type="text\/html" data-help-name="he-ward-board">/,
      );
    }
  });

  it('registers in the editor in "health & energy" with the runtime\'s own presets as defaults', () => {
    const { def, presets } = editorDefinition();
    assert.equal(def.category, 'health & energy');
    assert.equal(def.icon, 'ward-board.svg');
    assert.equal(def.outputs, 2);
    // Through JSON: the objects come from another realm (the vm context), with its own Object.
    const plain = (v: unknown) => JSON.parse(JSON.stringify(v));
    assert.deepEqual(plain(def.defaults.fields.value), HEALTH_FIELDS);
    assert.deepEqual(plain(presets.plug), PLUG_FIELDS);
    assert.equal(def.defaults.key.value, 'payload.deviceId');
    assert.equal(def.defaults.score.value, 'payload.news2');
    assert.equal(def.defaults.fields.validate(HEALTH_FIELDS), true);
    assert.equal(def.defaults.fields.validate([{ label: 'x', property: 'payload.x[', decimals: 0 }]), false);
    assert.equal(def.defaults.interval.validate('0.1'), false);
    assert.equal(def.defaults.interval.validate('1'), true);
    // A flow that leaves a setting out gets the runtime's default: valid in the editor too.
    for (const [name, d] of Object.entries(def.defaults as Record<string, { validate?: (v: unknown) => boolean }>)) {
      if (d.validate) assert.equal(d.validate.call({}, undefined), true, `${name} left out`);
    }
    assert.equal(def.defaults.maxKeys.validate('0'), false);
    assert.equal(def.defaults.shown.validate('2.5'), false);
  });
});
