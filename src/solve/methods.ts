import { inputError } from '../errors.ts';
import { autoIntegrator } from './auto.ts';
import { dp5Integrator } from './dp5.ts';
import { odexIntegrator } from './odex.ts';
import { rodas5pIntegrator } from './rosenbrock.ts';
import type { Integrator } from './types.ts';

/** The explicit member of `auto`. */
const AUTO_NON_STIFF: Integrator = odexIntegrator;

/**
 * The integration methods a scenario can name in `solver.method`.
 * - auto (default): the explicit method, handing over to rodas5p if the model turns out stiff (src/solve/auto.ts).
 * - odex: Gragg-Bulirsch-Stoer extrapolation (the odex package), for non-stiff models.
 * - dp5: Dormand-Prince 5(4) with dense output (bonesim's own, allocation-free), for non-stiff models.
 * - rodas5p: a stiffly accurate Rosenbrock method (order 5) for stiff models, e.g. explicit binding kinetics.
 */
const METHODS = new Map<string, Integrator>([
  ['auto', autoIntegrator({ nonStiff: AUTO_NON_STIFF, stiff: rodas5pIntegrator })],
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
