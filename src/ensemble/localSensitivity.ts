import type { EnsembleDesign } from './design.ts';
import { createSampler, memberCount } from './sampling.ts';

/**
 * Normalised local sensitivities at the nominal point, S = d ln y / d ln p = (p / y) dy/dp, by
 * central differences in ln p: the runs at p e^(±h) give D(h) = (ln y(+h) - ln y(-h)) / (2h), with
 * truncation error (h² / 6) d³ln y/d(ln p)³ (none for a power law). With Richardson's extrapolation
 * the runs at p e^(±2h) give D(2h) too: (4 D(h) - D(2h)) / 3 is accurate to O(h⁴), and
 * |D(h) - D(2h)| / 3 estimates the error left in D(h), a conservative error bar for the extrapolated
 * value. Where the metric is 0 or changes sign between the runs, the differences of y itself give
 * dy / d ln p, divided by y at the nominal point. The step h follows from the run's accuracy
 * (resolveAnalysis.ts). Differences in ln p keep the step relative, so parameters of any magnitude
 * are treated alike, and stay positive.
 */
export interface LocalSensitivity {
  parameters: string[];
  step: number;
  stepReason: string;
  richardson: boolean;
  /** The metric at the nominal point. */
  nominal: number;
  /** dy / d ln p: the change of the metric per relative change of the parameter (defined when y = 0). */
  slope: Float64Array;
  /** d ln y / d ln p; NaN when the metric is 0 at the nominal point or a run failed. */
  coefficient: Float64Array;
  /** Estimated error of the coefficient (Richardson); NaN without Richardson. */
  error: Float64Array;
}

/**
 * The coefficients from the outputs of a local design (one metric, members in design order).
 *
 * @example
 * ```ts
 * const local = localCoefficients(design, outputs);
 * local.coefficient; // d ln(metric) / d ln(parameter), one per parameter
 * ```
 */
export function localCoefficients(design: EnsembleDesign, outputs: ArrayLike<number>): LocalSensitivity {
  const a = design.analysis;
  if (a.mode !== 'local') throw new Error(`localCoefficients needs a local design, this one is ${a.mode}`);
  const d = a.parameters.length;
  if (outputs.length !== memberCount(design)) throw new RangeError(`expected ${memberCount(design)} outputs, got ${outputs.length}`);
  const y0 = outputs[0];
  const h = a.step;
  const slope = new Float64Array(d);
  const coefficient = new Float64Array(d);
  const error = new Float64Array(d).fill(NaN);
  const sameSign = (...values: number[]) => values.every((v) => Number.isFinite(v) && v !== 0 && Math.sign(v) === Math.sign(y0));
  for (let k = 0; k < d; k++) {
    const minus = outputs[1 + 2 * k], plus = outputs[2 + 2 * k];
    const minus2 = a.richardson ? outputs[1 + 2 * d + 2 * k] : NaN;
    const plus2 = a.richardson ? outputs[2 + 2 * d + 2 * k] : NaN;
    const [s1, s2] = [(plus - minus) / (2 * h), (plus2 - minus2) / (4 * h)];
    slope[k] = a.richardson ? (4 * s1 - s2) / 3 : s1;
    if (sameSign(minus, plus, ...(a.richardson ? [minus2, plus2] : []))) {
      // Differences of ln|y|: exact for power laws, and the natural scale of a multiplicative model.
      const c1 = (Math.log(Math.abs(plus)) - Math.log(Math.abs(minus))) / (2 * h);
      if (a.richardson) {
        const c2 = (Math.log(Math.abs(plus2)) - Math.log(Math.abs(minus2))) / (4 * h);
        coefficient[k] = (4 * c1 - c2) / 3;
        error[k] = Math.abs(c1 - c2) / 3;
      } else {
        coefficient[k] = c1;
      }
    } else {
      // The metric is 0 or changes sign nearby: (dy / d ln p) / y where y is not 0.
      coefficient[k] = y0 !== 0 && Number.isFinite(y0) ? slope[k] / y0 : NaN;
      if (a.richardson && y0 !== 0) error[k] = Math.abs(s1 - s2) / 3 / Math.abs(y0);
    }
  }
  return { parameters: a.parameters.map((p) => p.name), step: h, stepReason: a.stepReason, richardson: a.richardson, nominal: y0, slope, coefficient, error };
}

/**
 * Run a local design through `run` (one model run per call: the parameter vector, the member
 * index) and return the coefficients of every metric it reports. `run` returns one number or a
 * vector of metrics (NaN for a failed run).
 */
export function localSensitivity(design: EnsembleDesign, run: (p: Float64Array, member: number) => number | ArrayLike<number>): LocalSensitivity[] {
  const sampler = createSampler(design);
  const p = new Float64Array(design.parameterNames.length);
  let outputs: Float64Array[] | undefined;
  for (let i = 0; i < sampler.count; i++) {
    sampler.parameters(i, p);
    const result = run(p, i);
    const values = typeof result === 'number' ? [result] : result;
    outputs ??= Array.from({ length: values.length }, () => new Float64Array(sampler.count));
    if (values.length !== outputs.length) throw new RangeError(`run returned ${values.length} metrics for member ${i}, ${outputs.length} before`);
    for (let m = 0; m < values.length; m++) outputs[m][i] = values[m];
  }
  return (outputs ?? []).map((metric) => localCoefficients(design, metric));
}
