import type { Model } from '../src/model/model.ts';

/** A small model built in code, for compiler and simulation tests. */
export function toyModel(overrides: Partial<Model> = {}): Model {
  return {
    id: 'toy',
    title: 'toy model',
    citation: 'test',
    timeUnit: 'day',
    species: [{ name: 'x', initial: 1, unit: 'pM', description: 'decaying species', nonnegative: true }],
    parameters: [{ name: 'k', value: 0.5, unit: '1/day', description: 'decay rate', source: 'test' }],
    inputs: [],
    expressions: [],
    rates: { x: '-k * x' },
    observables: [],
    roles: {},
    annotations: {},
    ...overrides,
  };
}

export function relativeError(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-300);
}
