import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadFit } from '../../src/cli/fitFiles.ts';

// Every shipped fit file opens as `bonesim fit` opens it (its trials, its parameters' bounds and starts), and the
// set it writes is the set the model carries: a fit file left behind by a model change fails here, not in a user's hands.
const FITS = resolve('fits');
const files = readdirSync(FITS).filter((f) => f.endsWith('.yaml'));

describe('shipped fit files', () => {
  it('there is at least the shared fit of issue 11', () => {
    expect(files).toContain('shared.yaml');
  });

  for (const file of files) {
    it(`${file} opens: trials found, every start within its bounds`, () => {
      const fit = loadFit(join(FITS, file));
      expect(fit.parameters.length).toBeGreaterThan(0);
      for (const p of fit.parameters) {
        expect(p.start, p.name).toBeGreaterThanOrEqual(p.low);
        expect(p.start, p.name).toBeLessThanOrEqual(p.high);
      }
    });
  }

  it('shared.yaml wrote the fitted set the model carries (same parameters, same values to the digits written)', () => {
    const fit = loadFit(join(FITS, 'shared.yaml'));
    const written = parse(readFileSync(resolve(FITS, fit.out!), 'utf8')) as { model: string; parameters: Record<string, number> };
    expect(written.model).toBe(fit.model.id);
    expect(Object.keys(written.parameters).sort()).toEqual(fit.parameters.map((p) => p.name).sort());
    for (const p of fit.parameters) {
      const inModel = fit.model.parameters.find((q) => q.name === p.name)!.value;
      expect(inModel, p.name).toBeCloseTo(written.parameters[p.name], 5);
    }
  });
});
