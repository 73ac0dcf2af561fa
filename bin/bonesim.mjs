#!/usr/bin/env node
// The bonesim command. Runs the bundled CLI (dist/cli/bonesim.cjs, see build.mjs: it starts in a
// fraction of the time the TypeScript sources take), rebuilt first whenever src/ changed, with
// V8's code cache (compiled code kept from the previous run). Where the bundle cannot be built
// (no esbuild, a read-only folder), runs the sources through tsx's loader.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';
import { buildCli, CLI_BUNDLE, CLI_CODE_CACHE, cliBundleIsFresh } from './build.mjs';

let main;
let script;
let cacheUsed = false;
try {
  if (!cliBundleIsFresh()) await buildCli();
  ({ main, script, cacheUsed } = loadBundle());
} catch {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
if (script && !cacheUsed) saveCodeCache(script);

/** Run the CommonJS bundle the way Node would, but compiled with the code cache when it matches. */
function loadBundle() {
  let cachedData;
  try {
    cachedData = readFileSync(CLI_CODE_CACHE);
  } catch {
    // first run: no cache yet
  }
  const wrapper = `(function (exports, require, module, __filename, __dirname) {${readFileSync(CLI_BUNDLE, 'utf8')}\n})`;
  const script = new Script(wrapper, { filename: CLI_BUNDLE, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(CLI_BUNDLE), module, CLI_BUNDLE, dirname(CLI_BUNDLE));
  return { main: module.exports.main, script, cacheUsed: cachedData !== undefined && !script.cachedDataRejected };
}

/** After a run, the cache holds the functions that run compiled too. Best effort: a failure only costs speed. */
function saveCodeCache(script) {
  try {
    const temporary = `${CLI_CODE_CACHE}.${process.pid}.tmp`;
    writeFileSync(temporary, script.createCachedData());
    renameSync(temporary, CLI_CODE_CACHE);
  } catch {
    // read-only folder: run without a cache
  }
}
