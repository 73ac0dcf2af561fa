import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseEnsembleDesign, resolveEnsembleDesign } from '../../src/ensemble/loadDesign.ts';
import { createSampler } from '../../src/ensemble/sampling.ts';
import { compileModel } from '../../src/model/compile.ts';
import { loadScenario } from '../../src/node/scenarioFiles.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const folder = join(root, 'ensembles');

/** The shipped designs against the models their scenarios run: names, bounds and sizes check out. */
describe('shipped ensemble designs (ensembles/)', () => {
  for (const name of readdirSync(folder).filter((f) => f.endsWith('.yaml'))) {
    it(`${name} resolves against its scenario's model, and every member is a finite, positive parameter vector`, () => {
      const file = join(folder, name);
      const parsed = parseEnsembleDesign(readFileSync(file, 'utf8'), file);
      const reference = parsed.data.scenario;
      const scenarioFile = reference.endsWith('.yaml') ? join(dirname(file), reference) : join(root, 'scenarios', `${reference}.yaml`);
      const { scenario, model } = loadScenario(scenarioFile);
      const compiled = compileModel(model, { inputs: scenario.inputs });
      const design = resolveEnsembleDesign(parsed, {
        parameterNames: compiled.parameterNames,
        nominal: compiled.p0,
        fixed: model.invariants?.fixed,
        balancedBy: model.invariants?.balanced_by,
        scenarioSets: Object.keys(scenario.parameters),
        rtol: scenario.solver.rtol,
      });
      const sampler = createSampler(design);
      // "Small enough to run in seconds": a few thousand runs of a few milliseconds.
      expect(sampler.count).toBeLessThanOrEqual(2500);
      const p = new Float64Array(compiled.parameterNames.length);
      for (let i = 0; i < sampler.count; i++) {
        sampler.parameters(i, p);
        for (const column of design.columns) {
          expect(Number.isFinite(p[column.index]) && p[column.index] > 0, `${column.name} of member ${i}`).toBe(true);
        }
      }
      expect(design.notes).toEqual([]);
    });
  }
});

describe('the README\'s ensemble design example', () => {
  it('resolves against bone-rankl and the estrogen-deficiency scenario', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Ensemble designs'));
    const yaml = section.slice(section.indexOf('```yaml\n') + 8, section.indexOf('```\n', section.indexOf('```yaml\n')));
    const { scenario, model } = loadScenario(join(root, 'scenarios', 'estrogen-deficiency.yaml'));
    const compiled = compileModel(model, { inputs: scenario.inputs });
    const design = resolveEnsembleDesign(parseEnsembleDesign(yaml, 'README.md'), {
      parameterNames: compiled.parameterNames, nominal: compiled.p0, balancedBy: model.invariants?.balanced_by,
    });
    expect(design.sampled.map((s) => s.name)).toEqual(['A_OCa', 'D_OBp', 'beta_RANKL', 'g_E2_OPG']);
    expect(createSampler(design).count).toBe(5 * 200);
  });
});
