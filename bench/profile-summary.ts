// Reads a V8 .cpuprofile (what BENCH_PROFILE=<dir> writes) and prints where the CPU went: self
// time per function, heaviest first, with its file and line. For finding what to make faster;
// it measures nothing itself. Usage: node dist/bench/profile-summary.js <file> [filter] [rows]
import fs from 'fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface Profile {
  nodes: { id: number; callFrame: CallFrame }[];
  samples: number[];
  timeDeltas: number[];
}

const [file, filter = '', rowsArg = '40'] = process.argv.slice(2);
if (!file) {
  console.error('usage: profile-summary <file.cpuprofile> [filter] [rows]');
  process.exit(2);
}
const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
const frameOf = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
const selfUs = new Map<string, number>();
let total = 0;
profile.samples.forEach((id, i) => {
  const cf = frameOf.get(id);
  if (!cf) return;
  // Short names: node_modules/… and the repository's own dist/… are what a reader looks for.
  const where = cf.url.replace(/.*node_modules\//, '').replace(/.*\/dist\//, 'dist/');
  const key = `${cf.functionName || '(anonymous)'} ${where}${where ? `:${cf.lineNumber + 1}` : ''}`;
  const dt = profile.timeDeltas[i] ?? 0;
  selfUs.set(key, (selfUs.get(key) ?? 0) + dt);
  total += dt;
});
const rows = [...selfUs]
  .filter(([k]) => k.includes(filter))
  .sort((a, b) => b[1] - a[1])
  .slice(0, Number(rowsArg));
for (const [key, us] of rows) {
  console.log(`${(us / 1000).toFixed(0).padStart(7)} ms ${((100 * us) / total).toFixed(1).padStart(5)} %  ${key}`);
}
console.log(`${(total / 1000).toFixed(0).padStart(7)} ms total`);
