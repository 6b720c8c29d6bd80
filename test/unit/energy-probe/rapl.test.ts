import assert from 'node:assert/strict';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { discoverRapl, raplDeltaUj, RaplMeter, nodeRaplIo, RaplIo } from '../../../nodes/energy-probe/rapl';

/** Builds a fake powercap tree: zones keyed by directory name. */
function fakeTree(zones: Record<string, { name: string; energy?: number; max?: number }>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'powercap-'));
  for (const [id, z] of Object.entries(zones)) {
    const dir = path.join(root, id);
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'name'), z.name + '\n');
    fs.writeFileSync(path.join(dir, 'max_energy_range_uj'), String(z.max ?? 262143328850) + '\n');
    if (z.energy !== undefined) fs.writeFileSync(path.join(dir, 'energy_uj'), String(z.energy) + '\n');
  }
  return root;
}
const setEnergy = (root: string, id: string, uj: number): void =>
  fs.writeFileSync(path.join(root, id, 'energy_uj'), `${uj}\n`);
const S = 1_000_000_000n;

describe('RAPL reader (energy.md §1)', () => {
  const roots: string[] = [];
  after(() => roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));
  const tree = (z: Parameters<typeof fakeTree>[0]): string => {
    const r = fakeTree(z);
    roots.push(r);
    return r;
  };

  it('computes the spec examples: 15 W plain and 15 W across a wrap', () => {
    // W = ΔµJ / 1e6 / Δs
    assert.equal(raplDeltaUj(1_000_000_000, 1_015_000_000, 262143328850) / 1e6 / 1, 15);
    assert.equal(raplDeltaUj(262140000000, 26671150, 262143328850), 30000000);
    assert.equal(raplDeltaUj(262140000000, 26671150, 262143328850) / 1e6 / 2, 15);
  });

  it('meters a fake tree across a counter wrap-around', () => {
    const root = tree({ 'intel-rapl:0': { name: 'package-0', energy: 262140000000 } });
    const found = discoverRapl(root);
    assert.ok(found.ok);
    const m = new RaplMeter(found.zones);
    assert.equal(m.read(10n * S), undefined, 'first reading is a baseline');
    setEnergy(root, 'intel-rapl:0', 26671150);
    const r = m.read(12n * S);
    assert.ok(r);
    assert.equal(r.watts, 15);
    assert.equal(r.joules, 30);
    assert.deepEqual(r.zones, [{ name: 'package-0', watts: 15 }]);
  });

  it('sums packages only, never their core/uncore/dram subzones nor the mmio mirror', () => {
    const root = tree({
      'intel-rapl:0': { name: 'package-0', energy: 0 },
      'intel-rapl:0:0': { name: 'core', energy: 0 },
      'intel-rapl:0:1': { name: 'uncore', energy: 0 },
      'intel-rapl:1': { name: 'package-1', energy: 0 },
      'intel-rapl:1:0': { name: 'dram', energy: 0 },
      'intel-rapl-mmio:0': { name: 'package-0', energy: 0 },
    });
    // subzones also live inside their package directory on a real system
    fs.mkdirSync(path.join(root, 'intel-rapl:0', 'intel-rapl:0:0'));
    const found = discoverRapl(root);
    assert.ok(found.ok);
    assert.deepEqual(
      found.zones.map((z) => z.id),
      ['intel-rapl:0', 'intel-rapl:1'],
    );
    const m = new RaplMeter(found.zones);
    m.read(0n);
    setEnergy(root, 'intel-rapl:0', 10_000_000);
    setEnergy(root, 'intel-rapl:0:0', 8_000_000);
    setEnergy(root, 'intel-rapl:0:1', 1_000_000);
    setEnergy(root, 'intel-rapl:1', 6_000_000);
    setEnergy(root, 'intel-rapl:1:0', 3_000_000);
    setEnergy(root, 'intel-rapl-mmio:0', 10_000_000);
    const r = m.read(2n * S);
    assert.ok(r);
    assert.equal(r.watts, 8, '(10 + 6) J over 2 s; subzones and mmio not added');
  });

  it('uses psys alone when it exists', () => {
    const root = tree({
      'intel-rapl:0': { name: 'package-0', energy: 0 },
      'intel-rapl:1': { name: 'psys', energy: 0 },
    });
    const found = discoverRapl(root);
    assert.ok(found.ok);
    assert.deepEqual(
      found.zones.map((z) => z.name),
      ['psys'],
    );
    const m = new RaplMeter(found.zones);
    m.read(0n);
    setEnergy(root, 'intel-rapl:0', 5_000_000);
    setEnergy(root, 'intel-rapl:1', 12_000_000);
    assert.equal(m.read(1n * S)?.watts, 12);
  });

  it('reports ENOENT for a missing powercap root and for a tree without packages', () => {
    const missing = discoverRapl(path.join(os.tmpdir(), 'no-such-powercap-' + process.pid));
    assert.equal(missing.ok, false);
    assert.equal(!missing.ok && missing.code, 'ENOENT');
    const onlyMmio = discoverRapl(tree({ 'intel-rapl-mmio:0': { name: 'package-0', energy: 1 } }));
    assert.equal(!onlyMmio.ok && onlyMmio.code, 'ENOENT');
    const noCounter = discoverRapl(tree({ 'intel-rapl:0': { name: 'package-0' } }));
    assert.equal(!noCounter.ok && noCounter.code, 'ENOENT');
  });

  it('reports EACCES when energy_uj is root-only (simulated: root ignores file modes)', () => {
    const root = tree({ 'intel-rapl:0': { name: 'package-0', energy: 1 } });
    // Since Linux 5.10 energy_uj is mode 0400; a non-root Node-RED gets EACCES while name and
    // max_energy_range_uj stay readable. Tests may run as root, where chmod blocks nothing, so the
    // refusal is injected through the read function instead.
    const io: RaplIo = {
      listDir: (dir) => nodeRaplIo.listDir(dir),
      readText: (file) => {
        if (file.endsWith('energy_uj') && !file.endsWith('max_energy_range_uj')) {
          throw Object.assign(new Error(`EACCES: permission denied, open '${file}'`), { code: 'EACCES' });
        }
        return nodeRaplIo.readText(file);
      },
    };
    const found = discoverRapl(root, io);
    assert.equal(found.ok, false);
    assert.equal(!found.ok && found.code, 'EACCES');
  });
});
