import { describe, expect, it } from 'vitest';
import type { EnsembleDesign } from '../../src/ensemble/design.ts';
import { morrisEffects } from '../../src/ensemble/morris.ts';
import { createSampler, memberCount, morrisTrajectoryOf } from '../../src/ensemble/sampling.ts';
import { newTrajectory } from '../../src/ensemble/morrisDesign.ts';
import { designFrom, errorOf } from './designs.ts';
import { gFunction } from './testFunctions.ts';

function morrisDesign(ranges: string[], analysis: string, seed = 3): EnsembleDesign {
  const names = ranges.map((_, k) => `x${k + 1}`);
  return designFrom(`seed: ${seed}\nparameters:\n${ranges.map((r, k) => `  ${names[k]}: ${r}`).join('\n')}\nanalysis: { mode: morris${analysis} }\n`, names, names.map(() => 1));
}

function run(design: EnsembleDesign, f: (p: Float64Array) => number): Float64Array {
  const sampler = createSampler(design);
  const p = new Float64Array(design.parameterNames.length);
  return Float64Array.from({ length: sampler.count }, (_, i) => (sampler.parameters(i, p), f(p)));
}

const unit = '{ distribution: uniform, lower: 0, upper: 1 }';

describe('Morris elementary effects', () => {
  it('trajectories move one factor at a time by Δ = p / (2 (p - 1)), inside the grid', () => {
    const design = morrisDesign([unit, unit, unit, unit, unit], ', trajectories: 30, levels: 6');
    expect(memberCount(design)).toBe(30 * 6);
    const t = newTrajectory(5);
    for (let r = 0; r < 30; r++) {
      morrisTrajectoryOf(design, r, t);
      expect([...t.order].sort()).toEqual([0, 1, 2, 3, 4]);
      for (let s = 1; s <= 5; s++) {
        const moved = [0, 1, 2, 3, 4].filter((k) => t.levels[s * 5 + k] !== t.levels[(s - 1) * 5 + k]);
        expect(moved).toEqual([t.order[s - 1]]);
        expect(t.levels[s * 5 + moved[0]] - t.levels[(s - 1) * 5 + moved[0]]).toBe(3 * t.direction[moved[0]]);
      }
      for (const level of t.levels) expect(level >= 0 && level <= 5).toBe(true);
    }
  });

  it('a linear function has mu* = |coefficient| x range and sigma = 0, exactly', () => {
    const design = morrisDesign(['{ distribution: uniform, lower: 0, upper: 2 }', unit, '{ distribution: uniform, lower: -1, upper: 1 }'], ', trajectories: 12');
    const r = morrisEffects(design, run(design, (p) => 3 * p[0] - 5 * p[1] + 0.5 * p[2]));
    expect([...r.mu].map((v) => Number(v.toFixed(10)))).toEqual([6, -5, 1]);
    expect([...r.muStar].map((v) => Number(v.toFixed(10)))).toEqual([6, 5, 1]);
    for (const s of r.sigma) expect(s).toBeLessThan(1e-12);
  });

  it('ranks the G function\'s factors by their a (Campolongo et al. 2007): a = 0, 1, 4.5, 9, 99, 99', () => {
    const a = [0, 1, 4.5, 9, 99, 99];
    const design = morrisDesign(a.map(() => unit), ', trajectories: 40, levels: 4');
    const r = morrisEffects(design, run(design, (p) => gFunction(p, a)));
    const ranking = [...r.muStar].map((v, k) => [v, k]).sort((x, y) => y[0] - x[0]).map(([, k]) => k);
    expect(ranking.slice(0, 4)).toEqual([0, 1, 2, 3]);
    // The unimportant ones are two orders of magnitude below the first.
    expect(Math.max(r.muStar[4], r.muStar[5])).toBeLessThan(r.muStar[0] / 50);
    // The interval on mu* covers the estimate and orders the first two apart.
    for (let k = 0; k < 6; k++) expect(r.muStarInterval.low[k] <= r.muStar[k] && r.muStar[k] <= r.muStarInterval.high[k]).toBe(true);
    expect(r.muStarInterval.low[0]).toBeGreaterThan(r.muStarInterval.high[2]);
  });

  it('optimised trajectories (Campolongo 2007) spread wider than the first r candidates', () => {
    const spread = (design: EnsembleDesign) => {
      const d = design.sampled.length;
      const r = design.analysis.mode === 'morris' ? design.analysis.trajectories : 0;
      const points = Array.from({ length: r }, (_, k) => {
        const t = newTrajectory(d);
        morrisTrajectoryOf(design, k, t);
        return t.levels;
      });
      let total = 0;
      for (let m = 0; m < r; m++) {
        for (let l = m + 1; l < r; l++) {
          let dml = 0;
          for (let i = 0; i <= d; i++) for (let j = 0; j <= d; j++) {
            let s = 0;
            for (let k = 0; k < d; k++) s += ((points[m][i * d + k] - points[l][j * d + k]) / 3) ** 2;
            dml += Math.sqrt(s);
          }
          total += dml * dml;
        }
      }
      return Math.sqrt(total);
    };
    const plain = morrisDesign([unit, unit, unit, unit], ', trajectories: 8');
    const optimised = morrisDesign([unit, unit, unit, unit], ', trajectories: 8, candidates: 80');
    expect(optimised.analysis.mode === 'morris' && optimised.analysis.chosen?.length).toBe(8);
    expect(spread(optimised)).toBeGreaterThan(1.05 * spread(plain));
  });

  it('leaves out a trajectory with a failed member', () => {
    const design = morrisDesign([unit, unit], ', trajectories: 5');
    const y = run(design, (p) => p[0] + p[1]);
    y[4] = NaN;
    const r = morrisEffects(design, y);
    expect(r.trajectories).toBe(4);
    expect(r.droppedTrajectories).toBe(1);
    expect(r.muStar[0]).toBeCloseTo(1, 12);
  });

  it('needs bounded ranges and an even number of levels', () => {
    expect(errorOf(() => morrisDesign(['{ distribution: normal, sd: 1 }'], ''))).toMatch(/Morris screening moves x1 across its whole range, so it needs finite bounds/);
    expect(errorOf(() => morrisDesign([unit], ', levels: 5'))).toMatch(/test.yaml:\d+:\d+ \(analysis.levels\): levels must be even/);
    expect(errorOf(() => morrisDesign([unit], ', trajectories: 10, candidates: 5'))).toMatch(/candidates \(5\) must exceed trajectories/);
  });
});
