/**
 * Coefficients of a stiffly accurate Rosenbrock method in the "transformed" form of
 * Hairer & Wanner (Solving ODEs II, §IV.7, eq. 7.4'): with W = I/(h·gamma) − J,
 *
 *   W k_i = f(t + c_i h, y + Σ_{j<i} a_ij k_j) + Σ_{j<i} (C_ij / h) k_j + h d_i ∂f/∂t,
 *   y_new = y + Σ_j a_sj k_j + k_s,      error estimate = k_s,
 *
 * and dense output y(t + θh) = (1−θ) y + θ (y_new + (1−θ)(D_0 + θ(D_1 + θ D_2))),
 * D_r = Σ_i H_ri k_i.
 */
export interface RosenbrockTableau {
  readonly name: string;
  /** Order of y_new; the error estimate is of order `order - 1`. */
  readonly order: number;
  readonly stages: number;
  readonly gamma: number;
  /** Row-major stages x stages, strictly lower triangular. */
  readonly a: Float64Array;
  /** Row-major stages x stages, strictly lower triangular (divided by h when used). */
  readonly C: Float64Array;
  readonly c: Float64Array;
  readonly d: Float64Array;
  /** Row-major 3 x stages: the dense-output combinations. */
  readonly H: Float64Array;
}

function lowerTriangular(rows: number[][], size: number): Float64Array {
  const out = new Float64Array(size * size);
  rows.forEach((row, i) => row.forEach((value, j) => (out[(i + 1) * size + j] = value)));
  return out;
}

const A6 = [-7.502846399306121, 2.561846144803919, -11.627539656261098, -0.18268767659942256, 0.030198172008377946];

/**
 * Rodas5P: G. Steinebach, "Construction of Rosenbrock–Wanner method Rodas5P and numerical
 * benchmarks within the Julia Differential Equations package", BIT Numer. Math. 63:27 (2023).
 * Order 5 (embedded order 4), 8 stages, stiffly accurate, L-stable, with a 4th-order dense
 * output. Coefficients as tabulated in SciML OrdinaryDiffEq.jl (Rodas5PTableau).
 */
export const RODAS5P: RosenbrockTableau = Object.freeze({
  name: 'rodas5p',
  order: 5,
  stages: 8,
  gamma: 0.21193756319429014,
  a: lowerTriangular([
    [3.0],
    [2.849394379747939, 0.45842242204463923],
    [-6.954028509809101, 2.489845061869568, -10.358996098473584],
    [2.8029986275628964, 0.5072464736228206, -0.3988312541770524, -0.04721187230404641],
    A6,
    [...A6, 1],
    [...A6, 1, 1],
  ], 8),
  C: lowerTriangular([
    [-14.155112264123755],
    [-17.97296035885952, -2.859693295451294],
    [147.12150275711716, -1.41221402718213, 71.68940251302358],
    [165.43517024871676, -0.4592823456491126, 42.90938336958603, -5.961986721573306],
    [24.854864614690072, -3.0009227002832186, 47.4931110020768, 5.5814197821558125, -0.6610691825249471],
    [30.91273214028599, -3.1208243349937974, 77.79954646070892, 34.28646028294783, -19.097331116725623, -28.087943162872662],
    [37.80277123390563, -3.2571969029072276, 112.26918849496327, 66.9347231244047, -40.06618937091002, -54.66780262877968, -9.48861652309627],
  ], 8),
  c: Float64Array.of(0, 0.6358126895828704, 0.4095798393397535, 0.9769306725060716, 0.4288403609558664, 1, 1, 1),
  d: Float64Array.of(0.21193756319429014, -0.42387512638858027, -0.3384627126235924, 1.8046452872882734, 2.325825639765069, 0, 0, 0),
  H: Float64Array.of(
    25.948786856663858, -2.5579724845846235, 10.433815404888879, -2.3679251022685204, 0.524948541321073, 1.1241088310450404, 0.4272876194431874, -0.17202221070155493,
    -9.91568850695171, -0.9689944594115154, 3.0438037242978453, -24.495224566215796, 20.176138334709044, 15.98066361424651, -6.789040303419874, -6.710236069923372,
    11.419903575922262, 2.8879645146136994, 72.92137995996029, 80.12511834622643, -52.072871366152654, -59.78993625266729, -0.15582684282751913, 4.883087185713722,
  ),
});
