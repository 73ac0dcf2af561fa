// The one place bonesim imports mathjs: it parses (and, for Jacobians, differentiates)
// expressions at load time, and finds eigenvalues for stability analysis. Generated plain
// JavaScript runs the expressions.
export { parse, derivative, eigs } from 'mathjs';
export type { MathNode } from 'mathjs';
