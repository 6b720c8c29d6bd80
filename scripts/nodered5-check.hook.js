// Preloaded (node -r) by scripts/nodered5-check.sh: makes require('node-red'), '@node-red/*' and
// 'node-red-node-test-helper' resolve to the copy installed under NR_CHECK_PREFIX instead of the
// project's node_modules, so the built node tests run against another Node-RED version.
'use strict';
const Module = require('module');
const path = require('path');

const prefix = process.env.NR_CHECK_PREFIX;
if (!prefix) throw new Error('NR_CHECK_PREFIX is not set');
const modules = path.join(prefix, 'node_modules');
const redirected = /^(node-red|node-red-node-test-helper|@node-red\/[^/]+)(\/|$)/;

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, parent, isMain, options) {
  // Requests made from inside the other copy already resolve there.
  const fromOutside = !(parent && parent.filename && parent.filename.startsWith(modules + path.sep));
  if (fromOutside && redirected.test(request)) {
    return resolve.call(this, request, parent, isMain, { paths: [modules] });
  }
  return resolve.call(this, request, parent, isMain, options);
};

// Say which Node-RED and Node.js run the tests, and refuse a wrong major version.
const version = require(path.join(modules, 'node-red', 'package.json')).version;
const expected = process.env.NR_CHECK_EXPECT_MAJOR;
if (expected && version.split('.')[0] !== expected) {
  throw new Error(`expected Node-RED ${expected}.x under ${prefix}, found ${version}`);
}
if (require.resolve('node-red') !== require.resolve(path.join(modules, 'node-red'))) {
  throw new Error(`require('node-red') does not resolve to ${modules}`);
}
process.stderr.write(`[nr-check] Node-RED ${version} on Node.js ${process.version}\n`);
