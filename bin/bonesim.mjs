#!/usr/bin/env node
// The bonesim command. Runs the bundled CLI (dist/cli/bonesim.mjs, see build.mjs: starts in a
// fraction of the time the TypeScript sources take), rebuilt first whenever src/ changed.
// Where it cannot be built (no esbuild, read-only folder), runs the sources through tsx's loader.
import { pathToFileURL } from 'node:url';
import { buildCli, CLI_BUNDLE, cliBundleIsFresh } from './build.mjs';

let main;
try {
  if (!cliBundleIsFresh()) await buildCli();
  ({ main } = await import(pathToFileURL(CLI_BUNDLE).href));
} catch {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
