import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { inputError } from '../../errors.ts';
import type { EnsembleLayout } from '../../ensemble/ensemble.ts';
import type { ChunkTask } from './chunkTask.ts';
import { partName } from './parquetParts.ts';
import { sha256 } from './inputs.ts';

/**
 * manifest.json of an ensemble's output folder: which design made it (hash of every input text, the
 * options that shape the outputs, the chunk size and bonesim's version), the layout of its columns,
 * which share of the chunks it holds, and a SHA-256 for every part file written. It is rewritten
 * after every chunk, so a run stopped at any point knows what is done; it holds nothing that depends
 * on when, where or on how many threads the work ran, so a resumed run, a merge of shares and one
 * uninterrupted run write the same manifest.
 */
export interface Manifest {
  format: 'bonesim-ensemble';
  version: 1;
  bonesim: string;
  design: { id: string; title: string; hash: string };
  /** The inputs, copied into the folder (inputs/...), with their file names and SHA-256. */
  inputs: Record<string, { file: string; path: string; sha256: string }>;
  options: { points: number; series: string[] | null; chunkSize: number };
  members: number;
  chunks: number;
  /** The share of the chunks this folder runs (`--shard i/N`), or null for all of them. */
  share: { index: number; count: number; chunks: [number, number] } | null;
  layout: EnsembleLayout;
  /** Parts written, by chunk number. */
  parts: ManifestPart[];
  /** Every chunk of the share is written. */
  complete: boolean;
  /** Summary files, charts and report of a whole ensemble (not of a share), with their SHA-256. */
  outputs: Record<string, string>;
}

export interface ManifestPart {
  chunk: number;
  first: number;
  count: number;
  failed: number;
  stopped: number;
  /** Path inside the folder -> SHA-256. */
  files: Record<string, string>;
}

export const MANIFEST = 'manifest.json';

/** About 128 chunks whatever the size: enough for the threads to share the work evenly, few enough files. */
export function defaultChunkSize(members: number): number {
  return Math.max(16, Math.min(4096, Math.ceil(members / 128)));
}

export function chunkTasks(members: number, chunkSize: number): ChunkTask[] {
  const chunks = Math.ceil(members / chunkSize);
  return Array.from({ length: chunks }, (_, chunk) => ({ chunk, first: chunk * chunkSize, count: Math.min(chunkSize, members - chunk * chunkSize) }));
}

/** Share i of n: a contiguous run of chunks, as Slurm array task i would take. */
export function shareChunks(chunks: number, index: number, count: number): [number, number] {
  return [Math.floor((index * chunks) / count), Math.floor(((index + 1) * chunks) / count)];
}

/** The part files of a chunk, as paths inside the folder. */
export function partPaths(layout: EnsembleLayout, chunk: number): string[] {
  return [`members/${partName(chunk)}`, ...(layout.trajectories ? [`trajectories/${partName(chunk)}`] : [])];
}

export function manifestText(manifest: Manifest): string {
  const parts = [...manifest.parts].sort((a, b) => a.chunk - b.chunk);
  return JSON.stringify({ ...manifest, parts }, null, 1) + '\n';
}

/**
 * Read a folder's manifest, or undefined if it has none; a manifest that is not ours is an input error.
 *
 * @example
 * ```ts
 * const manifest = readManifest('out/sobol');
 * manifest?.parts.length; // chunks written so far
 * ```
 */
export function readManifest(dir: string): Manifest | undefined {
  const path = join(dir, MANIFEST);
  if (!existsSync(path)) return undefined;
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  } catch (error) {
    throw inputError(`the manifest cannot be read: ${(error as Error).message}`, { file: path }, 'this folder was not written by bonesim ensemble, or its manifest was damaged: choose another --out');
  }
  if (manifest?.format !== 'bonesim-ensemble' || manifest.version !== 1) {
    throw inputError('this is not the manifest of a bonesim ensemble (format bonesim-ensemble, version 1)', { file: path }, 'choose another --out');
  }
  return manifest;
}

/** Temporary files a killed writer left behind (names .NAME.PID.RANDOM.tmp): removed before going on. */
export function removeTemporaries(dir: string): number {
  let removed = 0;
  const visit = (folder: string) => {
    if (!existsSync(folder)) return;
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (/^\..*\.tmp$/.test(entry.name)) {
        rmSync(path, { force: true });
        removed++;
      }
    }
  };
  visit(dir);
  return removed;
}

/** SHA-256 of a file in the folder, or undefined if it is missing. */
export function fileDigest(dir: string, path: string): string | undefined {
  const full = join(dir, path);
  return existsSync(full) ? sha256(readFileSync(full)) : undefined;
}
