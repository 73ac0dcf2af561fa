// The stiff peer section of `npm run bench`: bone-rankl-explicit (31 species) on opg-knockout, ten years,
// rtol 1e-6 and atol 1e-12 for every solver, with bonesim's rodas5p and auto beside SUNDIALS CVODE (BDF,
// dense and KLU linear solvers) and scipy's LSODA, both generated from the same compiled model
// (bench/stiffPeer/generate.ts). Final states must agree (AGREEMENT) or the bench fails; a missing gcc,
// SUNDIALS or scipy skips that peer with the Debian package to install. The machine may be shared: each
// solver's time is its fastest of STIFF_PEER_ROUNDS (default 3) alternating rounds, each a median of REPEATS.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { bundle, ROOT } from '../../bin/build.mjs';

/** Largest relative difference of any final species from bonesim's rodas5p (|difference| / max(|value|, FLOOR)). */
export const AGREEMENT = 1e-5;
/** Values below this (pM, % or fraction; 1000 x atol) count as zero when comparing final states. */
const FLOOR = 1e-9;
/** rtol and atol of the reference solution (CVODE), against which each solver's error is reported. */
const REFERENCE_TOLERANCES = [1e-10, 1e-16];
const CFLAGS = ['-O3', '-march=native', '-std=c11', '-D_POSIX_C_SOURCE=200809L', '-Wall', '-Wno-unused-variable'];
const LINEAR_SOLVERS = {
  dense: ['-lsundials_sunmatrixdense', '-lsundials_sunlinsoldense'],
  klu: ['-DPEER_KLU', '-I/usr/include/suitesparse', '-lsundials_sunmatrixsparse', '-lsundials_sunlinsolklu', '-lklu'],
};

const has = (command, args = ['--version']) => spawnSync(command, args, { stdio: 'ignore' }).status === 0;

function jsonOf(command, args, warn) {
  const child = spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 26 });
  const line = child.stdout?.split('\n').find((l) => l.startsWith('{'));
  if (child.status !== 0 || !line) {
    warn(`${command} ${args.join(' ')} failed (exit ${child.status}): ${child.stderr?.trim().split('\n').slice(-3).join(' | ')}`);
    return undefined;
  }
  return JSON.parse(line);
}

export function maxRelativeDifference(a, b) {
  let worst = 0;
  for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), FLOOR));
  return worst;
}

/** Runs the section; pushes its target; throws when the solvers disagree (after printing what they gave). */
export async function stiffPeerSection({ say, warn, targets, out, dist, repeats = process.env.REPEATS ?? '5', rounds = Number(process.env.STIFF_PEER_ROUNDS ?? 3) }) {
  const folder = join(out, 'stiff-peer');
  mkdirSync(folder, { recursive: true });
  say();
  say('== stiff peer: bone-rankl-explicit (31 species), opg-knockout 10 years, rtol 1e-6 atol 1e-12; CVODE and LSODA generated from the same compiled model');
  const program = join(dist, 'stiffPeer.mjs');
  await bundle(join(ROOT, 'bench', 'stiffPeer', 'bonesimPeer.ts'), program);
  const bonesimArgs = [program, '--outdir', folder, '--repeats', String(repeats)];
  const ours = jsonOf('node', bonesimArgs, warn);
  if (!ours) throw new Error('stiff peer: bonesim\'s side failed (see above)');
  // Each timed program, run once per round; the rounds alternate between the solvers, so a burst of
  // other work on the shared machine hits one round, not one solver.
  const programs = [{ name: 'bonesim', rows: () => ours.bonesim, again: () => jsonOf('node', bonesimArgs, warn)?.bonesim }];
  let accurate;

  const gcc = has('gcc');
  const sundials = existsSync('/usr/include/cvode/cvode.h');
  if (!gcc || !sundials) say(`skipped CVODE: ${!gcc ? 'no gcc' : 'no SUNDIALS headers'} here (Debian: apt-get install -y gcc libsundials-dev)`);
  else {
    for (const [solver, flags] of Object.entries(LINEAR_SOLVERS)) {
      if (solver === 'klu' && !['/usr/include/sunlinsol/sunlinsol_klu.h', '/usr/include/suitesparse/klu.h'].every(existsSync)) {
        say('skipped CVODE with KLU: no sunlinsol_klu.h or suitesparse/klu.h here (Debian: apt-get install -y libsundials-dev libsuitesparse-dev)');
        continue;
      }
      const binary = join(folder, `cvode_peer_${solver}`);
      const [defines, libraries] = [flags.filter((f) => f.startsWith('-D') || f.startsWith('-I')), flags.filter((f) => f.startsWith('-l'))];
      const built = spawnSync('gcc', [...CFLAGS, ...defines, '-o', binary, join(folder, 'cvode_peer.c'), '-lsundials_cvode', '-lsundials_nvecserial', ...libraries, '-lm'], { encoding: 'utf8' });
      if (built.status !== 0) {
        warn(`the generated CVODE program (${solver}) does not compile:\n${built.stderr.split('\n').slice(0, 20).join('\n')}`);
        throw new Error('stiff peer: the generated C does not compile');
      }
      // 10 runs per repeat: a repeat of ~50 ms at the measured ~5-10 ms per run.
      programs.push({ name: `cvode-${solver}`, again: () => [jsonOf(binary, ['time', '10', String(repeats)], warn)].filter(Boolean) });
      // The reference every solver's error is measured against: CVODE at 10,000 times tighter tolerances.
      if (solver === 'dense') accurate = jsonOf(binary, ['time', '1', '1', String(REFERENCE_TOLERANCES[0]), String(REFERENCE_TOLERANCES[1])], warn);
    }
  }
  if (!has('python3', ['-c', 'import scipy, numpy'])) say('skipped scipy LSODA: no python3 with scipy and numpy here (Debian: apt-get install -y python3-scipy)');
  else programs.push({ name: 'lsoda', again: () => [jsonOf('python3', [join(folder, 'lsoda_peer.py'), 'time', '1', String(repeats)], warn)].filter(Boolean) });

  // Per solver, the round in which it ran fastest (counts and final states are the same in every round).
  const best = new Map();
  const keep = (row) => {
    if (!best.has(row.impl) || row.seconds_per_run < best.get(row.impl).seconds_per_run) best.set(row.impl, row);
  };
  const failed = new Set();
  for (let round = 0; round < rounds; round++) {
    for (const p of programs) {
      const got = round === 0 && p.rows ? p.rows() : p.again() ?? [];
      if (!got.length) failed.add(p.name);
      got.forEach(keep);
    }
  }
  // A peer that runs here but fails is not a result to compare: the bench stops on it.
  if (failed.size) throw new Error(`stiff peer: ${[...failed].join(', ')} failed in a round (see above)`);
  const rows = [...best.values()];

  const reference = ours.bonesim.find((r) => r.impl === 'bonesim-rodas5p');
  const fmt = (x) => (x >= 100 ? x.toFixed(0) : x.toPrecision(3));
  say(`${'solver'.padEnd(32)} ${'us/run'.padStart(8)} ${'steps'.padStart(6)} ${'f evals'.padStart(8)} ${'J evals'.padStart(8)} ${'LU'.padStart(5)}  vs rodas5p  error (vs ${accurate ? `CVODE at rtol ${REFERENCE_TOLERANCES[0]}` : 'no reference'})`);
  let agree = true;
  for (const row of rows) {
    const difference = maxRelativeDifference(row.final, reference.final);
    const endsRight = Math.abs(row.t_end - ours.duration) <= 1e-9 * ours.duration;
    // The informational looser-tolerance run is not held to the agreement bound (its error is printed).
    if ((difference > AGREEMENT && !row.impl.startsWith('info-')) || !endsRight) agree = false;
    const name = row.impl === 'bonesim-auto' ? `${row.impl} (${row.ran})` : row.impl;
    say(`${name.padEnd(32)} ${fmt(row.seconds_per_run * 1e6).padStart(8)} ${String(row.steps).padStart(6)} ${String(row.rhs_evals).padStart(8)} ${String(row.jac_evals).padStart(8)} ${String(row.lu).padStart(5)}  ` +
      `${difference.toExponential(1).padStart(10)}  ${accurate ? maxRelativeDifference(row.final, accurate.final).toExponential(1) : '-'}${endsRight ? '' : ` (ended at t = ${row.t_end})`}`);
  }
  for (const note of ours.notes) say(`  ${note}`);
  say(`  per solver its fastest of ${rounds} rounds (the solvers alternate), each round the median of ${repeats} repeats after an untimed one (bonesim and CVODE: 10 runs per repeat); bonesim warm (the scenario compiled once, 100 runs before timing), each run the scenario's loop to the final state; error: largest relative difference of a final species`);

  const time = (impl) => rows.find((r) => r.impl === impl)?.seconds_per_run;
  const cvode = ['c-cvode-bdf-dense', 'c-cvode-bdf-klu'].map(time).filter((s) => s !== undefined);
  if (cvode.length) {
    const best = Math.min(...cvode);
    const ratio = time('bonesim-rodas5p') / best;
    const fastest = (impls) => Math.min(...rows.filter((r) => impls.includes(r.impl)).map((r) => r.seconds_per_run_min));
    say(`bonesim-rodas5p / fastest CVODE: ${ratio.toFixed(2)}x the time per run (of the fastest single repeats ` +
      `${(fastest(['bonesim-rodas5p']) / fastest(['c-cvode-bdf-dense', 'c-cvode-bdf-klu'])).toFixed(2)}x); bonesim-auto: ${(time('bonesim-auto') / best).toFixed(2)}x`);
    targets.push(['bone-rankl-explicit rodas5p within 2x of CVODE per run', ratio, (r) => r <= 2, 'x CVODE time']);
  }
  if (time('py-scipy-LSODA') !== undefined) say(`scipy LSODA / bonesim-rodas5p: ${(time('py-scipy-LSODA') / time('bonesim-rodas5p')).toFixed(2)}x the time per run`);
  say(`agreement (final states within ${AGREEMENT} of bonesim-rodas5p, relative; values below ${FLOOR} count as 0): ${agree ? 'PASS' : 'FAIL'}`);
  if (!agree) throw new Error(`stiff peer: the solvers' final states disagree by more than ${AGREEMENT} (see the table above)`);
}

// `node bench/stiffPeer/section.mjs`: this section alone (REPEATS as for the bench), outputs in out/bench/.
if (process.argv[1] && import.meta.url === (await import('node:url')).pathToFileURL(process.argv[1]).href) {
  const targets = [];
  await stiffPeerSection({
    say: (text = '') => process.stdout.write(`${text}\n`),
    warn: (text) => process.stderr.write(`bench: ${text}\n`),
    targets,
    out: join(ROOT, 'out', 'bench'),
    dist: join(ROOT, 'out', 'bench', 'dist'),
  });
  for (const [name, value, met, unit] of targets) process.stdout.write(`${met(value) ? 'met    ' : 'NOT met'}  ${name}: ${value.toPrecision(4)} ${unit}\n`);
  process.stdout.write(`machine: ${(await import('node:fs')).readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')} load average at the end\n`);
}
