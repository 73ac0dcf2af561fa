import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { extname, join } from 'node:path';
import { inputError } from '../../errors.ts';
import { DEFAULT_POINTS, openEnsemble, type Ensemble, type EnsembleInputs, type EnsembleOptions } from '../../ensemble/ensemble.ts';
import { writeFilesAtomically, type OutputFile } from '../atomicWrite.ts';
import { versions } from '../versions.ts';
import type { ChunkDone } from './chunkTask.ts';
import { designHash, inputDigests, readEnsembleInputs, sha256 } from './inputs.ts';
import {
  chunkTasks, defaultChunkSize, fileDigest, MANIFEST, manifestText, partPaths, readManifest, removeTemporaries, shareChunks, type Manifest,
} from './manifest.ts';
import { partIdentity, readPartColumns } from './parquetParts.ts';
import { defaultThreads, runChunks } from './pool.ts';
import { summariseFolder } from './summariseFolder.ts';
import type { EnsembleSummary } from '../../ensemble/summary.ts';

export interface EnsembleRunOptions {
  /** Output folder: parts, manifest, and (for a whole ensemble) summaries and the report. */
  out: string;
  /** Worker threads (default: every core); 0 runs on this thread. */
  threads?: number;
  /** Run share `index` of `count` (0-based), as one task of a job array does. */
  shard?: { index: number; count: number };
  /** Members per chunk (default about 1/128 of the ensemble, 16 to 4096). Part of the design's hash. */
  chunkSize?: number;
  ensemble?: EnsembleOptions;
  /** Abort to stop (Ctrl-C): chunks done stay done, a rerun resumes. */
  signal?: AbortSignal;
  /** Once the work is known: members in all, members already done (resumed). */
  onStart?(info: { members: number; done: number; todo: number; chunks: number; threads: number }): void;
  /** Members finished since the last call (for a progress bar). */
  onProgress?(members: number): void;
  /** A chunk was written (its parts and the manifest). */
  onChunk?(done: ChunkDone): void;
  /** Notes for the user (parts adopted or rerun, temporaries removed). */
  log?(line: string): void;
  /** Also render PNG copies of the charts (default true). */
  png?: boolean;
}

export interface EnsembleRunOutcome {
  /** complete: every member ran and the summaries are written; share-complete: this share's chunks are; stopped: interrupted. */
  state: 'complete' | 'share-complete' | 'stopped';
  manifest: Manifest;
  /** Members run by this call (not resumed ones). */
  ran: number;
  summary?: EnsembleSummary;
  files: string[];
}

/**
 * Run an ensemble design into an output folder, resumably: members are run in chunks on worker
 * threads; every finished chunk is written as Parquet parts and recorded in manifest.json at once, so a
 * run stopped at any point (Ctrl-C, kill -9, a lost node) resumes where it was when the same command
 * runs again, with no member lost and none written twice. When the last chunk of the whole ensemble is
 * in, the summaries (CSV, JSON) and the report are written.
 *
 * @example
 * ```ts
 * const outcome = await runEnsembleFolder('ensembles/opg-knockout-sobol.yaml', { out: 'out/sobol', threads: 2 });
 * outcome.state;            // 'complete'
 * outcome.summary?.sobol;   // indices for every metric
 * ```
 */
export async function runEnsembleFolder(designFile: string, options: EnsembleRunOptions): Promise<EnsembleRunOutcome> {
  const inputs = readEnsembleInputs(designFile);
  const ensemble = openEnsemble(inputs, options.ensemble);
  const members = ensemble.layout.members;
  const chunkSize = options.chunkSize ?? defaultChunkSize(members);
  if (!(Number.isInteger(chunkSize) && chunkSize >= 1)) throw inputError(`the chunk size must be a whole number of at least 1, got ${chunkSize}`, {}, 'e.g. --chunk-size 256');
  const tasks = chunkTasks(members, chunkSize);
  const version = versions().bonesim;
  const hash = designHash(inputs, options.ensemble ?? {}, chunkSize, version);
  const share = options.shard ? { ...options.shard, chunks: shareChunks(tasks.length, options.shard.index, options.shard.count) } : null;
  const out = options.out;
  const protect = Object.values(inputs).filter(Boolean).map((s) => s!.file);
  const log = options.log ?? (() => {});

  let manifest = readManifest(out);
  if (manifest) {
    if (manifest.design.hash !== hash) {
      throw inputError(`${out} holds the outputs of ${manifest.design.id === ensemble.design.id ? 'another version of this design' : `design ${manifest.design.id}`} (its inputs, options, chunk size or bonesim version differ)`,
        { file: join(out, MANIFEST) }, 'choose another --out, or remove that folder to start again');
    }
    if (JSON.stringify(manifest.share) !== JSON.stringify(share)) {
      throw inputError(`${out} holds ${manifest.share ? `share ${manifest.share.index}/${manifest.share.count}` : 'the whole ensemble'}, not ${share ? `share ${share.index}/${share.count}` : 'the whole ensemble'}`,
        { file: join(out, MANIFEST) }, 'give each share its own --out (e.g. out/run/share-$SLURM_ARRAY_TASK_ID), then bonesim merge them');
    }
  } else {
    if (['members', 'trajectories'].some((d) => existsSync(join(out, d)) && readdirSync(join(out, d)).length)) {
      throw inputError(`${out} holds ensemble parts but no manifest.json: they cannot be trusted`, { file: out }, 'choose another --out, or remove that folder');
    }
    manifest = newManifest(ensemble, inputs, hash, version, options.ensemble ?? {}, chunkSize, tasks.length, share);
  }
  const removed = removeTemporaries(out);
  if (removed) log(`removed ${removed} temporary file${removed > 1 ? 's' : ''} left by an interrupted run`);
  const [from, to] = share?.chunks ?? [0, tasks.length];
  await reconcileParts(out, manifest, hash, from, to, log);

  // The inputs travel with the outputs: a merge, a resume on another machine or a reader can reopen the design.
  const inputFiles: OutputFile[] = Object.entries(manifest.inputs).map(([role, entry]) => ({ path: join(out, entry.path), contents: (inputs as unknown as Record<string, { text: string }>)[role].text }));
  writeFilesAtomically([...inputFiles, { path: join(out, MANIFEST), contents: manifestText(manifest) }], protect);

  const done = new Set(manifest.parts.map((p) => p.chunk));
  const todo = tasks.slice(from, to).filter((t) => !done.has(t.chunk));
  const doneMembers = tasks.slice(from, to).filter((t) => done.has(t.chunk)).reduce((n, t) => n + t.count, 0);
  const todoMembers = todo.reduce((n, t) => n + t.count, 0);
  const threads = options.threads ?? defaultThreads();
  options.onStart?.({ members: tasks.slice(from, to).reduce((n, t) => n + t.count, 0), done: doneMembers, todo: todoMembers, chunks: todo.length, threads });

  const current = manifest;
  const state = await runChunks(todo, { inputs, options: options.ensemble, design: hash, threads }, {
    chunk(result) {
      const paths = partPaths(current.layout, result.chunk);
      const contents = [result.files.members, ...(result.files.trajectories ? [result.files.trajectories] : [])];
      const files: Record<string, string> = {};
      paths.forEach((path, k) => (files[path] = sha256(contents[k])));
      current.parts = current.parts.filter((p) => p.chunk !== result.chunk);
      current.parts.push({ chunk: result.chunk, first: result.first, count: result.count, failed: result.failed, stopped: result.stopped, files });
      current.parts.sort((a, b) => a.chunk - b.chunk);
      // Parts first, then the manifest that lists them: a kill in between leaves a part the next run adopts.
      writeFilesAtomically([...paths.map((path, k) => ({ path: join(out, path), contents: contents[k] })), { path: join(out, MANIFEST), contents: manifestText(current) }], protect);
      options.onChunk?.(result);
    },
    progress: options.onProgress,
  }, options.signal);
  const ran = todoMembers;
  if (state === 'stopped') return { state: 'stopped', manifest: current, ran: 0, files: [] };
  current.complete = true;
  if (share) {
    writeFilesAtomically([{ path: join(out, MANIFEST), contents: manifestText(current) }], protect);
    return { state: 'share-complete', manifest: current, ran, files: [] };
  }
  const finished = await finishFolder(out, current, ensemble, { png: options.png ?? true, protect, threads });
  return { state: 'complete', manifest: current, ran, summary: finished.summary, files: finished.files };
}

/** Write the summaries, charts and report of a folder holding every part, and the manifest listing them. */
export async function finishFolder(out: string, manifest: Manifest, ensemble: Ensemble, options: { png: boolean; protect?: string[]; threads?: number }): Promise<{ summary: EnsembleSummary; files: string[] }> {
  const { summary, files } = await summariseFolder(out, manifest, ensemble, { png: options.png, threads: options.threads });
  // Outputs of an earlier summary that this one does not write (another --format) would be stale: removed.
  for (const path of Object.keys(manifest.outputs)) if (!files.some((f) => f.path === join(out, path))) rmSync(join(out, path), { force: true });
  manifest.outputs = Object.fromEntries(files.map((f) => [relativeTo(out, f.path), sha256(f.contents)]));
  writeFilesAtomically([...files, { path: join(out, MANIFEST), contents: manifestText(manifest) }], options.protect ?? []);
  return { summary, files: files.map((f) => f.path) };
}

function newManifest(ensemble: Ensemble, inputs: EnsembleInputs, hash: string, version: string, options: EnsembleOptions, chunkSize: number, chunks: number,
  share: Manifest['share']): Manifest {
  const digests = inputDigests(inputs);
  const extension: Record<string, string> = { design: '.yaml', scenario: '.yaml', model: '.yaml', table: '.csv' };
  return {
    format: 'bonesim-ensemble',
    version: 1,
    bonesim: version,
    design: { id: ensemble.design.id, title: ensemble.design.title, hash },
    inputs: Object.fromEntries(Object.entries(digests).map(([role, d]) => [role, { ...d, path: `inputs/${role}${extname(d.file) || extension[role]}` }])),
    options: { points: options.points ?? DEFAULT_POINTS, series: options.series ? [...options.series] : null, chunkSize },
    members: ensemble.layout.members,
    chunks,
    share,
    layout: ensemble.layout,
    parts: [],
    complete: false,
    outputs: {},
  };
}

/**
 * Bring the manifest in line with the part files on disk: a listed part whose bytes no longer match its
 * checksum is dropped (its chunk runs again); a part on disk the manifest does not list yet (written just
 * before a kill) is adopted when it is the right chunk of this design; anything else is removed.
 */
async function reconcileParts(out: string, manifest: Manifest, hash: string, from: number, to: number, log: (line: string) => void): Promise<void> {
  manifest.parts = manifest.parts.filter((part) => {
    const damaged = Object.entries(part.files).filter(([path, digest]) => fileDigest(out, path) !== digest);
    if (!damaged.length) return true;
    log(`chunk ${part.chunk}: ${damaged.map(([p]) => p).join(', ')} missing or changed since written: running it again`);
    for (const path of Object.keys(part.files)) rmSync(join(out, path), { force: true });
    return false;
  });
  const listed = new Set(manifest.parts.map((p) => p.chunk));
  for (let chunk = from; chunk < to; chunk++) {
    if (listed.has(chunk)) continue;
    const paths = partPaths(manifest.layout, chunk);
    const present = paths.filter((p) => existsSync(join(out, p)));
    if (!present.length) continue;
    const first = chunk * manifest.options.chunkSize;
    const count = Math.min(manifest.options.chunkSize, manifest.members - first);
    const bytes = present.map((p) => readFileSync(join(out, p)));
    const matches = present.length === paths.length && bytes.every((b) => {
      const id = partIdentity(b);
      return id !== undefined && id.design === hash && id.chunk === chunk && id.first === first && id.count === count;
    });
    if (!matches) {
      for (const p of present) rmSync(join(out, p), { force: true });
      continue;
    }
    const status = (await readPartColumns(bytes[0], ['status'])).get('status') as string[];
    if (status.length !== count) {
      for (const p of present) rmSync(join(out, p), { force: true });
      continue;
    }
    const files: Record<string, string> = {};
    paths.forEach((p, k) => (files[p] = sha256(bytes[k])));
    manifest.parts.push({ chunk, first, count, failed: status.filter((s) => s === 'failed').length, stopped: status.filter((s) => s === 'stopped').length, files });
    log(`chunk ${chunk}: written before the last run stopped, kept`);
  }
  manifest.parts.sort((a, b) => a.chunk - b.chunk);
  mkdirSync(out, { recursive: true });
}

function relativeTo(dir: string, path: string): string {
  return path.startsWith(`${dir}/`) ? path.slice(dir.length + 1) : path;
}
