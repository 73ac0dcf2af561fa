// Work and time of the integrators on stiff problems and on explicit binding kinetics.
// Run: npm run bench (timings are medians of several runs; counts are exact and also guarded by tests).
import { loadModel } from '../src/node/modelFiles.ts';
import { loadScenario } from '../src/node/scenarioFiles.ts';
import { simulate } from '../src/simulate/simulate.ts';
import { integratorNamed } from '../src/solve/methods.ts';
import type { SolverStats } from '../src/solve/types.ts';
import { hires, oregonator, robertson, vanDerPol } from '../test/solve/stiffProblems.ts';

const repeats = Number(process.env.BENCH_REPEATS ?? 5);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function row(cells: Array<string | number>): string {
  return `| ${cells.join(' | ')} |`;
}

function timed<T>(run: () => T, times: number): { result: T; ms: number } {
  const durations: number[] = [];
  let result!: T;
  if (times > 1) run(); // warm up the JIT
  for (let k = 0; k < times; k++) {
    const start = performance.now();
    result = run();
    durations.push(performance.now() - start);
  }
  return { result, ms: median(durations) };
}

const counts = (s: SolverStats) => [s.steps, s.rejectedSteps, s.rhsEvaluations, s.jacobianEvaluations, s.luDecompositions ?? 0];

console.log('## Stiff test problems (rtol 1e-8; Bari Test Set reference solutions)\n');
console.log(row(['problem', 'method', 'status', 'max error / tolerance', 'steps', 'rejected', 'f evals', 'J evals', 'LU', 'ms (median)']));
console.log(row(Array(10).fill('---')));
for (const [make, atol] of [[robertson, 1e-14], [hires, 1e-12], [vanDerPol, 1e-8], [oregonator, 1e-8]] as const) {
  for (const [label, method, analytic] of [['rodas5p', 'rodas5p', true], ['rodas5p, FD Jacobian', 'rodas5p', false], ['auto', 'auto', true], ['odex', 'odex', true]] as const) {
    const { name, problem, reference } = make();
    if (!analytic) delete problem.jacobian;
    const integrator = integratorNamed(method);
    const { result, ms } = timed(() => integrator.solve(problem, { rtol: 1e-8, atol, maxSteps: 200_000 }), method === 'odex' ? 1 : repeats);
    const error = Math.max(...reference.map((r, i) => Math.abs(result.yEnd[i] - r) / (atol + 1e-8 * Math.abs(r))));
    console.log(row([name, label, result.status, result.status === 'success' ? error.toFixed(2) : '-', ...counts(result.stats), ms.toFixed(1)]));
  }
}

console.log('\n## Pivonka 2008 with explicit binding kinetics vs the QSS model\n');
console.log(row(['scenario', 'model', 'method', 'ran', 'steps', 'rejected', 'f evals', 'J evals', 'LU', 'solve ms (median)']));
console.log(row(Array(10).fill('---')));
const explicit = loadModel('models/pivonka2008-explicit.yaml');
for (const file of ['scenarios/pivonka-baseline.yaml', 'scenarios/pivonka-pth-infusion.yaml']) {
  const { scenario, model } = loadScenario(file);
  const runs: Array<[string, typeof model, string]> = [['QSS', model, 'auto'], ['explicit', explicit, 'auto'], ['explicit', explicit, 'rodas5p'], ['explicit', explicit, 'odex']];
  for (const [kind, m, method] of runs) {
    const slow = kind === 'explicit' && method === 'odex';
    const { result } = timed(() => simulate(scenario, m, { integrator: integratorNamed(method), maxSteps: 2_000_000 }), slow ? 1 : repeats);
    const solveTimes: number[] = [];
    if (!slow) simulate(scenario, m, { integrator: integratorNamed(method) }); // warm up
    for (let k = 0; k < (slow ? 1 : repeats); k++) solveTimes.push(simulate(scenario, m, { integrator: integratorNamed(method), maxSteps: 2_000_000 }).stats.solveMilliseconds);
    console.log(row([scenario.id, kind, method, result.solver.ran.join('+'), ...counts(result.stats), median(solveTimes).toFixed(1)]));
  }
}
