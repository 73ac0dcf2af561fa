/**
 * Hairer's automatic choice of the first step (Hairer, Norsett & Wanner, Solving ODEs I, II.4;
 * the same rule as scipy's `select_initial_step`), for a method of the given order: a step that
 * keeps the explicit Euler step's change and the second-derivative estimate within tolerance.
 * Costs one evaluation of the right-hand side, made into the caller's scratch arrays.
 */
export function initialStep(
  rhs: (t: number, y: Float64Array, dydt: Float64Array) => void,
  t0: number,
  length: number,
  y0: Float64Array,
  f0: Float64Array,
  order: number,
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
  let h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * (d0 / d1);
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
  const h1 = d1 <= 1e-15 && d2 <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : (0.01 / Math.max(d1, d2)) ** (1 / (order + 1));
  return Math.min(100 * h0, h1, length);
}
