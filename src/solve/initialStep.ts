/**
 * The first step of every adaptive integrator in bonesim, one routine and one convention:
 * Hairer's automatic choice (Hairer, Norsett & Wanner, Solving ODEs I, II.4), as scipy's
 * `select_initial_step`, except at rest: when y0 or f(y0) is negligible against the tolerances
 * (d0 or d1 < 1e-5) the trial step is 1e-6 of the span, not 1e-6 time units, so a run at rest
 * starts alike in days or years. Away from rest the steps are scipy's. `errorEstimatorOrder` is the order of the method's embedded error
 * estimate (4 for Dormand-Prince 5(4) and Rodas5P), and the step is (0.01 / max(d1, d2))^(1 / (order + 1)),
 * the exponent 1/5 of DOPRI5's `hinit` with iord = 5. The result keeps the explicit Euler step's
 * change and the second-derivative estimate within tolerance, capped by 100 h0 and the span.
 * Costs one evaluation of the right-hand side, made into the caller's scratch arrays.
 */
export function initialStep(
  rhs: (t: number, y: Float64Array, dydt: Float64Array) => void,
  t0: number,
  length: number,
  y0: Float64Array,
  f0: Float64Array,
  errorEstimatorOrder: number,
  rtol: number,
  atol: number,
  yScratch: Float64Array,
  fScratch: Float64Array,
): number {
  const n = y0.length;
  let d0 = 0;
  let d1 = 0;
  for (let i = 0; i < n; i++) {
    const scale = atol + Math.abs(y0[i]) * rtol;
    const a = y0[i] / scale;
    const b = f0[i] / scale;
    d0 += a * a;
    d1 += b * b;
  }
  d0 = Math.sqrt(d0 / n);
  d1 = Math.sqrt(d1 / n);
  let h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 * length : 0.01 * (d0 / d1);
  if (h0 > length) h0 = length;
  for (let i = 0; i < n; i++) yScratch[i] = y0[i] + h0 * f0[i];
  rhs(t0 + h0, yScratch, fScratch);
  let d2 = 0;
  for (let i = 0; i < n; i++) {
    const scale = atol + Math.abs(y0[i]) * rtol;
    const c = (fScratch[i] - f0[i]) / scale;
    d2 += c * c;
  }
  d2 = Math.sqrt(d2 / n) / h0;
  const h1 = d1 <= 1e-15 && d2 <= 1e-15 ? Math.max(1e-6 * length, h0 * 1e-3) : (0.01 / Math.max(d1, d2)) ** (1 / (errorEstimatorOrder + 1));
  // A probe that is not finite (the Euler step left the right-hand side's domain): start at h0 and let rejections shrink it.
  if (!Number.isFinite(h1)) return Math.min(h0, length);
  return Math.min(100 * h0, h1, length);
}
