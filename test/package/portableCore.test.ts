import { build } from 'esbuild';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Bundle an entry point for the browser; esbuild refuses any Node built-in it meets. */
async function browserBundle(entry: string) {
  const result = await build({
    entryPoints: [entry], absWorkingDir: root, bundle: true, write: false, platform: 'browser', format: 'esm',
    metafile: true, logLevel: 'silent',
  }).catch((error: { errors?: Array<{ text: string; location?: { file: string } | null }> }) => ({ failure: error.errors ?? [] }));
  return result;
}

/** Every TypeScript source under src/, relative to the repository root. */
function sources(dir = join(root, 'src')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sources(path) : entry.name.endsWith('.ts') ? [relative(root, path)] : [];
  });
}

describe('the portable core', () => {
  it('only src/node/ and src/cli/ import Node built-ins (the layering is the folders)', () => {
    const nodeLayer = /^src\/(node|cli)\//;
    const offenders = sources().filter((file) => !nodeLayer.test(file))
      .filter((file) => /from ['"]node:|require\(['"]node:|from ['"](fs|path|os|url|module|worker_threads|child_process)['"]/.test(readFileSync(join(root, file), 'utf8')));
    expect(offenders).toEqual([]);
    expect(sources().length).toBeGreaterThan(50);
  });

  it('bundles for the browser with no Node import (src/index.ts)', async () => {
    const result = await browserBundle('src/index.ts');
    const problems = 'failure' in result ? result.failure.map((e) => `${e.location?.file ?? '?'}: ${e.text}`) : [];
    expect(problems).toEqual([]);
    const inputs = 'metafile' in result ? Object.keys(result.metafile!.inputs) : [];
    expect(inputs.some((f) => f.startsWith('src/node/') || f.startsWith('src/cli/'))).toBe(false);
    expect(inputs).toContain('src/simulate/simulate.ts');
  }, 60_000);

  it('the check catches a Node import (the Node layer itself does not bundle for the browser)', async () => {
    const result = await browserBundle('src/node/index.ts');
    expect('failure' in result && result.failure.some((e) => /node:(fs|path|module|url)/.test(e.text))).toBe(true);
  }, 60_000);
});
