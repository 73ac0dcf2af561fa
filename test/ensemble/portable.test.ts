import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('the ensemble core is portable', () => {
  it('bundles for the browser: no Node built-in in src/ensemble (but the YAML file loader) or the ensemble charts', async () => {
    const modules = readdirSync(join(root, 'src', 'ensemble')).filter((f) => f.endsWith('.ts') && f !== 'loadDesign.ts')
      .map((f) => `./src/ensemble/${f}`)
      .concat(['./src/render/fanChart.ts', './src/render/tornadoChart.ts', './src/render/sobolChart.ts']);
    const result = await build({
      stdin: { contents: modules.map((m, k) => `export * as m${k} from '${m}';`).join('\n'), resolveDir: root, loader: 'ts' },
      bundle: true, platform: 'browser', format: 'esm', write: false, logLevel: 'silent',
    });
    expect(result.errors).toEqual([]);
    expect(result.outputFiles[0].text).not.toMatch(/from ["']node:/);
  });

  it('the design loader reaches Node only through src/io/yamlSource.ts (readYamlFile), which issue 15 splits', async () => {
    const result = await build({
      entryPoints: [join(root, 'src/ensemble/loadDesign.ts')], bundle: true, platform: 'neutral', format: 'esm', write: false, metafile: true, logLevel: 'silent',
      external: ['node:*'], mainFields: ['module', 'main'],
    });
    const importers = Object.entries(result.metafile!.inputs).filter(([, input]) => input.imports.some((i) => i.path.startsWith('node:'))).map(([file]) => file);
    expect(importers).toEqual(['src/io/yamlSource.ts']);
  });
});
