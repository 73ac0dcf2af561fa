import { inputError } from '../errors.ts';
import { dp5Integrator } from './dp5.ts';
import { odexIntegrator } from './odex.ts';
import type { Integrator } from './types.ts';

/**
 * The integration methods a scenario can name in `solver.method`.
 * - odex: Gragg-Bulirsch-Stoer extrapolation (the odex package), for non-stiff models.
 * - dp5: Dormand-Prince 5(4) with dense output (bonesim's own, allocation-free), for non-stiff models.
 */
const METHODS = new Map<string, Integrator>([
  [odexIntegrator.name, odexIntegrator],
  [dp5Integrator.name, dp5Integrator],
]);

export const DEFAULT_METHOD = 'odex';

export function integratorNamed(name: string): Integrator {
  const integrator = METHODS.get(name);
  if (!integrator) throw inputError(`unknown integration method "${name}"`, { field: 'solver.method' }, `choose one of: ${methodNames().join(', ')}`);
  return integrator;
}

export function methodNames(): string[] {
  return [...METHODS.keys()];
}
