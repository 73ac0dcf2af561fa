// odex 2.0.4 ships raw TypeScript without declarations; its source fails `tsc --strict`.
// tsconfig `paths` points the module name here so we type-check against this surface only.
export interface Derivative {
  (x: number, y: number[]): number[];
}
export interface OutputFunction {
  (nr: number, xOld: number, x: number, y: number[], dense?: (c: number, x: number) => number): boolean | void;
}
export enum Outcome {
  Converged = 0,
  MaxStepsExceeded = 1,
  EarlyReturn = 2,
}
export interface SolveResult {
  y: number[];
  outcome: Outcome;
  nStep: number;
  xEnd: number;
  nAccept: number;
  nReject: number;
  nEval: number;
}
export class Solver {
  constructor(n: number);
  n: number;
  maxSteps: number;
  initialStepSize: number;
  maxStepSize: number;
  denseOutput: boolean;
  denseComponents: number[] | undefined;
  relativeTolerance: number | number[];
  absoluteTolerance: number | number[];
  solve(f: Derivative, x: number, y0: number[], xEnd: number, solOut?: OutputFunction): SolveResult;
}
