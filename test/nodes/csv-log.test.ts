import assert from 'node:assert/strict';
import fs from 'fs';
import os from 'os';
import path from 'path';
const helper = require('node-red-node-test-helper');
const csvLogNode = require('../../nodes/csv-log/csv-log.js');
// Node-RED's own csv node reads our files back: an independent RFC 4180 parser.
const coreCsvNode = require('@node-red/nodes/core/parsers/70-CSV.js');

helper.init(require.resolve('node-red'));

type Msg = Record<string, any>;
type FlowNode = Record<string, unknown>;

/** Collect every message a helper node receives. */
function collect(id: string): Msg[] {
  const got: Msg[] = [];
  helper.getNode(id).on('input', (m: Msg) => got.push(m));
  return got;
}

async function until(check: () => boolean, what: string, ms = 10000): Promise<void> {
  const t0 = Date.now();
  while (!check()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function flow(config: FlowNode): FlowNode[] {
  return [
    { id: 'n1', type: 'he-csv-log', name: 'log', bom: false, injectionGuard: true, ...config, wires: [['out']] },
    { id: 'out', type: 'helper' },
    { id: 'catcher', type: 'catch', scope: ['n1'], uncaught: false, wires: [['caught']] },
    { id: 'caught', type: 'helper' },
    { id: 'completer', type: 'complete', scope: ['n1'], wires: [['completed']] },
    { id: 'completed', type: 'helper' },
    { id: 'watcher', type: 'status', scope: ['n1'], wires: [['statuses']] },
    { id: 'statuses', type: 'helper' },
    {
      id: 'parse',
      type: 'csv',
      spec: 'rfc',
      sep: ',',
      hdrin: true,
      hdrout: 'none',
      multi: 'mult',
      ret: '\\r\\n',
      temp: '',
      skip: '0',
      strings: false,
      include_empty_strings: true,
      include_null_values: true,
      wires: [['parsed']],
    },
    { id: 'parsed', type: 'helper' },
  ];
}

async function load(config: FlowNode) {
  await helper.load([csvLogNode, coreCsvNode], flow(config));
  return {
    n1: helper.getNode('n1'),
    out: collect('out'),
    caught: collect('caught'),
    completed: collect('completed'),
    statuses: collect('statuses'),
    parsed: collect('parsed'),
  };
}

describe('csv-log node', function () {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csv-log-node-'));
  });
  afterEach(async () => {
    await helper.unload();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("writes rows that Node-RED's csv node reads back unchanged, and passes msg on with filename and row", async () => {
    const t = await load({
      baseDir: dir,
      filename: 'vitals.csv',
      filenameType: 'str',
      columns: 'patient,note,vitals,flag',
    });
    const rows = [
      { patient: '김민수', note: 'says "fine", then\r\nsleeps 😴', vitals: { hr: 72, spo2: [97, 98] }, flag: true },
      { patient: 'a,b', note: null, vitals: [], flag: false },
    ];
    rows.forEach((payload) => t.n1.receive({ payload, topic: 'ward-3' }));
    await until(() => t.out.length === 2, 'two outputs');
    const file = path.join(dir, 'vitals.csv');
    assert.deepEqual(
      t.out.map((m) => [m.filename, m.row, m.topic]),
      [
        [file, 1, 'ward-3'],
        [file, 2, 'ward-3'],
      ],
    );
    assert.equal(t.caught.length, 0);

    helper.getNode('parse').receive({ payload: fs.readFileSync(file, 'utf8') });
    await until(() => t.parsed.length === 1, 'parsed file');
    assert.equal(t.parsed[0].columns, 'patient,note,vitals,flag');
    assert.deepEqual(t.parsed[0].payload, [
      { patient: '김민수', note: 'says "fine", then\r\nsleeps 😴', vitals: '{"hr":72,"spo2":[97,98]}', flag: 'true' },
      { patient: 'a,b', note: null, vitals: '[]', flag: 'false' },
    ]);
    await until(() => t.statuses.some((s) => s.status.fill === 'green'), 'green status');
  });

  it('writes to <userDir>/health-energy-data/vitals.csv by default, starting with a BOM', async () => {
    helper.settings({ userDir: dir });
    try {
      const t = await load({ baseDir: '', filename: 'vitals.csv', filenameType: 'str', columns: '', bom: undefined });
      t.n1.receive({ payload: { name: '홍길동', hr: 80 } });
      await until(() => t.out.length === 1, 'output');
      const file = path.join(dir, 'health-energy-data', 'vitals.csv');
      assert.equal(t.out[0].filename, file);
      assert.deepEqual([...fs.readFileSync(file).subarray(0, 3)], [0xef, 0xbb, 0xbf]);
      assert.equal(fs.readFileSync(file, 'utf8'), '\ufeffname,hr\r\n홍길동,80\r\n');
    } finally {
      helper.settings({ userDir: undefined });
    }
  });

  it('writes the header once across a redeploy and continues row numbers', async () => {
    const config = { baseDir: dir, filename: 'vitals.csv', filenameType: 'str', columns: '' };
    let t = await load(config);
    t.n1.receive({ payload: { t: 1, hr: 70 } });
    t.n1.receive({ payload: { t: 2, hr: 71 } });
    await until(() => t.out.length === 2, 'first deploy');
    await helper.unload();
    t = await load(config);
    t.n1.receive({ payload: { t: 3, hr: 72 } });
    t.n1.receive({ payload: { hr: 73, t: 4 } });
    await until(() => t.out.length === 2, 'second deploy');
    assert.deepEqual(
      t.out.map((m) => m.row),
      [3, 4],
    );
    assert.equal(fs.readFileSync(path.join(dir, 'vitals.csv'), 'utf8'), 't,hr\r\n1,70\r\n2,71\r\n3,72\r\n4,73\r\n');
  });

  it('starts vitals-1.csv when the existing file has other columns', async () => {
    fs.writeFileSync(path.join(dir, 'vitals.csv'), 'old\r\nx\r\n');
    const t = await load({ baseDir: dir, filename: 'vitals.csv', filenameType: 'str', columns: 't, hr' });
    t.n1.receive({ payload: { t: 1, hr: 70 } });
    await until(() => t.out.length === 1, 'output');
    assert.equal(t.out[0].filename, path.join(dir, 'vitals-1.csv'));
    assert.equal(fs.readFileSync(path.join(dir, 'vitals.csv'), 'utf8'), 'old\r\nx\r\n');
    assert.equal(fs.readFileSync(path.join(dir, 'vitals-1.csv'), 'utf8'), 't,hr\r\n1,70\r\n');
  });

  it('repairs a torn last row left by a crash before appending', async () => {
    fs.writeFileSync(path.join(dir, 'vitals.csv'), 't,hr\r\n1,70\r\n2,');
    const t = await load({ baseDir: dir, filename: 'vitals.csv', filenameType: 'str', columns: '' });
    t.n1.receive({ payload: { t: 2, hr: 71 } });
    await until(() => t.out.length === 1, 'output');
    assert.equal(t.out[0].row, 2);
    assert.equal(fs.readFileSync(path.join(dir, 'vitals.csv'), 'utf8'), 't,hr\r\n1,70\r\n2,71\r\n');
  });

  it('refuses file names that leave the folder, reporting each to a Catch node', async () => {
    const inner = path.join(dir, 'base');
    const t = await load({ baseDir: inner, filename: 'filename', filenameType: 'msg', columns: '' });
    const bad = ['../x.csv', '/etc/passwd', 'a\0b', 'CON', 'sub/../../x.csv', '', 42];
    bad.forEach((filename, i) => t.n1.receive({ payload: { i }, filename }));
    t.n1.receive({ payload: { i: 'ok' }, filename: 'ward/ok.csv' });
    await until(() => t.caught.length === bad.length && t.out.length === 1, 'errors and one good row');
    assert.deepEqual(
      t.caught.map((m) => m.error.message),
      ['escapes', 'absolute', 'nul', 'device', 'escapes', 'empty', 'not-string'].map((c) => `csv-log.errors.path-${c}`),
    );
    assert.deepEqual(
      t.caught.map((m) => m.payload.i),
      [0, 1, 2, 3, 4, 5, 6],
    );
    assert.equal(t.out[0].filename, path.join(inner, 'ward', 'ok.csv'));
    assert.deepEqual(fs.readdirSync(dir), ['base']);
    await until(() => t.completed.length === bad.length + 1, 'done for every message');
    assert.ok(t.statuses.some((s) => s.status.fill === 'red' && s.status.shape === 'ring'));
  });

  it('writes a row that a function node built (an object of the function sandbox, not of this realm)', async () => {
    // Node-RED runs a function node's code in a vm context of its own, so `{}` there has that
    // context's Object.prototype. csv-log once took such a row for "not an object".
    const functionNode = require('@node-red/nodes/core/function/10-function.js');
    const flows = flow({ baseDir: dir, filename: 'vitals.csv', filenameType: 'str', columns: 't,hr,note' });
    flows.push({
      id: 'fn',
      type: 'function',
      func: "msg.payload = { t: msg.payload, hr: 70 + msg.payload, note: '=cmd' }; return msg;",
      outputs: 1,
      wires: [['n1']],
    });
    await helper.load([csvLogNode, coreCsvNode, functionNode], flows);
    const out = collect('out');
    const caught = collect('caught');
    for (let i = 1; i <= 3; i++) helper.getNode('fn').receive({ payload: i });
    await until(() => out.length + caught.length === 3, 'three rows or errors');
    assert.deepEqual(
      caught.map((m) => m.error.message),
      [],
    );
    assert.equal(
      fs.readFileSync(path.join(dir, 'vitals.csv'), 'utf8'),
      "t,hr,note\r\n1,71,'=cmd\r\n2,72,'=cmd\r\n3,73,'=cmd\r\n",
    );
  });

  it('rejects a payload that is not an object without writing', async () => {
    const t = await load({ baseDir: dir, filename: 'vitals.csv', filenameType: 'str', columns: '' });
    for (const payload of ['72', 72, [{ a: 1 }], null, Buffer.from('x')]) t.n1.receive({ payload });
    await until(() => t.caught.length === 5, 'five errors');
    assert.ok(t.caught.every((m) => m.error.message === 'csv-log.errors.not-object'));
    assert.equal(t.out.length, 0);
    assert.equal(fs.existsSync(path.join(dir, 'vitals.csv')), false);
  });

  it('guards formula cells by default and not when switched off', async () => {
    let t = await load({ baseDir: dir, filename: 'on.csv', filenameType: 'str', columns: 'a,b,c' });
    t.n1.receive({ payload: { a: '=1+1', b: '-5', c: -5 } });
    await until(() => t.out.length === 1, 'guarded row');
    assert.equal(fs.readFileSync(path.join(dir, 'on.csv'), 'utf8'), "a,b,c\r\n'=1+1,-5,-5\r\n");
    await helper.unload();
    t = await load({ baseDir: dir, filename: 'off.csv', filenameType: 'str', columns: 'a', injectionGuard: false });
    t.n1.receive({ payload: { a: '=1+1' } });
    await until(() => t.out.length === 1, 'unguarded row');
    assert.equal(fs.readFileSync(path.join(dir, 'off.csv'), 'utf8'), 'a\r\n=1+1\r\n');
  });

  it('keeps 10,000 rapid messages in order, numbers them 1..N and calls done for each', async function () {
    this.timeout(60000);
    const t = await load({ baseDir: dir, filename: 'burst.csv', filenameType: 'str', columns: '' });
    const N = 10000;
    for (let i = 0; i < N; i++) t.n1.receive({ payload: { i, hr: 60 + (i % 40) } });
    await until(() => t.out.length === N && t.completed.length === N, `${N} outputs and dones`, 50000);
    assert.ok(
      t.out.every((m, i) => m.row === i + 1 && m.payload.i === i),
      'rows 1..N in order',
    );
    const lines = fs.readFileSync(path.join(dir, 'burst.csv'), 'utf8').split('\r\n');
    assert.equal(lines.length, N + 2);
    assert.equal(lines[N], `${N - 1},${60 + ((N - 1) % 40)}`);
    assert.equal(t.caught.length, 0);
  });

  it('reports an unusable folder to a Catch node, keeps the rows waiting and writes them once it is fixed', async () => {
    // Tests run as root, which ignores permission bits, so chmod cannot make a folder
    // unwritable here. A regular file standing where the folder should be fails the
    // same way for the node (mkdir/open error with a code and path), and removing it
    // is the "folder fixed" step.
    const base = path.join(dir, 'data');
    fs.writeFileSync(base, 'not a folder');
    const t = await load({ baseDir: base, filename: 'vitals.csv', filenameType: 'str', columns: '' });
    t.n1.receive({ payload: { hr: 70 } });
    t.n1.receive({ payload: { hr: 71 } });
    await until(() => t.caught.length === 1, 'caught error');
    assert.equal(t.caught[0].error.message, 'csv-log.errors.retrying');
    assert.equal(t.caught[0].topic, 'csv-log/retry');
    assert.match(t.caught[0].payload.code, /^(ENOTDIR|EEXIST)$/);
    assert.equal(t.caught[0].payload.pending, 2);
    assert.equal(t.caught[0].payload.hr, undefined, 'no vitals in the error report');
    await until(
      () => t.statuses.some((s) => s.status.fill === 'red' && s.status.text === 'csv-log.status.retrying'),
      'red status',
    );
    assert.equal(t.out.length, 0);
    fs.rmSync(base);
    t.n1.receive({ payload: { hr: 72 } });
    await until(() => t.out.length === 3, 'recovered', 15000);
    assert.deepEqual(
      t.out.map((m) => [m.payload.hr, m.row]),
      [
        [70, 1],
        [71, 2],
        [72, 3],
      ],
    );
    assert.equal(fs.readFileSync(path.join(base, 'vitals.csv'), 'utf8'), 'hr\r\n70\r\n71\r\n72\r\n');
    await until(() => t.statuses[t.statuses.length - 1].status.fill === 'green', 'green again');
    assert.equal(t.completed.length, 3);
  });

  it('flushes queued rows when the flow stops', async () => {
    const t = await load({ baseDir: dir, filename: 'vitals.csv', filenameType: 'str', columns: '' });
    for (let i = 0; i < 2000; i++) t.n1.receive({ payload: { i } });
    await helper.unload();
    const lines = fs.readFileSync(path.join(dir, 'vitals.csv'), 'utf8').trimEnd().split('\r\n');
    assert.equal(lines.length, 2001);
    assert.equal(lines[2000], '1999');
  });

  it('warns once per file about keys that are not columns', async () => {
    const t = await load({ baseDir: dir, filename: 'vitals.csv', filenameType: 'str', columns: 'hr' });
    t.n1.receive({ payload: { hr: 70, extra: 1 } });
    t.n1.receive({ payload: { hr: 71, other: 2 } });
    await until(() => t.out.length === 2, 'outputs');
    const warns = t.n1.warn.getCalls().map((c: { args: unknown[] }) => c.args[0]);
    assert.deepEqual(warns, ['csv-log.errors.extra-keys']);
    assert.equal(fs.readFileSync(path.join(dir, 'vitals.csv'), 'utf8'), 'hr\r\n70\r\n71\r\n');
  });
});

describe('csv-log locales', () => {
  it('has every runtime message key in en-US and ko', () => {
    const src = fs.readFileSync(require.resolve('../../nodes/csv-log/csv-log.js'), 'utf8');
    const keys = new Set<string>();
    for (const m of src.matchAll(/RED\._\(`?'?csv-log\.([a-z.-]+)/g))
      if (!m[1].endsWith('-') && !m[1].endsWith('.')) keys.add(m[1]);
    // Texts through the node kit name the key without the node's prefix.
    for (const m of src.matchAll(/kit\.text\('([a-z.-]+)'/g)) keys.add(m[1]);
    // The kit's own: the configuration error's lead and status.
    keys.add('errors.config').add('status.config');
    for (const code of [
      'empty',
      'not-string',
      'nul',
      'control',
      'absolute',
      'escapes',
      'device',
      'reserved-char',
      'folder',
    ])
      keys.add(`errors.path-${code}`);
    for (const code of ['bad-token', 'bad-field', 'field-missing', 'field-type', 'field-empty'])
      keys.add(`errors.${code}`);
    assert.ok(keys.size > 10);
    for (const lang of ['en-US', 'ko']) {
      const json = JSON.parse(
        fs.readFileSync(path.join(__dirname, '../../nodes/csv-log/locales', lang, 'csv-log.json'), 'utf8'),
      );
      assert.ok(json.palette.label.health___energy, lang);
      for (const key of keys) {
        const value = key.split('.').reduce((o: any, k) => o?.[k], json['csv-log']);
        assert.equal(typeof value, 'string', `${lang}: csv-log.${key}`);
      }
    }
  });
});
