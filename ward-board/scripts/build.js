#!/usr/bin/env node
// Build of the ward board package: the runtime (TypeScript, tsc) into dist/ with each node's
// editor file, locales and icon beside its .js; the browser component (Vue, Vite) into
// resources/, which Node-RED serves at /resources/<package>/ for Dashboard 2.0 to load.
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');
const run = (args) => execFileSync(process.execPath, args, { stdio: 'inherit', cwd: root });

fs.rmSync(dist, { recursive: true, force: true });
run([require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.json')]);

function copyAssets(srcDir, outDir) {
  for (const entry of fs.readdirSync(srcDir, { withFileTypes: true })) {
    const src = path.join(srcDir, entry.name);
    const out = path.join(outDir, entry.name);
    if (entry.isDirectory()) copyAssets(src, out);
    else if (!entry.name.endsWith('.ts')) {
      fs.mkdirSync(outDir, { recursive: true });
      fs.copyFileSync(src, out);
    }
  }
}
copyAssets(path.join(root, 'nodes'), path.join(dist, 'nodes'));
for (const type of fs.readdirSync(path.join(root, 'nodes'))) {
  for (const icon of fs.readdirSync(path.join(root, 'icons')).filter((f) => f.startsWith(type))) {
    fs.mkdirSync(path.join(dist, 'nodes', type, 'icons'), { recursive: true });
    fs.copyFileSync(path.join(root, 'icons', icon), path.join(dist, 'nodes', type, 'icons', icon));
  }
}

// The component's types (Vite only strips them), then the bundle.
run([
  path.join(path.dirname(require.resolve('vue-tsc/package.json')), 'bin', 'vue-tsc.js'),
  '-p',
  path.join(root, 'tsconfig.ui.json'),
]);
run([
  path.join(path.dirname(require.resolve('vite/package.json')), 'bin', 'vite.js'),
  'build',
  '--config',
  path.join(root, 'vite.config.mts'),
  '--logLevel',
  'warn',
]);
