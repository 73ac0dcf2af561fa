import { mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Application, LogLevel, ReflectionKind, type DeclarationReflection } from 'typedoc';
import { describe, expect, it } from 'vitest';

/**
 * The API reference (`npm run docs`, TypeDoc over bonesim and bonesim/node) builds without a
 * warning: every type a public signature uses is exported, links resolve, every public function
 * and class is documented; and every public function's comment carries an example.
 */
describe('the API reference', () => {
  it('builds without warnings, and every public function has an example', async () => {
    const app = await Application.bootstrapWithPlugins({ logLevel: 'Warn' });
    const warnings: string[] = [];
    app.logger.log = (message: string, level: number) => {
      if (level >= LogLevel.Warn) warnings.push(message);
    };
    const project = await app.convert();
    expect(project).toBeDefined();
    app.validate(project!);
    const out = join(mkdtempSync(join(tmpdir(), 'bonesim-api-')), 'api');
    await app.generateDocs(project!, out);
    expect(warnings).toEqual([]);
    expect(existsSync(join(out, 'index.html'))).toBe(true);

    const functions = project!.getReflectionsByKind(ReflectionKind.Function) as DeclarationReflection[];
    const names = functions.map((f) => f.getFullName());
    expect(names).toEqual(expect.arrayContaining(['index.simulate', 'index.prepareSimulation', 'index.parseScenario', 'node.loadScenario']));
    const withoutExample = functions.filter((f) => !f.signatures?.some((s) => s.comment?.blockTags.some((t) => t.tag === '@example'))).map((f) => f.getFullName());
    expect(withoutExample).toEqual([]);
    const exported = new Set(project!.getReflectionsByKind(ReflectionKind.Variable).map((v) => v.name));
    for (const name of ['dp5Integrator', 'odexIntegrator', 'rodas5pIntegrator', 'DEFAULT_INTEGRATOR_OPTIONS']) expect(exported).toContain(name);
  }, 180_000);
});
