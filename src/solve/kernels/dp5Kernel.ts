import {
  A21, A31, A32, A41, A42, A43, A51, A52, A53, A54, A61, A62, A63, A64, A65, B1, B3, B4, B5, B6,
  C2, C3, C4, C5, D1, D3, D4, D5, D6, D7, E1, E3, E4, E5, E6, E7,
} from '../dp5Tableau.ts';
import { describe, ERROR_ESTIMATOR_ORDER, ERROR_EXPONENT, MAX_FACTOR, MIN_FACTOR, SAFETY } from '../dp5.ts';
import { returnWorkspace, takeWorkspace } from '../dp5Workspace.ts';
import { initialStep } from '../initialStep.ts';
import { fillDueOutputs, kernelOutputs } from './kernelOutputs.ts';
import type { ResolvedOptions } from '../options.ts';
import type { Dp5Kernel, GeneratedProblem, OdeProblem, Solution, SolutionStatus, StepObserver } from '../types.ts';

/**
 * A model's right-hand side in the pieces a kernel generator places itself (from
 * src/model/parameterBinding.ts, with the stage state named s_i, parameter i as q_i and time as ts).
 */
export interface KernelRhs {
  readonly n: number;
  readonly usesMod: boolean;
  /** `cK = code;` values of the parameters alone, in dependency order. */
  readonly refreshLines: readonly string[];
  /** `const vK = code;` values that vary with the state or time, in dependency order. */
  readonly lines: readonly string[];
  /** The rate of each species. */
  readonly targets: readonly string[];
  /** Parameter indices read (declared as q_i = p[i] at entry). */
  readonly parameters: readonly number[];
  readonly readsTime: boolean;
  /** The mod() helper's source, when usesMod. */
  readonly modHelper: string;
}

/** The names the generated code gives the state of a stage, the parameters and time. */
export const KERNEL_NAMES = { species: (i: number) => `s_${i}`, parameter: (i: number) => `q_${i}`, time: 'ts' } as const;

// Slots of the kernel's number block (one Float64Array per workspace: no boxed numbers cross the call).
const IO_T0 = 0, IO_T1 = 1, IO_RTOL = 2, IO_ATOL = 3, IO_MAX_STEPS = 4, IO_MAX_STEP = 5, IO_T_LOW = 6, IO_T_HIGH = 7, IO_H = 8, IO_NEXT = 9;
const IO_STATUS = 10, IO_T = 11, IO_STEPS = 12, IO_REJECTED = 13, IO_NON_FINITE = 14, IO_T_LAST = 15;
/** Size of the number block (Dp5Workspace.io). */
export const IO_SIZE = 17;
const STATUS: readonly SolutionStatus[] = ['success', 'stopped', 'max-steps', 'non-finite', 'step-size-underflow'];

/** Generated sources already turned into functions: a model compiled again (another scenario, a worker) reuses its kernel. */
const kernels = new Map<string, Dp5Kernel>();

/**
 * The dp5 stepper generated for one model: Dormand-Prince 5(4) exactly as src/solve/dp5.ts (same
 * controller, same arithmetic in the same order, so the same steps and values), with the states and
 * stage derivatives in locals, the right-hand side inlined into every stage, the loops unrolled over
 * the species and parameter-only values computed once at entry. Outputs are interpolated in place;
 * the observer is called only on steps it needs (options.observeOnlyBelow), the stiffness check every
 * window. Nothing is allocated per step.
 */
export function dp5Kernel(rhs: KernelRhs): Dp5Kernel {
  const source = dp5KernelSource(rhs);
  let kernel = kernels.get(source);
  if (!kernel) {
    kernel = dp5KernelFromSource(source, rhs.n);
    kernels.set(source, kernel);
  }
  return kernel;
}

/** A kernel from generated source (e.g. source a worker received instead of compiling the model again). */
export function dp5KernelFromSource(source: string, n: number): Dp5Kernel {
  const step = new Function(source)() as Dp5Kernel['step'];
  return { n, source, step };
}

export function dp5KernelSource(rhs: KernelRhs): string {
  const { n } = rhs;
  const each = (f: (i: number) => string, sep = ' ') => Array.from({ length: n }, (_, i) => f(i)).join(sep);
  const lit = (x: number) => (x < 0 ? `(${x})` : String(x));
  const clamp = (x: string) => (rhs.readsTime ? `const ts = ${x} < tLow ? tLow : ${x} > tHigh ? tHigh : ${x};` : '');
  /** One stage: the stage state from `input(i)`, then the rates into k{stage}_i. */
  const stage = (k: number, time: string, input: (i: number) => string) => [
    '{',
    rhs.readsTime ? `const tx = ${time}; ${clamp('tx')}` : '',
    each((i) => `const s_${i} = ${input(i)};`),
    ...rhs.lines,
    each((i) => `k${k}_${i} = ${rhs.targets[i]};`),
    '}',
  ].join('\n');
  const sum = (weights: Array<[number, number]>, i: number) => weights.map(([w, s]) => `${lit(w)} * k${s}_${i}`).join(' + ');
  const stores = (array: string, value: (i: number) => string) => each((i) => `${array}[${i}] = ${value(i)};`);
  const flush = [
    stores('y', (i) => `y_${i}`), stores('yNew', (i) => `n_${i}`),
    ...[1, 2, 3, 4, 5, 6, 7].map((s) => each((i) => `k[${(s - 1) * n + i}] = k${s}_${i};`)),
    'ws.tOld = t; ws.h = h; ws.denseReady = false;',
  ].join('\n');
  const interpolate = (target: (i: number) => string, time: string) => [
    `const theta = (${time} - t) / h;`,
    'const theta1 = 1 - theta;',
    each((i) => `${target(i)} = y_${i} + theta * (r2_${i} + theta1 * (r3_${i} + theta * (r4_${i} + theta1 * r5_${i})));`, '\n'),
  ].join('\n');
  const denseCoefficients = each((i) => `const r2_${i} = n_${i} - y_${i}; const r3_${i} = h * k1_${i} - r2_${i}; ` +
    `const r4_${i} = r2_${i} - h * k7_${i} - r3_${i}; ` +
    `const r5_${i} = h * (${lit(D1)} * k1_${i} + ${lit(D3)} * k3_${i} + ${lit(D4)} * k4_${i} + ${lit(D5)} * k5_${i} + ${lit(D6)} * k6_${i} + ${lit(D7)} * k7_${i});`, '\n');
  const body = [
    '"use strict";',
    rhs.usesMod ? rhs.modHelper : '',
    '// Generated by bonesim (src/solve/kernels/dp5Kernel.ts) from a compiled model: Dormand-Prince 5(4), as src/solve/dp5.ts.',
    'return function dp5Kernel(p, io, y, yNew, k, yLast, times, outputs, ws, observer, below, stiffness) {',
    rhs.parameters.map((i) => `const q_${i} = p[${i}];`).join(' '),
    rhs.refreshLines.map((line) => `const ${line}`).join('\n'),
    'const t1 = io[1], rtol = io[2], atol = io[3], maxSteps = io[4], maxStep = io[5], tLow = io[6], tHigh = io[7];',
    'const nTimes = times.length;',
    'const window = stiffness === null ? 0 : stiffness.window;',
    'let t = io[0], hAbs = io[8], next = io[9], tLast = t, stopTime = NaN;',
    'let steps = 0, rejectedSteps = 0, status = 0, nonFinite = -1, sinceCheck = 0, lastTrialNonFinite = false;',
    `let ${each((i) => `y_${i} = y[${i}], k1_${i} = k[${i}]`, ', ')};`,
    `let ${[2, 3, 4, 5, 6, 7].map((s) => each((i) => `k${s}_${i} = 0`, ', ')).join(', ')};`,
    `let ${each((i) => `n_${i} = 0`, ', ')};`,
    'integration: while (t < t1) {',
    'let rejectedThisStep = false;',
    'for (;;) {',
    'if (steps + rejectedSteps >= maxSteps) { status = 2; break integration; }',
    `if (hAbs < ${10 * Number.EPSILON} * Math.abs(t)) { status = lastTrialNonFinite ? 3 : 4; break integration; }`,
    'const tNew = t + hAbs >= t1 ? t1 : t + hAbs;',
    'const h = tNew - t;',
    stage(2, `t + ${C2} * h`, (i) => `y_${i} + h * (${sum([[A21, 1]], i)})`),
    stage(3, `t + ${C3} * h`, (i) => `y_${i} + h * (${sum([[A31, 1], [A32, 2]], i)})`),
    stage(4, `t + ${C4} * h`, (i) => `y_${i} + h * (${sum([[A41, 1], [A42, 2], [A43, 3]], i)})`),
    stage(5, `t + ${C5} * h`, (i) => `y_${i} + h * (${sum([[A51, 1], [A52, 2], [A53, 3], [A54, 4]], i)})`),
    stage(6, 'tNew', (i) => `y_${i} + h * (${sum([[A61, 1], [A62, 2], [A63, 3], [A64, 4], [A65, 5]], i)})`),
    each((i) => `n_${i} = y_${i} + h * (${sum([[B1, 1], [B3, 3], [B4, 4], [B5, 5], [B6, 6]], i)});`, '\n'),
    stage(7, 'tNew', (i) => `n_${i}`),
    'let sum = 0;',
    each((i) => `{ const e = h * (${sum([[E1, 1], [E3, 3], [E4, 4], [E5, 5], [E6, 6], [E7, 7]], i)}); ` +
      `const scaled = e / (atol + rtol * Math.max(Math.abs(y_${i}), Math.abs(n_${i}))); sum += scaled * scaled; }`, '\n'),
    `const errorNorm = Math.sqrt(sum / ${n});`,
    'if (errorNorm < 1) {',
    `let factor = errorNorm === 0 ? ${MAX_FACTOR} : Math.min(${MAX_FACTOR}, ${SAFETY} * Math.exp(${lit(ERROR_EXPONENT)} * Math.log(errorNorm)));`,
    'if (rejectedThisStep) factor = Math.min(1, factor);',
    'steps++;',
    // As StepDriver: a state that overflowed ends the run, the last finite state kept.
    each((i) => `if (!Number.isFinite(n_${i})) { nonFinite = ${i}; status = 3; break integration; }`, '\n'),
    'let end = tNew, stopping = false;',
    'if (observer !== null) {',
    `if (below === null || ${each((i) => `n_${i} < below[${i}]`, ' || ')}) {`,
    flush,
    stores('yLast', (i) => `n_${i}`),
    'const stop = observer(t, tNew, yLast, ws.dense);',
    'if (stop !== undefined) { stopping = true; end = stop; }',
    '}',
    '}',
    'if (!stopping && window > 0 && ++sinceCheck >= window) {',
    'sinceCheck = 0;',
    stores('yLast', (i) => `n_${i}`),
    'if (stiffness.windowEnd(tNew, yLast, window)) { stopping = true; end = tNew; }',
    '}',
    // Output times in this step (when stopping, those before the stop): the step's continuous extension.
    'if (next < nTimes && (stopping ? times[next] < end : times[next] <= end)) {',
    denseCoefficients,
    'do {',
    'const tOut = times[next];',
    `const at = next * ${n};`,
    'if (tOut === tNew) {',
    each((i) => `outputs[at + ${i}] = n_${i};`),
    '} else {',
    interpolate((i) => `outputs[at + ${i}]`, 'tOut'),
    '}',
    'next++;',
    '} while (next < nTimes && (stopping ? times[next] < end : times[next] <= end));',
    '}',
    'if (stopping) {',
    'status = 1; stopTime = end; tLast = end;',
    'if (end !== tNew) {',
    denseCoefficients,
    interpolate((i) => `yLast[${i}]`, 'end'),
    `} else { ${stores('yLast', (i) => `n_${i}`)} }`,
    't = tNew;',
    'break integration;',
    '}',
    // First Same As Last: the last stage is the derivative at the new point.
    each((i) => `y_${i} = n_${i}; k1_${i} = k7_${i};`),
    't = tNew; tLast = t;',
    'hAbs = Math.min(h * factor, maxStep);',
    'break;',
    '}',
    'lastTrialNonFinite = !Number.isFinite(errorNorm);',
    `hAbs = h * (lastTrialNonFinite ? ${MIN_FACTOR} : Math.max(${MIN_FACTOR}, ${SAFETY} * Math.exp(${lit(ERROR_EXPONENT)} * Math.log(errorNorm))));`,
    'rejectedThisStep = true;',
    'rejectedSteps++;',
    '}',
    '}',
    `if (status !== 1) { ${stores('yLast', (i) => `y_${i}`)} }`,
    'io[10] = status; io[11] = t; io[12] = steps; io[13] = rejectedSteps; io[14] = nonFinite; io[15] = tLast; io[16] = stopTime; io[9] = next;',
    '};',
  ];
  return body.join('\n');
}


/**
 * dp5 through a model's kernel: the same boundary, outputs, observer protocol and Solution as
 * dp5Integrator (src/solve/dp5.ts) on the same problem; only the stepping loop is generated.
 */
export function solveWithKernel(generated: GeneratedProblem, problem: OdeProblem, options: ResolvedOptions, observer?: StepObserver): Solution {
  const { dp5, p, tLow, tHigh } = generated;
  const { rhs, t0, t1, y0 } = problem;
  const n = y0.length;
  if (dp5.n !== n) throw new RangeError(`the dp5 kernel is for ${dp5.n} states, the problem has ${n}`);
  const { times, outputs } = kernelOutputs(options, n);
  let next = fillDueOutputs(times, outputs, 0, t0, y0, n);
  const yLast = new Float64Array(y0);
  let status: SolutionStatus = 'success';
  let steps = 0;
  let rejectedSteps = 0;
  let rhsEvaluations = 0;
  let t = t0;
  let tLast = t0;
  let nonFiniteComponent = -1;
  if (t1 > t0) {
    const w = takeWorkspace(n);
    // The kernel's numbers in and out, in the workspace: no boxed numbers cross the call.
    const io = w.io;
    try {
      const k1 = w.stages[0];
      w.y.set(y0);
      rhs(t0, w.y, k1);
      io[IO_H] = Math.min(initialStep(rhs, t0, t1 - t0, w.y, k1, ERROR_ESTIMATOR_ORDER, options.rtol, options.atol, w.yStage, w.stages[1]), options.maxStep ?? Infinity);
      io[IO_T0] = t0;
      io[IO_T1] = t1;
      io[IO_RTOL] = options.rtol;
      io[IO_ATOL] = options.atol;
      io[IO_MAX_STEPS] = options.maxSteps;
      io[IO_MAX_STEP] = options.maxStep ?? Infinity;
      io[IO_T_LOW] = tLow;
      io[IO_T_HIGH] = tHigh;
      io[IO_NEXT] = next;
      (dp5.step as (...args: unknown[]) => void)(p, io, w.y, w.yNew, w.k, yLast, times, outputs, w, observer ?? null,
        observer ? options.observeOnlyBelow ?? null : null, options.stiffness ?? null);
      status = STATUS[io[IO_STATUS]];
      t = io[IO_T];
      steps = io[IO_STEPS];
      rejectedSteps = io[IO_REJECTED];
      nonFiniteComponent = io[IO_NON_FINITE];
      tLast = io[IO_T_LAST];
      next = io[IO_NEXT];
      rhsEvaluations = 2 + 6 * (steps + rejectedSteps);
    } finally {
      returnWorkspace(w);
    }
  }
  if (status === 'success') {
    // As StepDriver.finish: outputs due at or before the end take the final state.
    tLast = t1;
    next = fillDueOutputs(times, outputs, next, t1, yLast, n);
  }
  const end = { tLast, yLast, nonFiniteComponent };
  return {
    status,
    message: describe(status, end, options, t, t1),
    tEnd: status === 'success' ? t1 : tLast,
    yEnd: yLast,
    outputCount: next,
    outputs,
    stats: { steps, rejectedSteps, rhsEvaluations, jacobianEvaluations: 0 },
    method: 'dp5',
  };
}
