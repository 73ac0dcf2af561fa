import { inputError } from '../errors.ts';
import { autoIntegrator } from './auto.ts';
import { dp5Integrator } from './dp5.ts';
import { odexIntegrator } from './odex.ts';
import { rodas5pIntegrator } from './rosenbrock.ts';
import { DP5_STIFFNESS_SETTINGS } from './stiffnessDetector.ts';
import type { Integrator } from './types.ts';

/**
 * The explicit member of `auto`: dp5, run by the model's generated kernel (src/solve/kernels/dp5Kernel.ts).
 * Measured on the shipped scenarios it is several times odex's speed per run although it takes more steps
 * (odex's extrapolation costs more per step, and its callback interface copies arrays on every call).
 */
const AUTO_NON_STIFF: Integrator = dp5Integrator;

/**
 * The integration methods a scenario can name in `solver.method`.
 * - auto (default): dp5, handing over to rodas5p if the model turns out stiff (src/solve/auto.ts).
 * - odex: Gragg-Bulirsch-Stoer extrapolation (the odex package), for non-stiff models.
 * - dp5: Dormand-Prince 5(4) with dense output (bonesim's own, allocation-free), for non-stiff models.
 * - rodas5p: a stiffly accurate Rosenbrock method (order 5) for stiff models, e.g. explicit binding kinetics.
 */
const METHODS = new Map<string, Integrator>([
  ['auto', autoIntegrator({ nonStiff: AUTO_NON_STIFF, stiff: rodas5pIntegrator, settings: DP5_STIFFNESS_SETTINGS })],
  [odexIntegrator.name, odexIntegrator],
  [dp5Integrator.name, dp5Integrator],
  [rodas5pIntegrator.name, rodas5pIntegrator],
]);

export const DEFAULT_METHOD = 'auto';

/**
 * The integrator a scenario's `solver.method` names (auto, odex, dp5, rodas5p); an unknown name is an input error.
 *
 * @example
 * ```ts
 * const result = simulate(scenario, model, { integrator: integratorNamed('rodas5p') });
 * ```
 */
export function integratorNamed(name: string): Integrator {
  const integrator = METHODS.get(name);
  if (!integrator) throw inputError(`unknown integration method "${name}"`, { field: 'solver.method' }, `choose one of: ${methodNames().join(', ')}`);
  return integrator;
}

/**
 * The names `solver.method` accepts.
 *
 * @example
 * ```ts
 * methodNames(); // ['auto', 'odex', 'dp5', 'rodas5p']
 * ```
 */
export function methodNames(): string[] {
  return [...METHODS.keys()];
}
