#!/usr/bin/env node
// npm run bench: bonesim beside its peers (C DP5, C SUNDIALS CVODE, scipy, deSolve) in the peer
// performance harness (../shared/peers/perf, or $PEERS_DIR), plus the measurements the harness
// does not make: W2 on worker threads, heap allocated per W2 run, whole-process `bonesim run`.
//
//   npm run bench                       full run (harness defaults: 5 repeats, 2000 ensemble runs)
//   RUNS=200 REPEATS=1 npm run bench    quick run
//   ONLY="c-dp5 py-scipy-LSODA" npm run bench
//
// Installs nothing. Peers whose tools are missing are skipped, with the Debian packages to install.
// Build products and outputs go to out/bench/; the harness folder is only read.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundle, buildCli, cliBundleIsFresh, ROOT } from '../bin/build.mjs';

const OUT = join(ROOT, 'out', 'bench');
const DIST = join(OUT, 'dist');
const PEERS_DIR = resolve(process.env.PEERS_DIR ?? join(ROOT, '..', 'shared', 'peers', 'perf'));
const OURS = 'bonesim-dp5';
const say = (text = '') => process.stdout.write(`${text}\n`);
const warn = (text) => process.stderr.write(`bench: ${text}\n`);
const fmt = (x, digits = 3) => (x >= 100 ? x.toFixed(0) : x.toPrecision(digits));

const has = (command, args = ['--version']) => spawnSync(command, args, { stdio: 'ignore' }).status === 0;
// Without the harness (or the tools it needs first) the peer sections are skipped; bonesim's own sections still run.
let skipPeers;
if (!existsSync(join(PEERS_DIR, 'run_all.sh'))) {
  skipPeers = `no peer harness at ${PEERS_DIR} (set PEERS_DIR to the folder of run_all.sh)`;
} else if (!has('gcc') || !has('python3', ['-c', 'import scipy, numpy'])) {
  skipPeers = 'the harness needs gcc (its C reference) and python3 with scipy and numpy (apt-get install -y gcc python3-scipy python3-numpy)';
}
if (skipPeers) {
  say(`note: ${skipPeers}: skipping the peer comparison (W1, W2 against C, CVODE, scipy, deSolve), W2 on worker threads ` +
    'and the heap per W2 run (they read the harness\'s samples); the sections below that need no peers still run');
}

// ---- which peers can run here ----
const PEERS = [
  { names: ['c-dp5'], ok: has('gcc'), needs: 'gcc' },
  { names: ['c-cvode-bdf'], ok: has('gcc') && existsSync('/usr/include/cvode/cvode.h'), needs: 'libsundials-dev' },
  { names: ['py-scipy-RK45', 'py-scipy-LSODA', 'py-scipy-Radau'], ok: has('python3', ['-c', 'import scipy, numpy']), needs: 'python3 with scipy and numpy (python3-scipy)' },
  { names: ['r-desolve-lsoda', 'r-desolve-ode45'], ok: has('Rscript', ['-e', 'suppressMessages(library(deSolve))']), needs: 'r-base-core r-cran-desolve' },
];
const requested = process.env.ONLY?.trim() ? process.env.ONLY.trim().split(/\s+/) : undefined;
const available = [];
for (const peer of skipPeers ? [] : PEERS) {
  const wanted = peer.names.filter((name) => !requested || requested.includes(name));
  if (!wanted.length) continue;
  if (peer.ok) available.push(...wanted);
  else warn(`skipping ${wanted.join(', ')}: not installed here (Debian: apt-get install -y ${peer.needs})`);
}
const allAvailable = !requested && available.length === PEERS.flatMap((p) => p.names).length;

// ---- build our programs (bundled: no TypeScript loader in the timed processes) ----
mkdirSync(DIST, { recursive: true });
for (const name of ['lemaire', 'ensembleWorker', 'ensembleThroughput', 'heapPerRun', 'ensembleSampling', 'ensembleBench', 'scenarioRuns']) {
  await bundle(join(ROOT, 'bench', `${name}.ts`), join(DIST, `${name}.mjs`));
}
if (!cliBundleIsFresh()) await buildCli();
const impls = join(OUT, 'impls.txt');
writeFileSync(impls, [
  '# bonesim on its real path (scenario -> compiler -> dp5 -> event loop); W1: the daily species trajectory; W2: through runMember',
  `node ${join(DIST, 'lemaire.mjs')} --impl ${OURS}`,
  '# W1 with the full report of `bonesim run`: observables every day and the expectations checked (informational)',
  `node ${join(DIST, 'lemaire.mjs')} --impl info-${OURS}-full-report --report grid`,
  '# W2 through run() and its result objects instead of the member API (informational; W1 writes nothing)',
  `node ${join(DIST, 'lemaire.mjs')} --impl info-${OURS}-run-api --api run`,
  '',
].join('\n'));

// ---- the harness, with bonesim added ----
const results = join(OUT, 'results.json');
const env = {
  ...process.env,
  BUILD: join(OUT, 'build'),
  OUT: join(OUT, 'out'),
  RESULTS: results,
  EXTRA_IMPLS: impls,
};
if (allAvailable) delete env.ONLY;
else env.ONLY = available.join(' ');
const targets = [];
let harnessStatus = 0;
if (!skipPeers) {
  say(`== peer harness ${PEERS_DIR} (REPEATS=${process.env.REPEATS ?? 5}, RUNS=${process.env.RUNS ?? 2000}${env.ONLY ? `, ONLY="${env.ONLY}"` : ''})`);
  const harness = spawnSync('bash', [join(PEERS_DIR, 'run_all.sh')], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  harnessStatus = harness.status ?? 1;
  if (!existsSync(results)) {
    warn(`the harness failed (exit ${harness.status}) before writing ${results}`);
    process.exit(harness.status || 1);
  }

  // ---- our ratios to every peer, from this run ----
  const { results: records, agreement } = JSON.parse(readFileSync(results, 'utf8'));
  const record = (impl, workload) => records.find((r) => r.impl === impl && r.workload === workload);
  say();
  say('== bonesim against each peer (same run; x > 1: bonesim is faster)');
  for (const workload of ['W1', 'W2']) {
    const ours = record(OURS, workload);
    if (!ours) {
      say(`${workload}: no result from ${OURS}`);
      continue;
    }
    say(`${workload}: ${OURS} ${fmt(ours.seconds_per_run * 1e6)} us/run (${fmt(ours.runs_per_sec)} runs/s), ` +
      `${fmt(ours.steps_per_run, 4)} steps, ${fmt(ours.rhs_evals_per_run, 4)} rhs evals per run`);
    const fullReport = record(`info-${OURS}-full-report`, workload);
    if (fullReport) {
      say(`    with the full report of \`bonesim run\` (${fullReport.columns} columns every day, ${fullReport.expectations_checked} expectations): ` +
        `${fmt(fullReport.seconds_per_run * 1e6)} us/run`);
    }
    const runApi = record(`info-${OURS}-run-api`, workload);
    if (runApi) say(`    through run() and its result objects instead of runMember: ${fmt(runApi.seconds_per_run * 1e6)} us/run`);
    for (const peer of records.filter((r) => r.workload === workload && !r.impl.startsWith(OURS) && !r.impl.startsWith(`info-${OURS}`) && !r.impl.startsWith('ref-'))) {
      const speed = peer.seconds_per_run / ours.seconds_per_run;
      say(`    vs ${peer.impl.padEnd(30)} ${fmt(speed).padStart(7)}x  (${peer.impl} ${fmt(peer.seconds_per_run * 1e6)} us/run)`);
    }
  }
  const cdp5 = { W1: record('c-dp5', 'W1'), W2: record('c-dp5', 'W2') };
  const ourW1 = record(OURS, 'W1');
  const ourW2 = record(OURS, 'W2');
  if (ourW1 && cdp5.W1) targets.push(['W1 time <= 1.5x c-dp5 (issue 13)', ourW1.seconds_per_run / cdp5.W1.seconds_per_run, (r) => r <= 1.5, 'x c-dp5 time']);
  if (ourW2 && cdp5.W2) targets.push(['W2 time <= 1.5x c-dp5 (issue 13)', ourW2.seconds_per_run / cdp5.W2.seconds_per_run, (r) => r <= 1.5, 'x c-dp5 time']);
  const lsoda = record('py-scipy-LSODA', 'W2');
  if (ourW2 && lsoda) targets.push(['W2 throughput >= 10x scipy LSODA', lsoda.seconds_per_run / ourW2.seconds_per_run, (r) => r >= 10, 'x LSODA runs/s']);
  const cvode = record('c-cvode-bdf', 'W2');
  if (ourW2 && cvode) targets.push(['W2 faster than CVODE', cvode.seconds_per_run / ourW2.seconds_per_run, (r) => r > 1, 'x CVODE runs/s']);
  say(`agreement check (harness): ${agreement.pass ? 'PASS' : 'FAIL'}; ${OURS} max rel diff vs reference: ` +
    `W1 ${agreement.W1[OURS]?.final_vs_ref?.toExponential(1) ?? '-'}, W2 ${agreement.W2[OURS]?.final_vs_ref_max?.toExponential(1) ?? '-'}`);

  // ---- W2 on worker threads ----
  say();
  say('== W2 on worker threads (piscina), against one thread, back to back in one process');
  const runs = process.env.RUNS ?? '2000';
  const threaded = runJson('node', [join(DIST, 'ensembleThroughput.mjs'), '--data', PEERS_DIR, '--runs', runs, '--repeats', process.env.REPEATS ?? '3']);
  if (threaded) {
    say(`W2 ${threaded.runs} runs x ${threaded.passes} passes per timed window, warm: 1 thread ${fmt(threaded.single_runs_per_sec)} runs/s, ${threaded.threads} threads ${fmt(threaded.parallel_runs_per_sec)} runs/s: ` +
      `${threaded.speedup.toFixed(2)}x (target >= 1.8x on 2 cores); final states identical: ${threaded.identical_final_states}`);
    targets.push([`W2 on ${threaded.threads} threads >= 1.8x one thread`, threaded.speedup, (r) => r >= 1.8, 'x one thread']);
  }

  // ---- heap allocated per W2 run ----
  say();
  say('== heap allocated per W2 run (V8 sampling heap profiler, collected objects included; final-state report)');
  const heap = runJson('node', [join(DIST, 'heapPerRun.mjs'), '--data', PEERS_DIR]);
  if (heap) {
    say(`${fmt(heap.bytes_per_run)} bytes per run, ${fmt(heap.bytes_per_step)} per accepted step (${fmt(heap.steps_per_run)} steps per run, ${heap.runs} runs); ` +
      `most by: ${heap.top.map((t) => `${t.name} ${t.bytes_per_run}`).join(', ')}`);
  }
}

// ---- the ensemble machinery: member parameters and estimators ----
say();
say('== ensemble sampling and estimators (20 parameters; CPU seconds beside wall seconds, the machine is shared)');
const sampling = runJson('node', [join(DIST, 'ensembleSampling.mjs')]);
if (sampling) {
  for (const [name, v] of Object.entries(sampling.sampling)) {
    say(`${name.padEnd(30)} ${fmt(v.ns_per_member)} ns/member: a million in ${v.seconds_per_million.toFixed(3)} s (CPU ${v.cpu_seconds_per_million.toFixed(3)} s)`);
  }
  for (const key of Object.keys(sampling).filter((k) => k !== 'sampling' && Array.isArray(sampling[k]))) {
    say(`${key.padEnd(38)} ${sampling[key][0].toFixed(3)} s (CPU ${sampling[key][1].toFixed(3)} s)`);
  }
  const mc = sampling.sampling.population_random_20;
  targets.push(['a million population members (20 parameters) < 1 s CPU', mc.cpu_seconds_per_million, (s) => s < 1, 's CPU']);
}

// ---- running ensembles: machinery over bare runs, threads, whole commands, a million members ----
say();
say('== running ensembles (20-parameter Sobol of opg-knockout; CPU seconds beside wall seconds, the machine may be shared)');
say('   ENSEMBLE_FULL=1 adds the 172,032-run commands (opg-knockout, denosumab); ENSEMBLE_MILLION=1 the million-member run');
const ensembleRuns = runJson('node', [join(DIST, 'ensembleBench.mjs')]);
if (ensembleRuns) {
  const o = ensembleRuns.overhead;
  say(`machinery over bare runs (${o.members} members, one thread, Parquet encoding included): ${o.ensemble_cpu_seconds.toFixed(2)} s CPU against ${o.bare_cpu_seconds.toFixed(2)} s: ${(100 * o.overhead).toFixed(1)} %`);
  targets.push(['ensemble machinery < 10 % over bare runs', 100 * o.overhead, (v) => v < 10, '%']);
  const t = ensembleRuns.threads;
  const rate = (x) => `${fmt(x)} members/s`;
  say(`two worker threads against one (${t.members} members in chunks of ${t.chunk_size}, medians of ${t.repeats}; workers: ${t.worker}):`);
  say(`    steady state (every worker warm, none idle): ${rate(t.steady_members_per_second.one)} -> ${rate(t.steady_members_per_second.two)} = ${t.steady_speedup.toFixed(2)}x`);
  say(`    whole pool (start-up and warm-up included):  ${rate(t.whole_members_per_second.one)} -> ${rate(t.whole_members_per_second.two)} = ${t.whole_speedup.toFixed(2)}x; identical parts: ${t.identical_parts}`);
  for (const r of t.runs) {
    say(`      ${r.threads} thread${r.threads > 1 ? 's' : ' '}: ${r.wall_seconds.toFixed(2)} s, steady ${r.steady.from_seconds.toFixed(1)}-${r.steady.to_seconds.toFixed(1)} s at ${rate(r.steady.members_per_second)}, busy ${(100 * r.steady.busy_share).toFixed(0)} %, CPU ${(100 * r.steady.cpu_share).toFixed(0)} % of the window; ` +
      r.workers.map((w) => `worker ${w.worker}: ready after ${(w.load_ms + w.open_ms).toFixed(0)} ms, ${w.members} members, first chunk ${w.first_chunk_ms_per_member.toFixed(1)} ms/member, last half ${w.late_ms_per_member.toFixed(2)}, gaps ${w.gaps_ms.toFixed(0)} ms`).join('; '));
  }
  targets.push(['ensemble on 2 threads >= 1.8x one thread (steady state)', t.steady_speedup, (v) => v >= 1.8, 'x one thread']);
  const c = ensembleRuns.sobol_command;
  say(`bonesim ensemble ${c.design} (${c.members} members, whole command, medians): 1 thread ${c.one.wall_seconds.toFixed(1)} s wall (${c.one.cpu_seconds.toFixed(1)} s CPU), ` +
    `2 threads ${c.two.wall_seconds.toFixed(1)} s wall (${c.two.cpu_seconds.toFixed(1)} s CPU): ${c.speedup.toFixed(2)}x (exit ${c.one.exit}/${c.two.exit}): ${c.one.summary}`);
  say(`    the one-thread command over bare warm runs of its members (${c.bare_all_members.wall_seconds.toFixed(1)} s): ${(100 * c.overhead_over_bare.wall).toFixed(1)} % wall, ${(100 * c.overhead_over_bare.cpu).toFixed(1)} % CPU ` +
    '(start-up, each worker\'s warm-up, parts, summaries and report)');
  targets.push(['whole Sobol command (n256) on 2 threads >= 1.8x one thread', c.speedup, (v) => v >= 1.8, 'x one thread']);
  for (const c of ensembleRuns.commands) {
    say(`bonesim ensemble ${c.design}: ${c.wall_seconds.toFixed(1)} s wall, ${c.cpu_seconds.toFixed(1)} s CPU, ${c.max_rss_mb.toFixed(0)} MB max RSS (exit ${c.exit}): ${c.summary}`);
    if (/opg-knockout-sobol-20\.yaml$/.test(c.design)) targets.push(['20-parameter Sobol N = 4096 of opg-knockout < 120 s', c.wall_seconds, (v) => v < 120, 's wall']);
  }
  if (ensembleRuns.million) {
    const m = ensembleRuns.million;
    say(`a million members: ${m.seconds.toFixed(0)} s (exit ${m.exit}); RSS ${m.rss_mb_first_quarter.toFixed(0)} MB in the first quarter, ${m.rss_mb_last_quarter.toFixed(0)} MB in the last, ${m.rss_mb_max.toFixed(0)} MB at most; [s, MB]: ${JSON.stringify(m.rss_mb_series)}`);
    targets.push(['a million members with flat memory (last quarter RSS <= 1.25 x first)', m.rss_mb_last_quarter / m.rss_mb_first_quarter, (v) => v <= 1.25, 'x']);
  }
}

// ---- warm runs of shipped scenarios with auto (the ensembles' Sobol goal rests on these) ----
say();
say('== warm runs of shipped scenarios (prepared once, run again and again; final state only)');
const scenarioRuns = runJson('node', [join(DIST, 'scenarioRuns.mjs'), '--runs', process.env.SCENARIO_RUNS ?? '200']);
if (scenarioRuns) {
  for (const r of scenarioRuns.rows) {
    say(`${r.scenario.padEnd(22)} ${r.method.padEnd(5)} ran ${r.ran.padEnd(12)} ${r.ms_per_run.toFixed(3)} ms/run (${r.steps} steps, ${r.rhs_evaluations} rhs evaluations)`);
  }
  const row = (id) => scenarioRuns.rows.find((r) => r.scenario === id && r.method === 'auto');
  if (row('opg-knockout')) targets.push(['opg-knockout with auto < 0.5 ms per warm run', row('opg-knockout').ms_per_run, (v) => v < 0.5, 'ms']);
  if (row('denosumab')) targets.push(['denosumab with auto < 3 ms per warm run', row('denosumab').ms_per_run, (v) => v < 3, 'ms']);
}

// ---- whole-process `bonesim run` on the W1 scenario ----
say();
say('== whole process: bonesim run scenarios/lemaire-pth-10-years.yaml (node start included; writes CSV, JSON, SVG)');
const cli = cliTime();
if (cli) {
  say(`${cli.tool}: median ${cli.median.toFixed(3)} s, min ${cli.min.toFixed(3)} s over ${cli.runs} runs (target < 0.3 s)`);
  targets.push(['whole-process bonesim run W1 < 0.3 s', cli.median, (s) => s < 0.3, 's (median)']);
}

// ---- bone-rankl-explicit: rodas5p beside CVODE and LSODA generated from the same model (bench/stiffPeer/section.mjs) ----
await (await import('./stiffPeer/section.mjs')).stiffPeerSection({ say, warn, targets, out: OUT, dist: DIST });

say();
say('== targets');
for (const [name, value, met, unit] of targets) say(`${met(value) ? 'met    ' : 'NOT met'}  ${name}: ${value.toPrecision(4)} ${unit}`);
say();
say(`machine: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')} load average at the end (other work on the machine inflates every number; compare ratios from one run)`);
process.exit(harnessStatus);

function runJson(command, args) {
  const child = spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const line = child.stdout.split('\n').find((l) => l.startsWith('{'));
  if (child.status !== 0 || !line) {
    warn(`${args.join(' ')} failed (exit ${child.status})`);
    return undefined;
  }
  return JSON.parse(line);
}

function cliTime() {
  const bonesim = fileURLToPath(new URL('../bin/bonesim.mjs', import.meta.url));
  const scenario = join(ROOT, 'scenarios', 'lemaire-pth-10-years.yaml');
  const args = [bonesim, 'run', scenario, '--out', join(OUT, 'cli'), '--quiet'];
  const runs = 10;
  if (has('hyperfine')) {
    const exported = join(OUT, 'cli-hyperfine.json');
    const command = ['node', ...args].join(' ');
    const child = spawnSync('hyperfine', ['--warmup', '2', '--runs', String(runs), '--export-json', exported, '--style', 'none', command], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (child.status === 0) {
      const times = JSON.parse(readFileSync(exported, 'utf8')).results[0].times;
      return summary('hyperfine', times);
    }
    warn('hyperfine failed; timing with repeated spawns instead');
  }
  // Fallback: wall time of repeated spawns, after two untimed ones.
  const times = [];
  for (let k = -2; k < runs; k++) {
    const started = performance.now();
    const child = spawnSync('node', args, { stdio: 'ignore' });
    if (child.status !== 0) {
      warn(`bonesim run failed (exit ${child.status})`);
      return undefined;
    }
    if (k >= 0) times.push((performance.now() - started) / 1000);
  }
  return summary('repeated spawn', times);
}

function summary(tool, times) {
  const sorted = [...times].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return { tool, runs: times.length, min: sorted[0], median: sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2 };
}
