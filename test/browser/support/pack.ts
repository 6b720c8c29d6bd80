// The pack as the editor should show it: node types from package.json, labels from the locale catalogues.
import fs from 'fs';
import path from 'path';

export const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
export const PACK = 'node-red-contrib-health-energy';

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { 'node-red': { nodes: Record<string, string> } };
export const NODE_TYPES = Object.keys(pkg['node-red'].nodes);

type Tree = { [key: string]: string | Tree };

/** A node's files are named without the type's `he-` prefix (he-threshold: threshold/threshold.js). */
export function fileName(type: string): string {
  return path.basename(pkg['node-red'].nodes[type], '.js');
}

export function catalogue(type: string, lang: 'en-US' | 'ko'): Tree {
  const dir = path.dirname(path.join(ROOT, pkg['node-red'].nodes[type]));
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
