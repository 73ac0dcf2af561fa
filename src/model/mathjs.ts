// The one place bonesim imports mathjs: it parses (and, for Jacobians, differentiates)
// expressions at load time. Generated plain JavaScript runs them.
export { parse, derivative } from 'mathjs';
export type { MathNode } from 'mathjs';
