// The pack as the editor should show it: node types from package.json, labels from the locale catalogues.
import fs from 'fs';
import path from 'path';

export const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
export const PACK = 'node-red-contrib-health-energy';

/** The pack and the ward board widget's package beside it: both show in the "health & energy" category. */
const PACKAGE_DIRS = [ROOT, path.join(ROOT, 'ward-board')];

interface NodeFiles {
  /** The npm package that registers the type: its module name in the editor's icons and help. */
  module: string;
  /** The built runtime file, absolute. */
  js: string;
}

const nodes = new Map<string, NodeFiles>();
for (const dir of PACKAGE_DIRS) {
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
    name: string;
    'node-red': { nodes: Record<string, string> };
  };
  for (const [type, js] of Object.entries(pkg['node-red'].nodes))
    nodes.set(type, { module: pkg.name, js: path.join(dir, js) });
}
export const NODE_TYPES = [...nodes.keys()];

type Tree = { [key: string]: string | Tree };

export function moduleOf(type: string): string {
  return nodes.get(type)!.module;
}

/** A node's files are named without the type's `he-` prefix (he-threshold: threshold/threshold.js). */
export function fileName(type: string): string {
  return path.basename(nodes.get(type)!.js, '.js');
}

export function catalogue(type: string, lang: 'en-US' | 'ko'): Tree {
  const dir = path.dirname(nodes.get(type)!.js);
  return JSON.parse(fs.readFileSync(path.join(dir, 'locales', lang, `${fileName(type)}.json`), 'utf8')) as Tree;
}

export function paletteLabel(type: string, lang: 'en-US' | 'ko'): string {
  return (catalogue(type, lang)[fileName(type)] as Tree).paletteLabel as string;
}

export function exampleNames(): string[] {
  return fs
    .readdirSync(path.join(ROOT, 'examples'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.replace(/\.json$/, ''))
    .sort();
}

export function exampleFlow(name: string): { id: string; type: string; z?: string }[] {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', `${name}.json`), 'utf8'));
}
