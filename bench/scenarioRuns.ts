/**
 * Warm time per run of shipped scenarios on bonesim's real path (prepareSimulation once, then
 * run() repeatedly with the scenario's own method or one named here), median of batches after a
 * warm-up. The ensembles' Sobol goal depends on opg-knockout and denosumab with `auto`.
 *
 *   node out/bench/dist/scenarioRuns.mjs [--runs 200]
 */
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../src/node/scenarioFiles.ts';
import { prepareSimulation } from '../src/simulate/simulate.ts';
import { integratorNamed } from '../src/solve/methods.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const at = process.argv.indexOf('--runs');
const runs = at >= 0 ? Number(process.argv[at + 1]) : 200;
const CASES: Array<{ scenario: string; method?: string; report: 'end' | 'grid' }> = [
  { scenario: 'opg-knockout', method: 'auto', report: 'end' },
  { scenario: 'denosumab', method: 'auto', report: 'end' },
  // The same on dp5 alone: what the explicit kernel gives where auto hands over to rodas5p.
  { scenario: 'opg-knockout', method: 'dp5', report: 'end' },
  { scenario: 'denosumab', method: 'dp5', report: 'end' },
  { scenario: 'lemaire-pth-10-years', method: 'auto', report: 'end' },
  { scenario: 'lemaire-pth-10-years', method: 'dp5', report: 'end' },
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const rows = CASES.map(({ scenario: id, method, report }) => {
  const { scenario, model } = loadScenario(`${root}scenarios/${id}.yaml`);
  const prepared = prepareSimulation(scenario, model, method ? { integrator: integratorNamed(method) } : {});
  let last = prepared.run({ report });
  const batch = Math.max(1, Math.floor(runs / 5));
  for (let k = 0; k < runs; k++) last = prepared.run({ report }); // warm-up
  const perRun: number[] = [];
  for (let b = 0; b < 5; b++) {
    const started = performance.now();
    for (let k = 0; k < batch; k++) last = prepared.run({ report });
    perRun.push((performance.now() - started) / batch);
  }
  return { scenario: id, method: method ?? scenario.solver.method, ran: last.solver.ran.join('+'), report, ms_per_run: median(perRun), steps: last.stats.steps, rhs_evaluations: last.stats.rhsEvaluations };
});
process.stdout.write(JSON.stringify({ runs, rows }) + '\n');
