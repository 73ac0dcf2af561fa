/**
 * Test functions of global sensitivity analysis with known indices.
 *
 * Ishigami & Homma (1990): f = sin x1 + a sin² x2 + b x3⁴ sin x1, x_k ~ U(-π, π). With
 * V1 = (1 + bπ⁴/5)² / 2, V2 = a²/8, V13 = 8 b² π⁸ / 225, V = V1 + V2 + V13 (Sobol' & Levitan 1999;
 * Saltelli et al. 2008, §4.9): for a = 7, b = 0.1, S1 = (0.3139, 0.4424, 0), ST = (0.5576, 0.4424, 0.2437).
 *
 * Sobol's G function (Saltelli & Sobol' 1995): g = Π (|4 x_k - 2| + a_k) / (1 + a_k), x_k ~ U(0, 1),
 * V_k = 1 / (3 (1 + a_k)²), V = Π (1 + V_k) - 1, S_k = V_k / V, ST_k = V_k Π_{j≠k} (1 + V_j) / V.
 */
export function ishigami(x: ArrayLike<number>, a = 7, b = 0.1): number {
  return Math.sin(x[0]) + a * Math.sin(x[1]) ** 2 + b * x[2] ** 4 * Math.sin(x[0]);
}

export function ishigamiIndices(a = 7, b = 0.1): { first: number[]; total: number[]; s13: number } {
  const pi4 = Math.PI ** 4;
  const v1 = (1 + (b * pi4) / 5) ** 2 / 2;
  const v2 = (a * a) / 8;
  const v13 = (8 * b * b * pi4 * pi4) / 225;
  const v = v1 + v2 + v13;
  return { first: [v1 / v, v2 / v, 0], total: [(v1 + v13) / v, v2 / v, v13 / v], s13: v13 / v };
}

export function gFunction(x: ArrayLike<number>, a: readonly number[]): number {
  let g = 1;
  for (let k = 0; k < a.length; k++) g *= (Math.abs(4 * x[k] - 2) + a[k]) / (1 + a[k]);
  return g;
}

export function gFunctionIndices(a: readonly number[]): { first: number[]; total: number[] } {
  const vk = a.map((ak) => 1 / (3 * (1 + ak) ** 2));
  const product = vk.reduce((p, v) => p * (1 + v), 1);
  const v = product - 1;
  return { first: vk.map((x) => x / v), total: vk.map((x) => (x * product) / (1 + x) / v) };
}
