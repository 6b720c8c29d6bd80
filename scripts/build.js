#!/usr/bin/env node
// Build: compile the TypeScript with tsc, then copy each node's editor file (.html),
// its locales/ and any other non-TypeScript asset beside the built .js, where Node-RED
// looks for them. Plain JavaScript so that it runs before anything is compiled.
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');

fs.rmSync(dist, { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.json')], {
  stdio: 'inherit',
});

function copyAssets(srcDir, outDir) {
  for (const entry of fs.readdirSync(srcDir, { withFileTypes: true })) {
    const src = path.join(srcDir, entry.name);
    const out = path.join(outDir, entry.name);
    if (entry.isDirectory()) {
      copyAssets(src, out);
    } else if (!entry.name.endsWith('.ts')) {
      fs.mkdirSync(outDir, { recursive: true });
      fs.copyFileSync(src, out);
    }
  }
}
copyAssets(path.join(root, 'nodes'), path.join(dist, 'nodes'));

// Node-RED looks for a node's icons only in an `icons` folder beside the node's .js file
// (not at the package root), so each icons/<type>.svg goes to dist/nodes/<type>/icons/.
const iconsDir = path.join(root, 'icons');
if (fs.existsSync(iconsDir)) {
  for (const file of fs.readdirSync(iconsDir)) {
    const type = path.basename(file, path.extname(file));
    const nodeDir = path.join(dist, 'nodes', type);
    if (!fs.existsSync(nodeDir)) continue;
    fs.mkdirSync(path.join(nodeDir, 'icons'), { recursive: true });
    fs.copyFileSync(path.join(iconsDir, file), path.join(nodeDir, 'icons', file));
  }
}
