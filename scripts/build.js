#!/usr/bin/env node
// Build: compile the TypeScript with tsc, then copy each node's editor file (.html, its
// <he-row> shorthand written out: scripts/editor-rows.js), its locales/ and any other
// non-TypeScript asset beside the built .js, where Node-RED looks for them; then build the
// ward board package (ward-board/scripts/build.js). Plain JavaScript so that it runs before
// anything is compiled.
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const { expandRows } = require('./editor-rows');

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
    } else if (entry.name.endsWith('.html')) {
      fs.mkdirSync(outDir, { recursive: true });
      try {
        fs.writeFileSync(out, expandRows(fs.readFileSync(src, 'utf8')));
      } catch (err) {
        throw new Error(`${path.relative(root, src)}: ${err.message}`, { cause: err });
      }
    } else if (!entry.name.endsWith('.ts')) {
      fs.mkdirSync(outDir, { recursive: true });
      fs.copyFileSync(src, out);
    }
  }
}
copyAssets(path.join(root, 'nodes'), path.join(dist, 'nodes'));

// Node-RED finds a module's icons only in an icons/ folder beside each node's .js,
// so each built node gets its own icons (icons/<type>*.svg) from the top-level icons/.
const iconSrc = path.join(root, 'icons');
for (const type of fs.readdirSync(path.join(root, 'nodes'))) {
  const nodeOut = path.join(dist, 'nodes', type);
  if (!fs.existsSync(path.join(nodeOut, `${type}.js`))) continue;
  for (const icon of fs.readdirSync(iconSrc).filter((f) => f.startsWith(type))) {
    fs.mkdirSync(path.join(nodeOut, 'icons'), { recursive: true });
    fs.copyFileSync(path.join(iconSrc, icon), path.join(nodeOut, 'icons', icon));
  }
}

// The ward board widget: a package of its own in ward-board/ (an npm workspace), built here too.
execFileSync(process.execPath, [path.join(root, 'ward-board', 'scripts', 'build.js')], { stdio: 'inherit' });
