/**
 * The Dormand-Prince 5(4) pair (Dormand & Prince 1980; Hairer, Norsett & Wanner, Solving ODEs I,
 * Table II.5.2): seven stages, the last evaluated at the new solution (FSAL), a 5th-order
 * solution with an embedded 4th-order one for the error estimate, and Shampine's 4th-order
 * continuous extension (Hairer's DOPRI5 `contd5`) for dense output.
 */

/** Stage times as fractions of the step (c2..c6; c7 = 1). */
export const C2 = 1 / 5;
export const C3 = 3 / 10;
export const C4 = 4 / 5;
export const C5 = 8 / 9;

/** Stage coefficients a_ij. */
export const A21 = 1 / 5;
export const A31 = 3 / 40, A32 = 9 / 40;
export const A41 = 44 / 45, A42 = -56 / 15, A43 = 32 / 9;
export const A51 = 19372 / 6561, A52 = -25360 / 2187, A53 = 64448 / 6561, A54 = -212 / 729;
export const A61 = 9017 / 3168, A62 = -355 / 33, A63 = 46732 / 5247, A64 = 49 / 176, A65 = -5103 / 18656;

/** Weights of the 5th-order solution (b2 = 0, b7 = 0; they are also the 7th stage's a_7j). */
export const B1 = 35 / 384, B3 = 500 / 1113, B4 = 125 / 192, B5 = -2187 / 6784, B6 = 11 / 84;

/** Error weights: 5th-order minus embedded 4th-order weights (e2 = 0). */
export const E1 = 71 / 57600, E3 = -71 / 16695, E4 = 71 / 1920, E5 = -17253 / 339200, E6 = 22 / 525, E7 = -1 / 40;

/** Dense output: the 4th-order term of the continuous extension (d2 = 0). */
export const D1 = -12715105075 / 11282082432;
export const D3 = 87487479700 / 32700410799;
export const D4 = -10690763975 / 1880347072;
export const D5 = 701980252875 / 199316789632;
export const D6 = -1453857185 / 822651844;
export const D7 = 69997945 / 29380423;

/**
 * Stages 2..7 as rows: stage s (1-based row s - 1 here) starts at t + NODES[s] * h from
 * y + h * sum_j STAGE_WEIGHTS[7 * s + j] * k_j. Row 6 holds the 5th-order weights b_j: the
 * seventh stage is evaluated at the new solution (FSAL). Zeros where the tableau has none.
 */
export const NODES = Float64Array.of(0, C2, C3, C4, C5, 1, 1);
export const STAGE_WEIGHTS = Float64Array.of(
  0, 0, 0, 0, 0, 0, 0,
  A21, 0, 0, 0, 0, 0, 0,
  A31, A32, 0, 0, 0, 0, 0,
  A41, A42, A43, 0, 0, 0, 0,
  A51, A52, A53, A54, 0, 0, 0,
  A61, A62, A63, A64, A65, 0, 0,
  B1, 0, B3, B4, B5, B6, 0,
);
