import { inputError, type ErrorLocation } from '../errors.ts';
import type { Analysis, SampledParameter } from './design.ts';
import type { DesignFile } from './designSchema.ts';
import type { DesignContext } from './loadDesign.ts';
import { optimisedTrajectories } from './morrisDesign.ts';
import { MAX_SOBOL_DIMENSIONS } from './sobolSequence.ts';

export interface AnalysisInputs {
  data: DesignFile;
  mode: Analysis['mode'];
  sampled: SampledParameter[];
  nominal: Float64Array;
  context: DesignContext;
  parameterAt: (name: string, where: ErrorLocation) => number;
  at: (...path: Array<string | number>) => ErrorLocation;
  forbid: (field: keyof DesignFile, why: string) => void;
}

/** The relative accuracy of a run's metric is taken as 10 rtol (global error builds up over steps). */
const METRIC_ACCURACY_PER_RTOL = 10;
/** Most work optimising Morris trajectories may take (pairs of candidates x point pairs x d). */
const MAX_OPTIMISATION_WORK = 4e9;

/** The analysis section, checked against the parameters it works on. */
export function resolveAnalysis(inputs: AnalysisInputs): Analysis {
  const { data, mode, sampled, at, forbid } = inputs;
  const analysis = data.analysis;
  switch (mode) {
    case 'population': {
      const percentiles = analysis?.mode === 'population' ? analysis.percentiles : [5, 25, 50, 75, 95];
      percentiles.forEach((p, k) => {
        if (!(p >= 0 && p <= 100)) throw inputError(`a percentile lies between 0 and 100, got ${p}`, at('analysis', 'percentiles', k), 'e.g. [5, 25, 50, 75, 95]');
      });
      return { mode, percentiles: [...new Set(percentiles)].sort((a, b) => a - b) };
    }
    case 'local':
      return resolveLocal(inputs);
    case 'morris': {
      if (analysis?.mode !== 'morris') throw new Error('unreachable');
      forbid('samples', 'a Morris design has trajectories x (parameters + 1) members: set analysis.trajectories');
      requireSampled(sampled, 'Morris screening', at);
      sampled.forEach((s) => {
        if (!Number.isFinite(s.distribution.lower) || !Number.isFinite(s.distribution.upper)) {
          throw inputError(`Morris screening moves ${s.name} across its whole range, so it needs finite bounds`, at('parameters', s.name),
            'give lower and upper (a uniform or log-uniform range, or a truncated normal or log-normal)');
        }
      });
      if (analysis.levels % 2 !== 0) {
        throw inputError(`levels must be even, got ${analysis.levels}`, at('analysis', 'levels'), 'with an even p the jump p / (2(p - 1)) lands on the grid; 4 or 6 are usual');
      }
      const d = sampled.length;
      let chosen: Int32Array | undefined;
      if (analysis.candidates !== undefined) {
        if (analysis.candidates <= analysis.trajectories) {
          throw inputError(`candidates (${analysis.candidates}) must exceed trajectories (${analysis.trajectories})`, at('analysis', 'candidates'), 'Campolongo et al. draw about 10 candidates per trajectory kept');
        }
        const work = (analysis.candidates ** 2 / 2) * (d + 1) ** 2 * d;
        if (work > MAX_OPTIMISATION_WORK) {
          throw inputError(`choosing ${analysis.trajectories} of ${analysis.candidates} candidates in ${d} dimensions takes too long (${work.toExponential(1)} operations)`,
            at('analysis', 'candidates'), 'draw fewer candidates');
        }
        chosen = optimisedTrajectories(data.seed, d, analysis.levels, analysis.candidates, analysis.trajectories);
      }
      return {
        mode,
        trajectories: analysis.trajectories,
        levels: analysis.levels,
        delta: analysis.levels / (2 * (analysis.levels - 1)),
        ...(chosen ? { chosen, candidates: analysis.candidates } : {}),
        bootstrap: analysis.bootstrap,
        confidence: analysis.confidence,
      };
    }
    case 'sobol': {
      if (analysis?.mode !== 'sobol') throw new Error('unreachable');
      requireSampled(sampled, 'A Sobol analysis', at);
      if (sampled.length < 2) throw inputError('a Sobol analysis needs at least two parameters', at('parameters'), 'add parameters, or use a local analysis for one');
      if (2 * sampled.length > MAX_SOBOL_DIMENSIONS) {
        throw inputError(`Saltelli sampling of ${sampled.length} parameters needs ${2 * sampled.length} Sobol dimensions; bonesim has ${MAX_SOBOL_DIMENSIONS}`, at('parameters'),
          `vary at most ${MAX_SOBOL_DIMENSIONS / 2} parameters (screen with Morris first)`);
      }
      if (data.samples === undefined) throw inputError('a Sobol analysis needs `samples`: N, the base sample size', at(), 'e.g. samples: 1024 (a power of 2)');
      const n = data.samples;
      if ((n & (n - 1)) !== 0 || n < 2) {
        throw inputError(`samples must be a power of 2 for a Sobol analysis, got ${n}`, at('samples'),
          `Sobol points are balanced in blocks of 2^k: use ${2 ** Math.round(Math.log2(n))}`);
      }
      const d = sampled.length;
      return {
        mode,
        baseSamples: n,
        secondOrder: analysis.second_order,
        blockSize: analysis.second_order ? 2 * d + 2 : d + 2,
        bootstrap: analysis.bootstrap,
        confidence: analysis.confidence,
      };
    }
  }
}

function requireSampled(sampled: SampledParameter[], what: string, at: (...path: Array<string | number>) => ErrorLocation): void {
  if (!sampled.length) throw inputError(`${what} needs parameters with distributions`, at(), 'e.g. "parameters: { k_form: { distribution: uniform, spread: 0.2 } }"');
}

function resolveLocal(inputs: AnalysisInputs): Analysis {
  const { data, nominal, context, parameterAt, at, forbid } = inputs;
  if (data.analysis?.mode !== 'local') throw new Error('unreachable');
  forbid('samples', 'a local analysis runs the nominal point and two (or four) runs per parameter');
  const list = data.parameters;
  if (list === undefined) throw inputError('a local analysis needs `parameters`: a list of names, or all', at(), 'e.g. "parameters: [k_form, D_A]"');
  if (!Array.isArray(list) && list !== 'all') {
    throw inputError('a local analysis perturbs parameters around their nominal values: list their names (or write all)', at('parameters'), 'e.g. "parameters: [k_form, D_A]"');
  }
  let parameters: Array<{ name: string; index: number }>;
  if (list === 'all') {
    // Not structural switches or unit conversions, not the bone balance, not what the scenario itself sets.
    const fixed = new Set([...(context.fixed ?? []), ...(context.balancedBy ? [context.balancedBy] : []), ...(context.scenarioSets ?? [])]);
    parameters = context.parameterNames.map((name, index) => ({ name, index })).filter((p) => !fixed.has(p.name) && nominal[p.index] !== 0 && Number.isFinite(nominal[p.index]));
    if (!parameters.length) throw inputError('the model has no parameter with a nonzero nominal value to perturb', at('parameters'), 'list parameters by name');
  } else {
    const seen = new Set<string>();
    parameters = list.map((name, k) => {
      const index = parameterAt(name, at('parameters', k));
      if (seen.has(name)) throw inputError(`${name} is listed twice`, at('parameters', k), 'list each parameter once');
      seen.add(name);
      if (nominal[index] === 0) {
        throw inputError(`${name} is 0 at the nominal point: d ln(metric) / d ln(${name}) needs a nonzero value`, at('parameters', k), 'leave it out, or set a nonzero value in the model');
      }
      return { name, index };
    });
  }
  const rtol = context.rtol ?? 1e-8;
  let step: number;
  let stepReason: string;
  if (data.analysis.step !== undefined) {
    step = data.analysis.step;
    stepReason = 'as given in the design file';
  } else {
    // Truncation error h²|g'''|/6 against rounding-like noise ε/h: the total is smallest near h = (3ε)^(1/3) for O(1)
    // derivatives; with ε = 10 rtol this is (10 rtol)^(1/3) up to a factor 1.4.
    const accuracy = METRIC_ACCURACY_PER_RTOL * rtol;
    step = Math.min(0.1, Math.max(1e-4, Math.cbrt(accuracy)));
    stepReason = `(10 rtol)^(1/3) with rtol = ${rtol}: balances the O(h²) truncation error of central differences against run-to-run noise of about ${accuracy.toExponential(0)}`;
  }
  return { mode: 'local', parameters, step, stepReason, richardson: data.analysis.richardson };
}
