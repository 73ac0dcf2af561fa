import { join } from 'node:path';
import { EXIT, inputError } from '../errors.ts';
import { mergeFolders } from '../node/ensemble/mergeFolders.ts';
import { runEnsembleFolder, type EnsembleRunOptions } from '../node/ensemble/runFolder.ts';
import { verifyFolder } from '../node/ensemble/verifyFolder.ts';
import { resolveTarget } from '../node/targets.ts';
import { parseEnsembleDesign } from '../ensemble/loadDesign.ts';
import { readFileSync } from 'node:fs';
import { formatDuration, progressLine } from './progress.ts';
import { reportError } from './report.ts';
import { print, printError } from './terminal.ts';

export interface EnsembleCommandOptions {
  out?: string;
  threads?: string;
  shard?: string;
  shards?: string;
  points?: string;
  observables?: string;
  chunkSize?: string;
  png?: boolean;
  verify?: string;
  quiet?: boolean;
}

/** Exit code of a run stopped by Ctrl-C or a termination signal (128 + SIGINT). */
const STOPPED = 130;

/**
 * `bonesim ensemble FILE --out DIR` (and `bonesim sensitivity FILE`, which insists on an analysis):
 * run every member on worker threads into DIR, resumably; with --shard I/N (or a Slurm array task's,
 * or a Kubernetes indexed job's, environment) one share into DIR/share-I-of-N. `--verify DIR` checks a
 * folder instead. Exit 0 when done (members that failed are recorded, not fatal), 2 for bad input, 3
 * when every member failed, 130 when stopped (rerun the same command to resume).
 */
export async function ensembleCommand(file: string | undefined, options: EnsembleCommandOptions, command: 'ensemble' | 'sensitivity' = 'ensemble'): Promise<number> {
  try {
    if (options.verify) return verifyCommand(options.verify);
    if (!file) throw inputError(`which design? give a design file (or its id): bonesim ${command} FILE --out DIR`, {}, 'e.g. bonesim ensemble ensembles/postmenopausal-population.yaml --out out/population');
    if (!options.out) throw inputError('where to? --out DIR is required', {}, `e.g. bonesim ${command} ${file} --out out/${file.replace(/^.*\//, '').replace(/\.ya?ml$/, '')}`);
    const designFile = resolveTarget(file, ['ensemble']);
    if (command === 'sensitivity') {
      const mode = parseEnsembleDesign(readFileSync(designFile, 'utf8'), designFile).data.analysis?.mode ?? 'population';
      if (mode === 'population') throw inputError('this design is a population (no sensitivity analysis)', { file: designFile, field: 'analysis.mode' }, 'set analysis.mode to local, morris or sobol, or run it with bonesim ensemble');
    }
    const shard = shareFromOptions(options);
    const out = shard ? join(options.out, `share-${shard.index}-of-${shard.count}`) : options.out;
    const controller = new AbortController();
    let interrupted = 0;
    const stop = () => {
      interrupted++;
      if (interrupted > 1) process.exit(STOPPED);
      printError('\nstopping: the chunks in progress are dropped; run the same command again to resume\n');
      controller.abort();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    let progress: ReturnType<typeof progressLine> | undefined;
    let failed = 0;
    const started = performance.now();
    const run: EnsembleRunOptions = {
      out,
      threads: options.threads === undefined ? undefined : wholeNumber(options.threads, '--threads', 0),
      ...(shard ? { shard } : {}),
      ...(options.chunkSize !== undefined ? { chunkSize: wholeNumber(options.chunkSize, '--chunk-size', 1) } : {}),
      ensemble: {
        ...(options.points !== undefined ? { points: wholeNumber(options.points, '--points', 0) } : {}),
        ...(options.observables ? { series: options.observables.split(',').map((s) => s.trim()).filter(Boolean) } : {}),
      },
      png: options.png !== false,
      signal: controller.signal,
      log: (line) => printError(`${line}\n`),
      onStart: (info) => {
        const what = shard ? `share ${shard.index}/${shard.count} of the ensemble` : 'the ensemble';
        if (!options.quiet) {
          printError(`${what}: ${info.members.toLocaleString('en')} members${info.done ? `, ${info.done.toLocaleString('en')} done before (resumed)` : ''}; `
            + `${info.todo ? `${info.chunks} chunk${info.chunks > 1 ? 's' : ''} to run on ${info.threads || 'this'} thread${info.threads === 1 ? '' : 's'}` : 'nothing left to run'}\n`);
        }
        if (!options.quiet && info.todo) progress = progressLine(command, info.members, info.done);
      },
      onProgress: (members) => progress?.add(members),
      onChunk: (done) => {
        failed += done.failed;
        progress?.failed(failed);
      },
    };
    const outcome = await runEnsembleFolder(designFile, run).finally(() => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    });
    if (outcome.state === 'stopped') {
      printError(`stopped: ${outcome.manifest.parts.length} of ${partsOfShare(outcome.manifest)} chunks are written in ${out}; run the same command again to resume\n`);
      return STOPPED;
    }
    progress?.done();
    const elapsed = (performance.now() - started) / 1000;
    const failures = outcome.manifest.parts.reduce((n, p) => n + p.failed, 0);
    const stopped = outcome.manifest.parts.reduce((n, p) => n + p.stopped, 0);
    const total = outcome.manifest.parts.reduce((n, p) => n + p.count, 0);
    if (outcome.state === 'share-complete') {
      print(`share ${shard!.index}/${shard!.count}: ${total.toLocaleString('en')} members in ${out} (${formatDuration(elapsed)}${failures ? `, ${failures} failed` : ''}); when every share is done: bonesim merge ${options.out} --out DIR\n`);
    } else {
      const s = outcome.summary!;
      print(`${outcome.manifest.design.id}: ${s.members.toLocaleString('en')} members, ${s.ok.toLocaleString('en')} ok${stopped ? `, ${stopped} stopped early` : ''}${failures ? `, ${failures} failed` : ''} (${formatDuration(elapsed)})\n`);
      for (const r of s.reasons.slice(0, 3)) print(`  ${r.count} x ${r.reason}\n`);
      print(`report: ${join(out, 'report.html')}\n`);
    }
    if (total > 0 && failures === total) {
      printError('error: every member failed (see the reasons above and in summary/failures.csv)\n');
      const refusedOnly = outcome.summary?.reasons.every((r) => r.reason.startsWith('input:'));
      return refusedOnly ? EXIT.badInput : EXIT.numericalFailure;
    }
    return EXIT.ok;
  } catch (error) {
    return reportError(error);
  }
}

/** `bonesim merge DIR... --out DIR`. */
export async function mergeCommand(dirs: string[], options: { out: string; png?: boolean; quiet?: boolean }): Promise<number> {
  try {
    const started = performance.now();
    const { manifest, summary } = await mergeFolders(dirs, options.out, { png: options.png !== false });
    print(`${manifest.design.id}: ${manifest.parts.length} chunks, ${summary.members.toLocaleString('en')} members merged into ${options.out} (${formatDuration((performance.now() - started) / 1000)})${summary.failed ? `; ${summary.failed} failed` : ''}\n`);
    print(`report: ${join(options.out, 'report.html')}\n`);
    return EXIT.ok;
  } catch (error) {
    return reportError(error);
  }
}

function verifyCommand(dir: string): number {
  const check = verifyFolder(dir);
  for (const problem of check.problems) printError(`${dir}: ${problem}\n`);
  if (check.ok) {
    print(`${dir}: verified, ${check.members.toLocaleString('en')} of ${check.expected.toLocaleString('en')} members${check.complete ? '' : ' (not complete yet: run the same command again to resume)'}\n`);
    return EXIT.ok;
  }
  printError(`${dir}: does not verify (${check.problems.length} problem${check.problems.length > 1 ? 's' : ''}); running the same ensemble command again reruns the damaged chunks\n`);
  return EXIT.badInput;
}

function partsOfShare(manifest: { share: { chunks: [number, number] } | null; chunks: number }): number {
  return manifest.share ? manifest.share.chunks[1] - manifest.share.chunks[0] : manifest.chunks;
}

/**
 * The share to run: --shard I/N; else a Slurm array task's (SLURM_ARRAY_TASK_ID counted from
 * SLURM_ARRAY_TASK_MIN, of SLURM_ARRAY_TASK_COUNT); else a Kubernetes indexed job's
 * (JOB_COMPLETION_INDEX, of --shards N or BONESIM_SHARDS). --shard all runs everything whatever the environment.
 */
export function shareFromOptions(options: { shard?: string; shards?: string }, env: NodeJS.ProcessEnv = process.env): { index: number; count: number } | undefined {
  if (options.shard === 'all') return undefined;
  if (options.shard !== undefined) {
    const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(options.shard);
    if (!match) throw inputError(`--shard takes I/N (share I of N, I from 0 to N-1), got "${options.shard}"`, {}, 'e.g. --shard 0/4');
    return checkedShare(Number(match[1]), Number(match[2]), '--shard');
  }
  if (env.SLURM_ARRAY_TASK_ID !== undefined && env.SLURM_ARRAY_TASK_COUNT !== undefined) {
    const step = Number(env.SLURM_ARRAY_TASK_STEP ?? 1);
    if (step !== 1) throw inputError(`this Slurm array steps by ${step}; bonesim counts shares 0..N-1`, {}, 'submit with --array=0-(N-1) (no step), or give --shard I/N');
    const index = Number(env.SLURM_ARRAY_TASK_ID) - Number(env.SLURM_ARRAY_TASK_MIN ?? 0);
    return checkedShare(index, Number(env.SLURM_ARRAY_TASK_COUNT), 'SLURM_ARRAY_TASK_ID');
  }
  if (env.JOB_COMPLETION_INDEX !== undefined) {
    const count = options.shards ?? env.BONESIM_SHARDS;
    if (count === undefined) throw inputError('JOB_COMPLETION_INDEX is set (a Kubernetes indexed job) but not how many shares there are', {}, 'give --shards N (the job\'s completions) or set BONESIM_SHARDS');
    return checkedShare(Number(env.JOB_COMPLETION_INDEX), Number(count), 'JOB_COMPLETION_INDEX');
  }
  return undefined;
}

function checkedShare(index: number, count: number, from: string): { index: number; count: number } {
  if (!(Number.isInteger(count) && count >= 1)) throw inputError(`the number of shares must be a whole number of at least 1, got ${count} (${from})`, {}, 'e.g. --shard 0/4');
  if (!(Number.isInteger(index) && index >= 0 && index < count)) throw inputError(`share ${index} is outside 0..${count - 1} (${from})`, {}, 'shares count from 0: --shard 0/4 .. 3/4');
  return { index, count };
}

function wholeNumber(text: string, flag: string, min: number): number {
  const value = Number(text);
  if (!(Number.isInteger(value) && value >= min)) throw inputError(`${flag} takes a whole number of at least ${min}, got "${text}"`, {}, `e.g. ${flag} ${Math.max(min, 2)}`);
  return value;
}
