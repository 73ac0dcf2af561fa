import { mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs helper of the CLI launcher, without types
import { loadWithCodeCache, saveCodeCache } from '../../bin/codeCache.mjs';

describe("the CLI's V8 code cache", () => {
  it('never runs the code of an earlier bundle of the same length', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bonesim-cache-'));
    const bundle = join(dir, 'bundle.cjs');
    const cache = join(dir, 'bundle.v8cache');
    const source = (word: string) => `exports.main = function () { return ${JSON.stringify(word)}; };`;
    writeFileSync(bundle, source('old'));
    const first = loadWithCodeCache(bundle, cache);
    expect(first.main()).toBe('old');
    saveCodeCache(first.script, bundle, cache);
    // A rebuild: other code, the very same length, a later modification time.
    writeFileSync(bundle, source('new'));
    utimesSync(bundle, new Date(), new Date(Date.now() + 5000));
    const second = loadWithCodeCache(bundle, cache);
    expect(second.cacheUsed).toBe(false);
    expect(second.main()).toBe('new');
    // ...and the cache is used when it is this bundle's.
    saveCodeCache(second.script, bundle, cache);
    const third = loadWithCodeCache(bundle, cache);
    expect(third.cacheUsed).toBe(true);
    expect(third.main()).toBe('new');
  });
});
