import { initialStep } from '../initialStep.ts';
import { luPattern, patternOf } from '../eliminationOrder.ts';
import { DIAGONAL_PIVOT_THRESHOLD, luFactor, luSolve } from '../linalg.ts';
import type { ResolvedOptions } from '../options.ts';
import { RODAS5P } from '../rodas5pTableau.ts';
import type { DenseOutput, GeneratedProblem, OdeProblem, Rodas5pKernel, Solution, SolutionStatus, StepObserver } from '../types.ts';
import type { KernelRhs } from './dp5Kernel.ts';
import { fillDueOutputs, kernelOutputs } from './kernelOutputs.ts';

/** A model's Jacobian as kernel code: lines in the kernel's names (s_i, q_i, ts), and its nonzero entries. */
export interface KernelJacobian {
  readonly lines: readonly string[];
  readonly entries: ReadonlyArray<{ readonly row: number; readonly column: number; readonly code: string }>;
  /** Parameter indices the lines read (q_i). */
  readonly parameters: readonly number[];
  readonly usesMod: boolean;
}

// Slots of the kernel's number block (Rodas5pWorkspace.io).
const IO_T0 = 0, IO_T1 = 1, IO_RTOL = 2, IO_ATOL = 3, IO_MAX_STEPS = 4, IO_MAX_STEP = 5, IO_T_LOW = 6, IO_T_HIGH = 7, IO_H = 8, IO_NEXT = 9;
const IO_STATUS = 10, IO_T = 11, IO_STEPS = 12, IO_REJECTED = 13, IO_NON_FINITE = 14, IO_T_LAST = 15;
const IO_RHS = 17, IO_JACOBIANS = 18, IO_LUS = 19, IO_PIVOTED = 20;
const IO_SIZE = 21;
const STATUS: readonly SolutionStatus[] = ['success', 'stopped', 'max-steps', 'non-finite', 'step-size-underflow'];

/** Step-size control exactly as src/solve/rosenbrock.ts. */
const SAFETY = 0.9;
const MAX_SHRINK = 5;
const MAX_GROWTH = 6;
const SQRT_EPS = Math.sqrt(Number.EPSILON);

const kernels = new Map<string, Rodas5pKernel>();

/**
 * The Rodas5P stepper generated for one model: the generic Rosenbrock integrator of
 * src/solve/rosenbrock.ts with the Rodas5P tableau, step for step and bit for bit. The right-hand
 * side and the analytic Jacobian (its nonzero entries only) are functions generated for the model;
 * the LU factorisation of W = I/(h gamma) - J and the eight solves are unrolled over W's sparsity
 * pattern (with its fill-in), eliminating in `order` (the model's fill-reducing order,
 * src/solve/eliminationOrder.ts, which the generic method is given as OdeProblem.luOrder), in
 * functions small enough for V8 to optimise; the stage combinations are loops with the tableau's
 * coefficients as constants. luFactor pivots with a threshold that keeps the diagonal
 * (DIAGONAL_PIVOT_THRESHOLD); the kernel factors without row exchanges when luFactor would, and
 * otherwise hands that step's factorisation and solves to luFactor and luSolve in the same order:
 * the same pivots and the same arithmetic in both cases. Nothing is allocated per step.
 */
export function rodas5pKernel(rhs: KernelRhs, jacobian: KernelJacobian, autonomous: boolean, order: ArrayLike<number>): Rodas5pKernel {
  const source = rodas5pKernelSource(rhs, jacobian, autonomous, order);
  let kernel = kernels.get(source);
  if (!kernel) {
    const { cells } = luPattern(rhs.n, patternOf(rhs.n, jacobian.entries), order);
    kernel = rodas5pKernelFromSource(source, { n: rhs.n, jacobianEntries: jacobian.entries.length, cells });
    kernels.set(source, kernel);
  }
  return kernel;
}

/** A kernel from generated source (e.g. source a worker received instead of compiling the model again). */
export function rodas5pKernelFromSource(source: string, sizes: { n: number; jacobianEntries: number; cells: number }): Rodas5pKernel {
  const step = new Function(source)() as Rodas5pKernel['step'];
  return { ...sizes, source, step };
}

export function rodas5pKernelSource(rhs: KernelRhs, jacobian: KernelJacobian, autonomous: boolean, order: ArrayLike<number>): string {
  const { n } = rhs;
  const seen = new Set(Array.from(order));
  if (order.length !== n || seen.size !== n || [...seen].some((i) => !(Number.isInteger(i) && i >= 0 && i < n))) {
    throw new RangeError(`the elimination order must be a permutation of 0..${n - 1}`);
  }
  const { stages: s, a, C, c, d, H, gamma } = RODAS5P;
  const range = (m: number) => Array.from({ length: m }, (_, i) => i);
  const each = (f: (i: number) => string, sep = ' ') => range(n).map(f).join(sep);
  const lit = (x: number) => (x < 0 ? `(${x})` : String(x));
  // W's pattern with the fill-in of eliminating in `order`, in W's own indices.
  const { nonzero } = luPattern(n, patternOf(n, jacobian.entries), order);
  const pattern = (i: number, j: number) => nonzero[i * n + j];
  // W's cells in one array, row by row: LU[cell(i, j)].
  const cellIndex = new Map<string, number>();
  range(n).forEach((i) => range(n).forEach((j) => { if (pattern(i, j)) cellIndex.set(`${i},${j}`, cellIndex.size); }));
  const lu = (i: number, j: number) => `LU[${cellIndex.get(`${i},${j}`)}]`;
  const jacobianIndex = new Map(jacobian.entries.map((e, m) => [`${e.row},${e.column}`, m]));
  // Step k eliminates index order[k]; the rows below and the columns right of it are those after it in the order.
  const after = (k: number) => range(n).slice(k + 1).map((m) => order[m]);
  const below = (k: number) => after(k).filter((i) => pattern(i, order[k]));
  const right = (k: number) => after(k).filter((j) => pattern(order[k], j));
  const clampTime = rhs.readsTime ? 'const ts = tx < tLow ? tLow : tx > tHigh ? tHigh : tx;' : '';
  /** A loop over the species: stage combinations stay one line whatever the model's size. */
  const loop = (statement: string) => `for (let i = 0; i < ${n}; i++) ${statement}`;
  /** k_j at i, in K (stage j at offset j * n). */
  const K = (j: number) => (j === 0 ? 'K[i]' : `K[${j * n} + i]`);

  const rates = [
    'function rates(tx, input, out) {',
    clampTime,
    each((i) => `const s_${i} = input[${i}];`),
    ...rhs.lines,
    each((i) => `out[${i}] = ${rhs.targets[i]};`),
    '}',
  ].join('\n');

  const jacobianAt = [
    'function jacobianAt(tx, input) {',
    'const JV = ws.JV;',
    clampTime,
    each((i) => `const s_${i} = input[${i}];`),
    ...jacobian.lines,
    jacobian.entries.map((e, m) => `JV[${m}] = ${e.code};`).join('\n'),
    '}',
  ].join('\n');

  const minusJ = (i: number, j: number) => {
    const m = jacobianIndex.get(`${i},${j}`);
    return m === undefined ? '-0' : `-JV[${m}]`;
  };
  // As luFactor (src/solve/linalg.ts) in `order` when the diagonal is every column's pivot: the same operations in the same order.
  // Few temporaries, no calls through globals, and split into functions of bounded size: V8 optimises
  // no function of more than 60 KB of bytecode, and a large model's elimination is longer than that.
  const rowStart = [0];
  range(n).forEach((i) => rowStart.push(rowStart[i] + range(n).filter((j) => pattern(i, j)).length));
  const factorPrologue = 'const LU = ws.LU, RS = ws.RS, JV = ws.JV, abs = Math.abs, finite = Number.isFinite; let big = 0, largest = 0, inverse = 0, factor = 0, v = 0;';
  const factorSteps = [
    // W from the Jacobian, then its row scales, then the elimination column by column.
    [...cellIndex.keys()].map((key) => {
      const [i, j] = key.split(',').map(Number);
      return `${lu(i, j)} = ${i === j ? `${minusJ(i, j)} + inverseHGamma` : minusJ(i, j)};`;
    }).join(' '),
    ...range(n).map((i) => `big = 0; for (let m = ${rowStart[i]}; m < ${rowStart[i + 1]}; m++) big = Math.max(big, abs(LU[m])); ` +
      `if (big === 0 || !finite(big)) return 2; RS[${i}] = 1 / big;`),
    ...range(n).map((k) => {
      const p = order[k];
      return [
        `largest = abs(${lu(p, p)}) * RS[${p}];`,
        // A row below whose scaled entry is so much larger that luFactor would swap rows: the generic LU takes this step.
        ...below(k).map((i) => `v = abs(${lu(i, p)}) * RS[${i}]; if (v > largest && !(largest >= ${DIAGONAL_PIVOT_THRESHOLD} * v)) return 1;`),
        'if (largest === 0 || !finite(largest)) return 2;',
        below(k).length ? `inverse = 1 / ${lu(p, p)};` : '',
        ...below(k).map((i) => {
          const updates = right(k).map((j) => `${lu(i, j)} -= factor * ${lu(p, j)};`).join(' ');
          return `factor = (${lu(i, p)} *= inverse);${updates ? ` if (factor !== 0) { ${updates} }` : ''}`;
        }),
      ].join('\n');
    }),
  ];
  const factorPieces = pieces(factorSteps, 'factorPiece', 'inverseHGamma', factorPrologue, 'return 0;');
  const factorW = [
    ...factorPieces.functions,
    'function factorW(inverseHGamma) {',
    `let outcome = ${factorPieces.calls.map((call) => call).join(';\nif (outcome === 0) outcome = ')};`,
    'if (outcome === 0) { denseLU = false; return 0; }',
    'if (outcome === 2) return 2;',
    'const W = ws.W, JV = ws.JV;',
    'W.fill(0);',
    jacobian.entries.map((e, m) => `W[${e.row * n + e.column}] = -JV[${m}];`).join(' '),
    range(n).map((i) => `W[${i * n + i}] += inverseHGamma;`).join(' '),
    'denseLU = true; pivoted++;',
    `return luFactor(W, ${n}, ws.pivots, ws.rowScale, ORDER) ? 1 : 2;`,
    '}',
  ].join('\n');

  // As luSolve in `order`: forward substitution with the unit lower factor, then back substitution.
  const solveSteps = [
    ...range(n).slice(1).map((m) => {
      const i = order[m];
      const terms = range(m).map((l) => order[l]).filter((j) => pattern(i, j)).map((j) => ` - ${lu(i, j)} * x[${j}]`).join('');
      return terms ? `x[${i}] = x[${i}]${terms};` : '';
    }).filter(Boolean),
    ...range(n).reverse().map((m) => {
      const i = order[m];
      const terms = after(m).filter((j) => pattern(i, j)).map((j) => ` - ${lu(i, j)} * x[${j}]`).join('');
      return `x[${i}] = (x[${i}]${terms}) / ${lu(i, i)};`;
    }),
  ];
  const solvePieces = pieces(solveSteps, 'solvePiece', 'x', 'const LU = ws.LU;', '');
  const solveW = [
    ...solvePieces.functions,
    'function solveW(x) {',
    `if (denseLU) { luSolve(ws.W, ${n}, ws.pivots, x, ORDER); return; }`,
    ...solvePieces.calls.map((call) => `${call};`),
    '}',
  ].join('\n');

  /** Stage `stage`: k = W \ (f(t + c h, y + sum a k) + h d df/dt + sum (C / h) k), as the generic method. */
  const stageCode = (stage: number) => {
    const earlier = range(stage);
    const time = autonomous ? '' : ' + hd * dt[i]';
    return [
      `{ // stage ${stage + 1}`,
      stage === 0 ? '' : loop(`st[i] = y[i]${earlier.map((j) => ` + ${lit(a[stage * s + j])} * ${K(j)}`).join('')};`),
      stage === 0 ? '' : `rates(t + ${lit(c[stage])} * h, st, r); rhsEvaluations++;`,
      autonomous ? '' : `const hd = h * ${lit(d[stage])};`,
      earlier.map((j) => `const ch${j} = ${lit(C[stage * s + j])} / h;`).join(' '),
      loop(`${K(stage)} = ${stage === 0 ? 'f0[i]' : 'r[i]'}${time}${earlier.map((j) => ` + ch${j} * ${K(j)}`).join('')};`),
      `solveW(stageViews[${stage}]);`,
      '}',
    ].join('\n');
  };
  const denseTerms = (row: number) => range(s).map((j) => ` + ${lit(H[row * s + j])} * ${K(j)}`).join('');
  const interpolate = (target: string, time: string) =>
    `{ const theta = (${time} - tOld) / hOld; const theta1 = 1 - theta; ` +
    loop(`${target} = theta1 * yOld[i] + theta * (yNew[i] + theta1 * (dense[i] + theta * (dense[${n} + i] + theta * dense[${2 * n} + i])));`) + ' }';
  const parameters = new Set([...rhs.parameters, ...jacobian.parameters]);

  return [
    '"use strict";',
    rhs.usesMod || jacobian.usesMod ? rhs.modHelper : '',
    '// Generated by bonesim (src/solve/kernels/rodas5pKernel.ts) from a compiled model: Rodas5P, as src/solve/rosenbrock.ts.',
    `const ORDER = Int32Array.of(${Array.from(order).join(', ')});`,
    'return function rodas5pKernel(p, io, ws, times, outputs, yLast, observer, below, luFactor, luSolve) {',
    [...parameters].map((i) => `const q_${i} = p[${i}];`).join(' '),
    rhs.refreshLines.map((line) => `const ${line}`).join('\n'),
    'const t1 = io[1], rtol = io[2], atol = io[3], maxSteps = io[4], maxStep = io[5], tLow = io[6], tHigh = io[7];',
    'const { y, f0, K, st, r, fp, dt, yOld, yNew, dense, stageViews } = ws;',
    'let denseLU = false;',
    rates,
    jacobianAt,
    factorW,
    solveW,
    'const nTimes = times.length;',
    'let t = io[0], h = io[8], next = io[9], tLast = t, stopTime = NaN;',
    'let steps = 0, rejectedSteps = 0, rhsEvaluations = 0, jacobianEvaluations = 0, luDecompositions = 0, pivoted = 0, attempts = 0;',
    'let status = 0, nonFinite = -1, lastTrialNonFinite = false, jacobianCurrent = false, rejectedLast = false;',
    'let acceptedSteps = 0, hAccepted = 0, errAccepted = 0, tOld = t, hOld = 0;',
    'for (;;) {',
    'if (attempts >= maxSteps) { status = 2; break; }',
    `if (!(h > ${10 * Number.EPSILON} * Math.abs(t))) { status = lastTrialNonFinite ? 3 : 4; break; }`,
    'const last = t + 1.0001 * h >= t1;',
    'if (last) h = t1 - t;',
    'attempts++;',
    'if (!jacobianCurrent) {',
    'jacobianAt(t, y);',
    'jacobianEvaluations++;',
    // As FiniteDifferences.timeDerivative: a forward difference in t.
    autonomous ? '' : [
      `const tp = t + ${SQRT_EPS} * Math.max(1e-5, Math.abs(t));`,
      'rates(tp, y, fp); rhsEvaluations++;',
      'const step = tp - t;',
      loop('dt[i] = (fp[i] - f0[i]) / step;'),
    ].join('\n'),
    'jacobianCurrent = true;',
    '}',
    'luDecompositions++;',
    `if (factorW(1 / (h * ${gamma})) === 2) { h *= 0.5; rejectedLast = true; rejectedSteps++; continue; }`,
    ...range(s).map(stageCode),
    // y_new = the last stage's state + k_s; the error estimate is k_s.
    'let errSquares = 0;',
    loop(`{ const value = st[i] + ${K(s - 1)}; yNew[i] = value; const scale = atol + rtol * Math.max(Math.abs(y[i]), Math.abs(value)); ` +
      `const e = ${K(s - 1)} / scale; errSquares += e * e; }`),
    `const err = Math.sqrt(errSquares / ${n});`,
    'lastTrialNonFinite = !Number.isFinite(err);',
    `if (lastTrialNonFinite) { h /= ${MAX_SHRINK}; rejectedLast = true; rejectedSteps++; continue; }`,
    `let factor = Math.max(${1 / MAX_GROWTH}, Math.min(${MAX_SHRINK}, err ** ${1 / RODAS5P.order} / ${SAFETY}));`,
    'if (err > 1) { h = acceptedSteps === 0 && !rejectedLast ? h * 0.1 : h / factor; rejectedLast = true; rejectedSteps++; continue; }',
    'if (acceptedSteps > 0) {',
    `let predicted = ((hAccepted / h) * (err * err / errAccepted) ** ${1 / RODAS5P.order}) / ${SAFETY};`,
    `predicted = Math.max(${1 / MAX_GROWTH}, Math.min(${MAX_SHRINK}, predicted));`,
    'factor = Math.max(factor, predicted);',
    '}',
    'hAccepted = h;',
    'errAccepted = Math.max(1e-2, err);',
    'acceptedSteps++;',
    'steps++;',
    loop(`{ dense[i] = 0${denseTerms(0)}; dense[${n} + i] = 0${denseTerms(1)}; dense[${2 * n} + i] = 0${denseTerms(2)}; }`),
    loop('{ yOld[i] = y[i]; y[i] = yNew[i]; }'),
    'tOld = t; hOld = h;',
    't = last ? t1 : t + h;',
    'jacobianCurrent = false;',
    // As StepDriver.accept: a state that is not finite ends the run with the last finite state (yOld).
    `for (let i = 0; i < ${n}; i++) if (!Number.isFinite(y[i])) { nonFinite = i; status = 3; break; }`,
    'if (status === 3) break;',
    'let end = t, stopping = false;',
    'if (observer !== null) {',
    'let needed = below === null;',
    `if (!needed) for (let i = 0; i < ${n}; i++) if (y[i] < below[i]) { needed = true; break; }`,
    'if (needed) {',
    'ws.tOld = tOld; ws.hOld = hOld;',
    loop('yLast[i] = y[i];'),
    'const stop = observer(tOld, t, yLast, ws.denseOutput);',
    'if (stop !== undefined) { stopping = true; end = stop; }',
    '}',
    '}',
    'while (next < nTimes && (stopping ? times[next] < end : times[next] <= end)) {',
    'const tOut = times[next];',
    `const at = next * ${n};`,
    `if (tOut === t) { ${loop('outputs[at + i] = y[i];')} } else ${interpolate('outputs[at + i]', 'tOut')}`,
    'next++;',
    '}',
    'if (stopping) {',
    'status = 1; stopTime = end; tLast = end;',
    `if (end !== t) ${interpolate('yLast[i]', 'end')} else { ${loop('yLast[i] = y[i];')} }`,
    'break;',
    '}',
    'tLast = t;',
    'if (last) break;',
    'rates(t, y, f0); rhsEvaluations++;',
    'let hNew = h / factor;',
    'if (rejectedLast) hNew = Math.min(hNew, h);',
    'rejectedLast = false;',
    'h = Math.min(hNew, maxStep);',
    '}',
    // yLast: the stop state as set, the last finite state after a non-finite one, else the current state.
    `if (status !== 1) { if (nonFinite >= 0) { ${loop('yLast[i] = yOld[i];')} } else { ${loop('yLast[i] = y[i];')} } }`,
    'io[10] = status; io[11] = t; io[12] = steps; io[13] = rejectedSteps; io[14] = nonFinite; io[15] = tLast; io[16] = stopTime; io[9] = next;',
    'io[17] = rhsEvaluations; io[18] = jacobianEvaluations; io[19] = luDecompositions; io[20] = pivoted; io[8] = h;',
    '};',
  ].join('\n');
}

/** Source characters per generated function piece: well below V8's limit for optimising a function. */
const PIECE_CHARACTERS = 20_000;

/** Statements split into functions of at most PIECE_CHARACTERS each, and the calls that run them in order. */
function pieces(statements: readonly string[], name: string, parameters: string, prologue: string, epilogue: string): { functions: string[]; calls: string[] } {
  const groups: string[][] = [[]];
  let size = 0;
  for (const statement of statements) {
    if (size > 0 && size + statement.length > PIECE_CHARACTERS) {
      groups.push([]);
      size = 0;
    }
    groups[groups.length - 1].push(statement);
    size += statement.length;
  }
  return {
    functions: groups.map((group, g) => [`function ${name}${g}(${parameters}) {`, prologue, ...group, epilogue, '}'].join('\n')),
    calls: groups.map((_, g) => `${name}${g}(${parameters})`),
  };
}

/** The arrays one kernel integration works in, allocated once and reused (one spare, as dp5's workspaces). */
class Rodas5pWorkspace {
  readonly io = new Float64Array(IO_SIZE);
  readonly y: Float64Array;
  readonly f0: Float64Array;
  /** The stage derivatives k_1..k_8, one after another, and a view of each. */
  readonly K: Float64Array;
  readonly stageViews: Float64Array[];
  /** A stage's state and its rates; the rates at t + dt for df/dt. */
  readonly st: Float64Array;
  readonly r: Float64Array;
  readonly fp: Float64Array;
  readonly dt: Float64Array;
  /** The Jacobian's nonzero entries, W's cells (then its sparse LU), and row scales. */
  readonly JV: Float64Array;
  readonly LU: Float64Array;
  readonly RS: Float64Array;
  /** The dense matrix and pivots for steps that need row exchanges. */
  readonly W: Float64Array;
  readonly pivots: Int32Array;
  readonly rowScale: Float64Array;
  readonly yOld: Float64Array;
  readonly yNew: Float64Array;
  /** D_0, D_1, D_2 of the dense output on the last accepted step, one after another. */
  readonly dense: Float64Array;
  tOld = 0;
  hOld = 0;
  /** The observer's view of the last accepted step (one closure per workspace). */
  readonly denseOutput: DenseOutput;

  constructor(readonly n: number, jacobianEntries: number, cells: number) {
    const array = () => new Float64Array(n);
    this.y = array();
    this.f0 = array();
    this.K = new Float64Array(RODAS5P.stages * n);
    this.stageViews = Array.from({ length: RODAS5P.stages }, (_, k) => this.K.subarray(k * n, (k + 1) * n));
    this.st = array();
    this.r = array();
    this.fp = array();
    this.dt = array();
    this.JV = new Float64Array(jacobianEntries);
    this.LU = new Float64Array(cells);
    this.RS = array();
    this.W = new Float64Array(n * n);
    this.pivots = new Int32Array(n);
    this.rowScale = array();
    this.yOld = array();
    this.yNew = array();
    this.dense = new Float64Array(3 * n);
    this.denseOutput = (tq, out) => {
      const theta = (tq - this.tOld) / this.hOld;
      const theta1 = 1 - theta;
      const { yOld, yNew, dense } = this;
      for (let i = 0; i < n; i++) {
        out[i] = theta1 * yOld[i] + theta * (yNew[i] + theta1 * (dense[i] + theta * (dense[n + i] + theta * dense[2 * n + i])));
      }
    };
  }

  fits(kernel: Rodas5pKernel): boolean {
    return this.n === kernel.n && this.JV.length === kernel.jacobianEntries && this.LU.length === kernel.cells;
  }
}

let spare: Rodas5pWorkspace | undefined;


/**
 * Rodas5P through a model's kernel: the same boundary, outputs, observer protocol, statistics and
 * Solution as the generic rodas5p (src/solve/rosenbrock.ts); only the stepping loop is generated.
 */
export function solveRodas5pWithKernel(generated: GeneratedProblem, problem: OdeProblem, options: ResolvedOptions, observer?: StepObserver): Solution {
  const kernel = generated.rodas5p!();
  const { p, tLow, tHigh } = generated;
  const { rhs, t0, t1, y0 } = problem;
  const n = y0.length;
  if (kernel.n !== n) throw new RangeError(`the rodas5p kernel is for ${kernel.n} states, the problem has ${n}`);
  const { times, outputs } = kernelOutputs(options, n);
  let next = fillDueOutputs(times, outputs, 0, t0, y0, n);
  const yLast = new Float64Array(y0);
  const stats = { steps: 0, rejectedSteps: 0, rhsEvaluations: 0, jacobianEvaluations: 0, luDecompositions: 0, pivotedFactorisations: 0 };
  let status: SolutionStatus = 'success';
  let t = t0;
  let tLast = t0;
  let nonFiniteComponent = -1;
  let h = 0;
  if (t1 > t0) {
    const w = spare && spare.fits(kernel) ? spare : new Rodas5pWorkspace(n, kernel.jacobianEntries, kernel.cells);
    spare = undefined;
    const io = w.io;
    try {
      w.y.set(y0);
      rhs(t0, w.y, w.f0);
      const span = t1 - t0;
      const maxStep = Math.min(options.maxStep ?? span, span);
      io[IO_H] = Math.min(initialStep(rhs, t0, span, w.y, w.f0, RODAS5P.order - 1, options.rtol, options.atol, w.st, w.r), maxStep);
      io[IO_T0] = t0;
      io[IO_T1] = t1;
      io[IO_RTOL] = options.rtol;
      io[IO_ATOL] = options.atol;
      io[IO_MAX_STEPS] = options.maxSteps;
      io[IO_MAX_STEP] = maxStep;
      io[IO_T_LOW] = tLow;
      io[IO_T_HIGH] = tHigh;
      io[IO_NEXT] = next;
      (kernel.step as (...args: unknown[]) => void)(p, io, w, times, outputs, yLast, observer ?? null,
        observer ? options.observeOnlyBelow ?? null : null, luFactor, luSolve);
      status = STATUS[io[IO_STATUS]];
      t = io[IO_T];
      stats.steps = io[IO_STEPS];
      stats.rejectedSteps = io[IO_REJECTED];
      nonFiniteComponent = io[IO_NON_FINITE];
      tLast = io[IO_T_LAST];
      next = io[IO_NEXT];
      // f(t0) and the initial step's probe, as the generic method counts them.
      stats.rhsEvaluations = 2 + io[IO_RHS];
      stats.jacobianEvaluations = io[IO_JACOBIANS];
      stats.luDecompositions = io[IO_LUS];
      stats.pivotedFactorisations = io[IO_PIVOTED];
      h = io[IO_H];
    } finally {
      spare = w;
    }
  }
  if (status === 'success') {
    tLast = t1;
    next = fillDueOutputs(times, outputs, next, t1, yLast, n);
  }
  return {
    status,
    message: rosenbrockMessage(RODAS5P.name, status, { t, t1, h, tLast, maxSteps: options.maxSteps, nonFiniteComponent, yLast }),
    tEnd: status === 'success' ? t1 : tLast,
    yEnd: yLast,
    outputCount: next,
    outputs,
    stats,
    method: RODAS5P.name,
  };
}

/** What a Rosenbrock integration's status means, in words (the generic method and the kernel say the same). */
export function rosenbrockMessage(name: string, status: SolutionStatus, at: { t: number; t1: number; h: number; tLast: number; maxSteps: number; nonFiniteComponent: number; yLast: ArrayLike<number> }): string {
  switch (status) {
    case 'success':
      return `reached t = ${at.t1}`;
    case 'max-steps':
      return `${name} reached its limit of ${at.maxSteps} steps at t = ${Number(at.t.toPrecision(6))} of ${Number(at.t1.toPrecision(6))}`;
    case 'non-finite':
      return at.nonFiniteComponent >= 0
        ? `state component ${at.nonFiniteComponent} became ${at.yLast[at.nonFiniteComponent]} after t = ${at.tLast}`
        : `${name}: the trial steps after t = ${at.t} were not finite however small the step`;
    case 'step-size-underflow':
      return `${name}: the step size fell to ${at.h.toExponential(2)} at t = ${at.t}`;
    case 'stopped':
      return `stopped at t = ${at.tLast} on request`;
  }
}
