// The one place bonesim imports mathjs: it parses (and, for Jacobians, differentiates)
// expressions at load time, and finds eigenvalues for stability analysis. Generated plain
// JavaScript runs the expressions.
// Number-only instances with just the functions bonesim uses: importing all of mathjs costs most of
// a second at start-up, these a few milliseconds (a bundle keeps only their dependencies).
import { create as createNumber, derivativeDependencies, parseDependencies } from 'mathjs/number';
import { create as createMatrix, eigsDependencies } from 'mathjs';
export type { MathNode } from 'mathjs';

const math = createNumber({ parseDependencies, derivativeDependencies });
export const parse = math.parse;
export const derivative = math.derivative;

let matrixMath: { eigs: typeof import('mathjs').eigs } | undefined;

/** Eigenvalues need mathjs's matrix types: that instance is made on first use (stability analysis only). */
export const eigs: typeof import('mathjs').eigs = ((...args: Parameters<typeof import('mathjs').eigs>) => {
  matrixMath ??= createMatrix({ eigsDependencies }) as unknown as { eigs: typeof import('mathjs').eigs };
  return matrixMath.eigs(...args);
}) as typeof import('mathjs').eigs;
