// Cost of the ensemble machinery next to a model run: member parameters by index (a million
// members of several designs) and the estimators (Sobol with bootstrap, Morris, percentile bands).
// Prints a JSON line for bench/run.mjs. Run alone: npx tsx bench/ensembleSampling.ts
import { loadEnsembleDesign } from '../src/ensemble/loadDesign.ts';
import { morrisEffects } from '../src/ensemble/morris.ts';
import { addMember, bandValues, createPercentileBands } from '../src/ensemble/percentileBands.ts';
import { createSampler, memberCount } from '../src/ensemble/sampling.ts';
import { sobolIndices } from '../src/ensemble/sobolIndices.ts';

const D = 20;
const names = Array.from({ length: 40 }, (_, k) => `p${k}`);
const nominal = names.map((_, k) => 1 + k / 10);
const kinds = [
  '{ distribution: log-normal, cv: 0.2 }',
  '{ distribution: normal, cv: 0.1, lower: 0.5 }',
  '{ distribution: uniform, spread: 0.3 }',
  '{ distribution: log-uniform, factor: 2 }',
];
const parameters = (d: number) => names.slice(0, d).map((n, k) => `  ${n}: ${kinds[k % kinds.length]}`).join('\n');
const design = (body: string) => loadEnsembleDesign(`id: bench\ntitle: bench\nscenario: none\nseed: 1\n${body}`, 'bench.yaml', { parameterNames: names, nominal });

/** CPU seconds of this process (user + system): on a shared machine, wall time also counts the time other work held the core. */
function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/** Seconds per member (wall and CPU), best of three passes over `members` members. */
function timeMembers(text: string, members: number): { perMember: number; cpuPerMember: number; count: number } {
  const d = design(text);
  const count = Math.min(members, memberCount(d));
  const out = new Float64Array(names.length);
  let best = Infinity;
  let bestCpu = Infinity;
  let checksum = 0;
  for (let pass = 0; pass < 3; pass++) {
    const sampler = createSampler(d);
    const started = performance.now();
    const cpu = cpuSeconds();
    for (let i = 0; i < count; i++) {
      sampler.parameters(i, out);
      checksum += out[3];
    }
    best = Math.min(best, (performance.now() - started) / 1000);
    bestCpu = Math.min(bestCpu, cpuSeconds() - cpu);
  }
  if (!Number.isFinite(checksum)) throw new Error('non-finite parameters');
  return { perMember: best / count, cpuPerMember: bestCpu / count, count };
}

const million = 1_000_000;
const sampling = {
  population_random_20: timeMembers(`samples: ${million}\nparameters:\n${parameters(D)}\n`, million),
  population_random_20_copula5: timeMembers(`samples: ${million}\nparameters:\n${parameters(D)}\ncorrelations:\n${[1, 2, 3, 4].map((k) => `  - { between: [p0, p${k}], rho: 0.3 }`).join('\n')}\n`, million),
  population_sobol_20: timeMembers(`samples: ${million}\nsampling: sobol\nparameters:\n${parameters(D)}\n`, million),
  saltelli_20_N4096: timeMembers(`samples: 4096\nparameters:\n${parameters(D)}\nanalysis: { mode: sobol }\n`, million),
  saltelli_20_N65536: timeMembers(`samples: 65536\nparameters:\n${parameters(D)}\nanalysis: { mode: sobol }\n`, million),
  morris_20: timeMembers(`parameters:\n${names.slice(0, D).map((n) => `  ${n}: { distribution: uniform, spread: 0.3 }`).join('\n')}\nanalysis: { mode: morris, trajectories: 50000 }\n`, million),
};

function timeOnce<T>(f: () => T): { seconds: number; cpu: number; value: T } {
  const started = performance.now();
  const cpu = cpuSeconds();
  const value = f();
  return { seconds: (performance.now() - started) / 1000, cpu: cpuSeconds() - cpu, value };
}

// Estimators on a cheap function of the parameters (its values are irrelevant to the cost).
const sobolDesign = design(`samples: 4096\nparameters:\n${parameters(D)}\nanalysis: { mode: sobol, bootstrap: 1000 }\n`);
const sobolSampler = createSampler(sobolDesign);
const p = new Float64Array(names.length);
const sobolOutputs = Float64Array.from({ length: sobolSampler.count }, (_, i) => {
  sobolSampler.parameters(i, p);
  let y = 0;
  for (let k = 0; k < D; k++) y += Math.sin(p[k]) * (k + 1);
  return y;
});
const sobol = timeOnce(() => sobolIndices(sobolDesign, sobolOutputs));
const morrisDesign = design(`parameters:\n${names.slice(0, D).map((n) => `  ${n}: { distribution: uniform, spread: 0.3 }`).join('\n')}\nanalysis: { mode: morris, trajectories: 100, candidates: 500, bootstrap: 1000 }\n`);
const optimise = timeOnce(() => design(`parameters:\n${names.slice(0, D).map((n) => `  ${n}: { distribution: uniform, spread: 0.3 }`).join('\n')}\nanalysis: { mode: morris, trajectories: 100, candidates: 500 }\n`));
const morrisSampler = createSampler(morrisDesign);
const morrisOutputs = Float64Array.from({ length: morrisSampler.count }, (_, i) => (morrisSampler.parameters(i, p), p[0] * p[1] + p[2]));
const morris = timeOnce(() => morrisEffects(morrisDesign, morrisOutputs));
// Bands: 10,000 members x 5 observables x 521 weekly points of ten years; exact, then past capacity.
const points = 521;
const member = new Float64Array(5 * points);
const bandsExact = createPercentileBands({ series: 5, points, exactCapacity: 10_000 });
const bandsDigest = createPercentileBands({ series: 5, points, exactCapacity: 1000 });
const fill = (bands: ReturnType<typeof createPercentileBands>) => timeOnce(() => {
  for (let i = 0; i < 10_000; i++) {
    for (let c = 0; c < member.length; c++) member[c] = Math.sin(i * 0.37 + c) * (1 + c / member.length);
    addMember(bands, member);
  }
  return bandValues(bands);
});
const exact = fill(bandsExact);
const digest = fill(bandsDigest);

const result = {
  sampling: Object.fromEntries(Object.entries(sampling).map(([k, v]) => [k, {
    ns_per_member: v.perMember * 1e9, seconds_per_million: v.perMember * 1e6, cpu_seconds_per_million: v.cpuPerMember * 1e6, members_timed: v.count,
  }])),
  // [wall, cpu] seconds
  sobol_indices_d20_N4096_B1000: [sobol.seconds, sobol.cpu],
  morris_optimise_100_of_500_d20: [optimise.seconds, optimise.cpu],
  morris_effects_r100_d20_B1000: [morris.seconds, morris.cpu],
  bands_10000_members_2605_cells_exact: [exact.seconds, exact.cpu],
  bands_10000_members_2605_cells_digest: [digest.seconds, digest.cpu],
  bands_digest_exact: digest.value.exact,
};
console.log(JSON.stringify(result));
if (process.stdout.isTTY) {
  for (const [k, v] of Object.entries(result.sampling)) {
    console.error(`${k.padEnd(32)} ${v.ns_per_member.toFixed(0).padStart(6)} ns/member  ${v.seconds_per_million.toFixed(3)} s (CPU ${v.cpu_seconds_per_million.toFixed(3)} s) per million`);
  }
}
