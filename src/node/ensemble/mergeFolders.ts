import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { inputError } from '../../errors.ts';
import { openEnsemble, type EnsembleInputs } from '../../ensemble/ensemble.ts';
import type { EnsembleSummary } from '../../ensemble/summary.ts';
import { MANIFEST, manifestText, readManifest, removeTemporaries, type Manifest, type ManifestPart } from './manifest.ts';
import { finishFolder } from './runFolder.ts';
import { verifyFolder } from './verifyFolder.ts';
import { writeFilesAtomically } from '../atomicWrite.ts';

/** The folders a merge reads: share folders themselves, or folders holding share-I-of-N folders. */
export function shareFolders(dirs: readonly string[]): string[] {
  const found: string[] = [];
  for (const dir of dirs) {
    if (existsSync(join(dir, MANIFEST))) {
      found.push(dir);
      continue;
    }
    const inside = existsSync(dir) && statSync(dir).isDirectory()
      ? readdirSync(dir).filter((name) => /^share-\d+-of-\d+$/.test(name) && existsSync(join(dir, name, MANIFEST))).sort((a, b) => shareNumber(a) - shareNumber(b)).map((name) => join(dir, name))
      : [];
    if (!inside.length) throw inputError(`${dir} is neither an ensemble's output folder (no manifest.json) nor a folder of shares (share-I-of-N)`, { file: dir }, 'give the folders `bonesim ensemble --shard` wrote');
    found.push(...inside);
  }
  return found;
}

const shareNumber = (name: string) => Number(/^share-(\d+)/.exec(name)![1]);

/** The inputs a folder carries (inputs/...), as an ensemble opens them. */
export function folderInputs(dir: string, manifest: Manifest): EnsembleInputs {
  const read = (role: string) => {
    const entry = manifest.inputs[role];
    return entry ? { file: join(dir, entry.path), text: readFileSync(join(dir, entry.path), 'utf8') } : undefined;
  };
  const design = read('design');
  const scenario = read('scenario');
  const model = read('model');
  if (!design || !scenario || !model) throw inputError('the folder lacks its inputs (inputs/design, scenario, model)', { file: join(dir, MANIFEST) }, 'run the share again');
  const table = read('table');
  return { design, scenario, model, ...(table ? { table } : {}) };
}

/**
 * Join the shares of an ensemble into one folder: every share must come from the same design (the
 * same hash), every chunk must be present exactly once (or in identical copies), and every part must
 * match its checksum. The result is what one unsharded run writes, byte for byte: the same parts, the
 * same manifest, and summaries computed from the parts in member order.
 *
 * @example
 * ```ts
 * await mergeFolders(['out/run/share-0-of-2', 'out/run/share-1-of-2'], 'out/merged');
 * ```
 */
export async function mergeFolders(dirs: readonly string[], out: string, options: { png?: boolean; log?: (line: string) => void } = {}): Promise<{ manifest: Manifest; summary: EnsembleSummary; files: string[] }> {
  const folders = shareFolders(dirs);
  const manifests = folders.map((dir) => readManifest(dir)!);
  const first = manifests[0];
  manifests.forEach((m, k) => {
    if (m.design.hash !== first.design.hash) {
      throw inputError(`${folders[k]} comes from another design (${m.design.id}, hash ${m.design.hash.slice(0, 12)}) than ${folders[0]} (${first.design.id}, ${first.design.hash.slice(0, 12)})`,
        { file: join(folders[k], MANIFEST) }, 'merge only the shares of one run: same design file, options and bonesim version');
    }
  });
  const parts = new Map<number, { part: ManifestPart; dir: string }>();
  manifests.forEach((m, k) => {
    const problems = verifyFolder(folders[k], { partsOnly: true }).problems;
    if (problems.length) throw inputError(`${folders[k]} does not verify: ${problems.slice(0, 5).join('; ')}`, { file: folders[k] }, 'run that share again (the same command resumes it), then merge');
    for (const part of m.parts) {
      const seen = parts.get(part.chunk);
      if (seen && JSON.stringify(seen.part.files) !== JSON.stringify(part.files)) {
        throw inputError(`chunk ${part.chunk} is in ${seen.dir} and in ${folders[k]} with different contents`, { file: folders[k] }, 'these folders are not shares of one run');
      }
      if (!seen) parts.set(part.chunk, { part, dir: folders[k] });
    }
  });
  const missing: number[] = [];
  for (let c = 0; c < first.chunks; c++) if (!parts.has(c)) missing.push(c);
  if (missing.length) {
    const shares = first.share ? [...new Set(missing.map((c) => shareOfChunk(c, first.chunks, first.share!.count)))] : [];
    throw inputError(`${missing.length} of ${first.chunks} chunks are missing (${missing.slice(0, 8).join(', ')}${missing.length > 8 ? ', ...' : ''})`, { file: folders[0] },
      shares.length ? `run share${shares.length > 1 ? 's' : ''} ${shares.map((s) => `${s}/${first.share!.count}`).join(', ')} (bonesim ensemble --shard I/N), then merge again` : 'run the missing shares, then merge again');
  }
  if (folders.some((dir) => sameFolder(dir, out))) throw inputError('the merged folder must not be one of the shares', { file: out }, 'choose another --out');
  const existing = readManifest(out);
  if (existing && existing.design.hash !== first.design.hash) throw inputError(`${out} holds the outputs of design ${existing.design.id}`, { file: join(out, MANIFEST) }, 'choose another --out');

  removeTemporaries(out);
  const manifest: Manifest = { ...first, share: null, parts: [...parts.values()].map((p) => p.part).sort((a, b) => a.chunk - b.chunk), complete: true, outputs: existing?.outputs ?? {} };
  const inputs = folderInputs(folders[0], first);
  for (const entry of Object.values(first.inputs)) copyInto(join(folders[0], entry.path), join(out, entry.path));
  for (const { part, dir } of parts.values()) for (const path of Object.keys(part.files)) copyInto(join(dir, path), join(out, path));
  writeFilesAtomically([{ path: join(out, MANIFEST), contents: manifestText({ ...manifest, outputs: {} }) }]);
  const ensemble = openEnsemble(inputs, { points: first.options.points, ...(first.options.series ? { series: first.options.series } : {}) });
  const finished = await finishFolder(out, manifest, ensemble, { png: options.png ?? true });
  return { manifest, ...finished };
}

function shareOfChunk(chunk: number, chunks: number, count: number): number {
  for (let i = 0; i < count; i++) if (chunk < Math.floor(((i + 1) * chunks) / count)) return i;
  return count - 1;
}

function copyInto(from: string, to: string): void {
  mkdirSync(dirname(to), { recursive: true });
  const temporary = join(dirname(to), `.${to.split('/').pop()}.${process.pid}.copy.tmp`);
  copyFileSync(from, temporary);
  // Renamed into place: a merge stopped half way leaves whole files only.
  renameSync(temporary, to);
}

function sameFolder(a: string, b: string): boolean {
  try {
    return existsSync(b) && realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}
