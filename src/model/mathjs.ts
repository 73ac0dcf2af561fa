// The one place bonesim imports mathjs: it parses (and, for Jacobians, differentiates)
// expressions at load time, and finds eigenvalues for stability analysis. Generated plain
// JavaScript runs the expressions.
// A number-only instance with just parse and derivative: importing all of mathjs costs most of
// a second at start-up, this a few milliseconds (its functions are created on first use).
import { createRequire } from 'node:module';
import { create, derivativeDependencies, parseDependencies } from 'mathjs/number';
export type { MathNode } from 'mathjs';

const math = create({ parseDependencies, derivativeDependencies });
export const parse = math.parse;
export const derivative = math.derivative;

const require = createRequire(import.meta.url);
type Eigs = typeof import('mathjs').eigs;

/** Eigenvalues need mathjs's matrix types, so the full library: loaded on first use (stability analysis only). */
export const eigs: Eigs = ((...args: Parameters<Eigs>) => (require('mathjs') as typeof import('mathjs')).eigs(...args)) as Eigs;
