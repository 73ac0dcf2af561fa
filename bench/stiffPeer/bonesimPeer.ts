/**
 * The stiff peer workload on bonesim's side: models/bone-rankl-explicit.yaml (31 species, explicit RANKL
 * binding) run through scenarios/opg-knockout.yaml (OPG production stops at t = 0, ten years, no events)
 * from the model's steady state. Writes the generated CVODE (C) and LSODA (Python) programs for the same
 * start state, parameters, span and tolerances into --outdir, then times bonesim's warm path
 * (prepareSimulation once; each run is the scenario loop to the final state, report 'end') with rodas5p
 * and with auto (median over repeats of 10 runs each), and prints one JSON line.
 *
 *   node out/bench/dist/stiffPeer.mjs --outdir DIR [--repeats 5] [--rtol 1e-6] [--atol 1e-12]
 *   (STIFF_PEER_TRACE=1: every repeat's time on stderr)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadModel } from '../../src/node/modelFiles.ts';
import { loadScenario } from '../../src/node/scenarioFiles.ts';
import { prepareSimulation } from '../../src/simulate/simulate.ts';
import { findSteadyState } from '../../src/solve/steadyState.ts';
import { integratorNamed } from '../../src/solve/methods.ts';
import { peerSources } from './generate.ts';

export const MODEL_FILE = fileURLToPath(new URL('../../models/bone-rankl-explicit.yaml', import.meta.url));
export const SCENARIO_FILE = fileURLToPath(new URL('../../scenarios/opg-knockout.yaml', import.meta.url));
/** Runs before timing (STIFF_PEER_WARMUP): V8 settles on optimised code for the generated functions and the integrator. */
const WARMUP_RUNS = Number(process.env.STIFF_PEER_WARMUP ?? 100);
/** Runs timed together as one repeat (as the CVODE program does): a repeat of ~50 ms smooths the shared machine's noise. */
const RUNS_PER_REPEAT = 10;

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] !== undefined ? process.argv[at + 1] : fallback;
}

const outdir = option('outdir', '');
if (!outdir) {
  process.stderr.write('usage: stiffPeer --outdir DIR [--repeats N] [--rtol R] [--atol A]\n');
  process.exit(2);
}
const repeats = Number(option('repeats', '5'));
const rtol = Number(option('rtol', '1e-6'));
const atol = Number(option('atol', '1e-12'));

const { scenario } = loadScenario(SCENARIO_FILE);
const model = loadModel(MODEL_FILE);
if (scenario.scheduled.length || scenario.stateEvents.length || Object.keys(scenario.inputs).length || Object.keys(scenario.initial).length) {
  throw new Error(`${SCENARIO_FILE}: the stiff peer compares event-free runs (no events, inputs or initial values), and this scenario has some`);
}

// The start: the model's steady state at its own parameters, then the scenario's parameter changes (as bonesim's run does).
// The compared runs, then one for information: rodas5p at a 100 times looser rtol (work against accuracy).
const runs = [
  { impl: 'bonesim-rodas5p', method: 'rodas5p', rtol },
  { impl: 'bonesim-auto', method: 'auto', rtol },
  { impl: `info-bonesim-rodas5p-rtol-${(100 * rtol).toExponential(0)}`, method: 'rodas5p', rtol: 100 * rtol },
];
const prepared = runs.map((r) => prepareSimulation(scenario, model, { integrator: integratorNamed(r.method), rtol: r.rtol, atol, maxSteps: 1_000_000 }));
const compiled = prepared[0].compiled;
const start = Float64Array.from(findSteadyState(compiled, compiled.p0, compiled.y0).y);
const p = Float64Array.from(compiled.p0);
for (const [name, value] of Object.entries(scenario.parameters)) p[compiled.parameterIndex(name)] = value;

mkdirSync(outdir, { recursive: true });
const sources = peerSources(compiled, { y0: start, p, t1: scenario.duration, rtol, atol });
writeFileSync(join(outdir, 'cvode_peer.c'), sources.c);
writeFileSync(join(outdir, 'lsoda_peer.py'), sources.python);

const bonesim = runs.map(({ impl, rtol: runRtol }, m) => {
  const variation = { initialState: start, report: 'end' as const };
  let result = prepared[m].run(variation);
  for (let k = 1; k < WARMUP_RUNS; k++) result = prepared[m].run(variation);
  const seconds: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const started = performance.now();
    for (let k = 0; k < RUNS_PER_REPEAT; k++) result = prepared[m].run(variation);
    seconds.push((performance.now() - started) / 1000 / RUNS_PER_REPEAT);
  }
  if (process.env.STIFF_PEER_TRACE) process.stderr.write(`${impl}: ${seconds.map((s) => (s * 1e3).toFixed(2)).join(' ')} ms\n`);
  seconds.sort((a, b) => a - b);
  const middle = seconds.length >> 1;
  const last = result.times.length - 1;
  return {
    impl,
    rtol: runRtol,
    ran: result.solver.ran.join('+'),
    seconds_per_run: seconds.length % 2 ? seconds[middle] : (seconds[middle - 1] + seconds[middle]) / 2,
    seconds_per_run_min: seconds[0],
    runs: RUNS_PER_REPEAT,
    repeats,
    t_end: result.times[last],
    steps: result.stats.steps,
    rejected: result.stats.rejectedSteps,
    rhs_evals: result.stats.rhsEvaluations,
    jac_evals: result.stats.jacobianEvaluations,
    lu: result.stats.luDecompositions,
    final: compiled.speciesNames.map((name) => result.series[name][last]),
  };
});

process.stdout.write(`${JSON.stringify({
  model: model.id,
  scenario: scenario.id,
  species: compiled.speciesNames,
  duration: scenario.duration,
  time_unit: model.timeUnit,
  rtol,
  atol,
  notes: sources.notes,
  bonesim,
})}\n`);
