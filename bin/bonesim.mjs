#!/usr/bin/env node
// The bonesim command. Runs the bundled CLI (dist/cli/bonesim.cjs, see build.mjs: it starts in a
// fraction of the time the TypeScript sources take), rebuilt first whenever src/ changed, with
// V8's code cache (compiled code kept from the previous run). Where the bundle cannot be built
// (no esbuild, a read-only folder), runs the sources through tsx's loader.
import { buildCli, CLI_BUNDLE, CLI_CODE_CACHE, cliBundleIsFresh } from './build.mjs';
import { loadWithCodeCache, saveCodeCache } from './codeCache.mjs';

let main;
let script;
let cacheUsed = false;
try {
  if (!cliBundleIsFresh()) await buildCli();
  ({ main, script, cacheUsed } = loadWithCodeCache(CLI_BUNDLE, CLI_CODE_CACHE));
} catch {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
if (script && !cacheUsed) saveCodeCache(script, CLI_BUNDLE, CLI_CODE_CACHE);

