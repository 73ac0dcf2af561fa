import type { OdeProblem } from '../../src/solve/types.ts';

/**
 * Standard stiff test problems with their published reference solutions at the end time.
 * Source: F. Mazzia, C. Magherini et al., "Test Set for IVP Solvers", release 2.4,
 * Department of Mathematics, University of Bari (problem descriptions ROBER, HIRES, VDPOL,
 * OREGO; the reference values were computed there with RADAU5 / RADAU in extended precision).
 * Also Hairer & Wanner, Solving ODEs II (2nd ed.), §IV.10.
 */
export interface StiffProblem {
  name: string;
  problem: OdeProblem;
  reference: number[];
}

/** ROBER: Robertson's chemical kinetics, on [0, 1e11]. */
export function robertson(): StiffProblem {
  return {
    name: 'Robertson',
    problem: {
      t0: 0,
      t1: 1e11,
      y0: Float64Array.of(1, 0, 0),
      autonomous: true,
      rhs: (t, y, f) => {
        f[0] = -0.04 * y[0] + 1e4 * y[1] * y[2];
        f[2] = 3e7 * y[1] * y[1];
        f[1] = -f[0] - f[2];
      },
      jacobian: (t, y, J) => {
        J[0] = -0.04; J[1] = 1e4 * y[2]; J[2] = 1e4 * y[1];
        J[6] = 0; J[7] = 6e7 * y[1]; J[8] = 0;
        J[3] = 0.04; J[4] = -1e4 * y[2] - 6e7 * y[1]; J[5] = -1e4 * y[1];
      },
    },
    reference: [0.2083340149701255e-7, 0.8333360770334713e-13, 0.9999999791665050],
  };
}

const HIRES_CONSTANTS = { k1: 1.71, k2: 0.43, k3: 8.32, k4: 0.0007, k5: 0.035, k6: 8.75, k7: 10.03, k8: 1.12, k9: 1.745, k10: 280, k11: 0.69, k12: 1.81 };

/** HIRES: high irradiance response of photomorphogenesis (Schäfer 1975), on [0, 321.8122]. */
export function hires(): StiffProblem {
  const { k1, k2, k3, k4, k5, k6, k7, k8, k9, k10, k11, k12 } = HIRES_CONSTANTS;
  return {
    name: 'HIRES',
    problem: {
      t0: 0,
      t1: 321.8122,
      y0: Float64Array.of(1, 0, 0, 0, 0, 0, 0, 0.0057),
      autonomous: true,
      rhs: (t, y, f) => {
        f[0] = -k1 * y[0] + k2 * y[1] + k3 * y[2] + k4;
        f[1] = k1 * y[0] - k6 * y[1];
        f[2] = -k7 * y[2] + k2 * y[3] + k5 * y[4];
        f[3] = k3 * y[1] + k1 * y[2] - k8 * y[3];
        f[4] = -k9 * y[4] + k2 * (y[5] + y[6]);
        f[5] = -k10 * y[5] * y[7] + k11 * y[3] + k1 * y[4] - k2 * y[5] + k11 * y[6];
        f[6] = k10 * y[5] * y[7] - k12 * y[6];
        f[7] = -f[6];
      },
      jacobian: (t, y, J) => {
        J.fill(0);
        const set = (i: number, j: number, v: number) => (J[i * 8 + j] = v);
        set(0, 0, -k1); set(0, 1, k2); set(0, 2, k3);
        set(1, 0, k1); set(1, 1, -k6);
        set(2, 2, -k7); set(2, 3, k2); set(2, 4, k5);
        set(3, 1, k3); set(3, 2, k1); set(3, 3, -k8);
        set(4, 4, -k9); set(4, 5, k2); set(4, 6, k2);
        set(5, 3, k11); set(5, 4, k1); set(5, 5, -k10 * y[7] - k2); set(5, 6, k11); set(5, 7, -k10 * y[5]);
        set(6, 5, k10 * y[7]); set(6, 6, -k12); set(6, 7, k10 * y[5]);
        set(7, 5, -k10 * y[7]); set(7, 6, k12); set(7, 7, -k10 * y[5]);
      },
    },
    reference: [
      0.7371312573325668e-3, 0.1442485726316185e-3, 0.5888729740967575e-4, 0.1175651343283149e-2,
      0.2386356198831331e-2, 0.6238968252742796e-2, 0.2849998395185769e-2, 0.2850001604814231e-2,
    ],
  };
}

/** VDPOL: Van der Pol's oscillator with mu = 1e3 (unscaled form), on [0, 2000]. */
export function vanDerPol(): StiffProblem {
  const mu = 1e3;
  return {
    name: 'Van der Pol (mu = 1e3)',
    problem: {
      t0: 0,
      t1: 2000,
      y0: Float64Array.of(2, 0),
      autonomous: true,
      rhs: (t, y, f) => {
        f[0] = y[1];
        f[1] = mu * (1 - y[0] * y[0]) * y[1] - y[0];
      },
      jacobian: (t, y, J) => {
        J[0] = 0; J[1] = 1;
        J[2] = -2 * mu * y[0] * y[1] - 1; J[3] = mu * (1 - y[0] * y[0]);
      },
    },
    reference: [0.1706167732170469e1, -0.8928097010248125e-3],
  };
}

/** OREGO: the Oregonator (Field & Noyes) model of the Belousov-Zhabotinskii reaction, on [0, 360]. */
export function oregonator(): StiffProblem {
  const s = 77.27;
  const w = 0.161;
  const q = 8.375e-6;
  return {
    name: 'Oregonator',
    problem: {
      t0: 0,
      t1: 360,
      y0: Float64Array.of(1, 2, 3),
      autonomous: true,
      rhs: (t, y, f) => {
        f[0] = s * (y[1] - y[0] * y[1] + y[0] - q * y[0] * y[0]);
        f[1] = (-y[1] - y[0] * y[1] + y[2]) / s;
        f[2] = w * (y[0] - y[2]);
      },
      jacobian: (t, y, J) => {
        J[0] = s * (-y[1] + 1 - 2 * q * y[0]); J[1] = s * (1 - y[0]); J[2] = 0;
        J[3] = -y[1] / s; J[4] = (-1 - y[0]) / s; J[5] = 1 / s;
        J[6] = w; J[7] = 0; J[8] = -w;
      },
    },
    reference: [0.1000814870318523e1, 0.1228178521549917e4, 0.1320554942846706e3],
  };
}
