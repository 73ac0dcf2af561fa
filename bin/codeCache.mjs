// Run a CommonJS bundle with V8's code cache (node:vm), so the CLI starts in a fraction of a second.
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

/**
 * V8 accepts a code cache for any source of the same length (it checks the length, not the
 * content), so a rebuilt bundle of equal size would run the old code. The cache therefore starts
 * with the bundle's size and modification time, and is used only for that very bundle.
 */
function cacheKey(bundle) {
  const { size, mtimeMs } = statSync(bundle);
  return Buffer.from(`bonesim-v8cache ${size} ${mtimeMs}\n`);
}

/** Run the bundle the way Node would run a CommonJS file, compiled from the cache when it is this bundle's. */
export function loadWithCodeCache(bundle, cache) {
  const key = cacheKey(bundle);
  let cachedData;
  try {
    const file = readFileSync(cache);
    if (file.subarray(0, key.length).equals(key)) cachedData = file.subarray(key.length);
  } catch {
    // first run: no cache yet
  }
  const wrapper = `(function (exports, require, module, __filename, __dirname) {${readFileSync(bundle, 'utf8')}\n})`;
  const script = new Script(wrapper, { filename: bundle, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, dirname(bundle));
  return { main: module.exports.main, script, cacheUsed: cachedData !== undefined && !script.cachedDataRejected };
}

/** After a run, the cache holds the functions that ran, compiled. Best effort: a failure only costs speed. */
export function saveCodeCache(script, bundle, cache) {
  try {
    const temporary = `${cache}.${process.pid}.tmp`;
    writeFileSync(temporary, Buffer.concat([cacheKey(bundle), script.createCachedData()]));
    renameSync(temporary, cache);
  } catch {
    // read-only folder: run without a cache
  }
}
