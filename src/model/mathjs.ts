// The one place bonesim imports mathjs: it parses (and, for Jacobians, differentiates)
// expressions at load time. Generated plain JavaScript runs the expressions; eigenvalues come
// from ml-matrix (src/analysis/stability.ts).
// A number-only instance with just parse and derivative: importing all of mathjs costs most of
// a second at start-up, this a few milliseconds (a bundle keeps only their dependencies).
import { create as createNumber, derivativeDependencies, parseDependencies } from 'mathjs/number';
export type { MathNode } from 'mathjs';

const math = createNumber({ parseDependencies, derivativeDependencies });
export const parse = math.parse;
export const derivative = math.derivative;
