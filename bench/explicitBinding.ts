// The mechanism model with explicit RANKL binding (bone-rankl-explicit) against its QSS model (bone-rankl)
// on every shipped bone-rankl scenario: agreement of the cells and bone volume, and the work of odex,
// rodas5p and auto. Run: npx tsx bench/explicitBinding.ts [scenario-name-fragment ...]
// (odex on the explicit model takes minutes in all; BENCH_ODEX=0 leaves it out.)
import { readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { loadModel } from '../src/node/modelFiles.ts';
import type { Model } from '../src/model/model.ts';
import { modelVariant } from '../src/model/variant.ts';
import { loadScenario } from '../src/node/scenarioFiles.ts';
import { simulate, type SimulationResult } from '../src/simulate/simulate.ts';
import { integratorNamed } from '../src/solve/methods.ts';

const explicit = loadModel('models/bone-rankl-explicit.yaml');
const only = process.argv.slice(2);
const withOdex = process.env.BENCH_ODEX !== '0';
const files = readdirSync('scenarios').filter((f) => f.endsWith('.yaml')).map((f) => join('scenarios', f))
  .filter((file) => loadScenario(file).model.id === 'bone-rankl')
  .filter((file) => only.length === 0 || only.some((fragment) => file.includes(fragment)));

const row = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

/** The explicit model with its whole RANKL subsystem (binding, turnover, production) 100x faster: the QSS model is unchanged by this. */
function fasterRankl(model: Model, factor: number): Model {
  const names = ['k_off_OPG', 'k_off_RANK', 'k_off_den', 'D_RANKL', 'beta_RANKL', 'D_sRANKL', 'D_exoRANKL'];
  const value = (name: string) => model.parameters.find((p) => p.name === name)!.value;
  const extra = model.expressions.find((e) => e.name === 'P_RANKL_extra')!.expr;
  return modelVariant(model, { id: 'faster', parameters: Object.fromEntries(names.map((n) => [n, value(n) * factor])), expressions: { P_RANKL_extra: `(${extra}) * ${factor}` } });
}
const fasterBinding = (model: Model, factor: number) => modelVariant(model, {
  id: 'faster-binding', parameters: Object.fromEntries(['k_off_OPG', 'k_off_RANK', 'k_off_den'].map((n) => [n, model.parameters.find((p) => p.name === n)!.value * factor])),
});

function largest(a: SimulationResult, b: SimulationResult, column: string): { value: number; at: number } {
  let value = 0;
  let at = 0;
  for (let i = 0; i < a.times.length; i++) {
    const d = Math.abs(a.series[column][i] - b.series[column][i]) / Math.abs(b.series[column][i]);
    if (d > value) [value, at] = [d, a.times[i]];
  }
  return { value, at };
}
const worst = (a: SimulationResult, b: SimulationResult, columns: string[]) => Math.max(...columns.map((c) => largest(a, b, c).value));
const pct = (x: number) => (x >= 1e-4 ? `${(100 * x).toFixed(2)} %` : `${(100 * x).toExponential(0)} %`);

{
  // Warm up the JIT on both models and all three integrators before timing anything.
  const { scenario, model } = loadScenario('scenarios/opg-knockout.yaml');
  for (const method of ['auto', 'rodas5p', 'odex']) simulate(scenario, method === 'odex' ? model : explicit, { integrator: integratorNamed(method) });
}
console.log(`load average at start: ${load()} (2 shared cores)\n`);
console.log('## Agreement: largest relative difference over the output grid, explicit vs QSS (day of the largest)\n');
const cells = ['OBp', 'OBa', 'OCa', 'OCp'];
console.log(row(['scenario', ...cells, 'BV', 'cells, binding x100', 'cells, RANKL subsystem x100', 'expectations failed (explicit)']));
console.log(row(Array(9).fill('---')));
const work: string[] = [];
const fasterRanklModel = fasterRankl(explicit, 100);
const fasterBindingModel = fasterBinding(explicit, 100);
for (const file of files) {
  const { scenario, model } = loadScenario(file);
  const qss = simulate(scenario, model);
  const runs: Array<[string, Model, string]> = [['explicit', explicit, 'auto'], ['explicit', explicit, 'rodas5p'], ...(withOdex ? [['explicit', explicit, 'odex'] as [string, Model, string]] : [])];
  work.push(row([scenario.id, 'QSS', 'auto', qss.solver.ran.join('+'), qss.stats.steps, qss.stats.rejectedSteps, qss.stats.rhsEvaluations, qss.stats.jacobianEvaluations, qss.stats.luDecompositions ?? 0, qss.stats.solveMilliseconds.toFixed(0), load()]));
  let auto: SimulationResult | undefined;
  for (const [kind, m, method] of runs) {
    try {
      const r = simulate(scenario, m, { integrator: integratorNamed(method) });
      if (method === 'auto') auto = r;
      const s = r.stats;
      work.push(row([scenario.id, kind, method, r.solver.ran.join('+'), s.steps, s.rejectedSteps, s.rhsEvaluations, s.jacobianEvaluations, s.luDecompositions ?? 0, s.solveMilliseconds.toFixed(0), load()]));
    } catch (error) {
      const message = String((error as Error).message);
      const where = /limit of (\d+) steps at t = ([\d.e+-]+) of ([\d.e+-]+)/.exec(message);
      work.push(row([scenario.id, kind, method, where ? `ran out of ${where[1]} steps at day ${Number(where[2]).toFixed(0)} of a ${Number(where[3]).toFixed(0)}-day segment` : message.slice(0, 80), '', '', '', '', '', '', load()]));
    }
  }
  const e = auto!;
  const failed = e.expectations.filter((x) => !x.passed).map((x) => `\`${x.text}\``).join('; ');
  const d = cells.map((c) => largest(e, qss, c));
  console.log(row([scenario.id, ...d.map(({ value, at }) => `${pct(value)} (${at.toFixed(0)})`), pct(largest(e, qss, 'BV').value),
    pct(worst(simulate(scenario, fasterBindingModel), qss, cells)), pct(worst(simulate(scenario, fasterRanklModel), qss, cells)), failed || '-']));
}
console.log('\n## Work (rtol 1e-8, atol 1e-14; solve time in ms on a shared machine, load average when the run started)\n');
console.log(row(['scenario', 'model', 'method', 'ran', 'steps', 'rejected', 'f evals', 'J evals', 'LU', 'solve ms', 'load (1, 5, 15 min)']));
console.log(row(Array(11).fill('---')));
for (const line of work) console.log(line);
console.log(`\nload average at end: ${load()}`);
