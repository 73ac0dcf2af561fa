import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chunkTasks, fileDigest, MANIFEST, partPaths, readManifest } from './manifest.ts';
import { partIdentity } from './parquetParts.ts';

export interface Verification {
  /** Everything checks out. */
  ok: boolean;
  problems: string[];
  /** Members in the parts found good, and in the ensemble (or share). */
  members: number;
  expected: number;
  complete: boolean;
}

/**
 * Check an ensemble's output folder against its manifest: every part present, byte for byte what was
 * written (SHA-256), of this design and chunk (the part's own metadata), the share's chunks all there,
 * no part the manifest does not list; the inputs and, for a whole ensemble, the summaries and report
 * unchanged. `partsOnly` skips the summaries (a share has none).
 *
 * @example
 * ```ts
 * const check = verifyFolder('out/sobol');
 * if (!check.ok) console.log(check.problems.join('\n'));
 * ```
 */
export function verifyFolder(dir: string, options: { partsOnly?: boolean } = {}): Verification {
  const manifest = readManifest(dir);
  if (!manifest) return { ok: false, problems: [`${join(dir, MANIFEST)} is missing`], members: 0, expected: 0, complete: false };
  const problems: string[] = [];
  const tasks = chunkTasks(manifest.members, manifest.options.chunkSize);
  const [from, to] = manifest.share?.chunks ?? [0, tasks.length];
  let members = 0;
  const listed = new Set<string>();
  for (const part of manifest.parts) {
    const task = tasks[part.chunk];
    if (!task || part.chunk < from || part.chunk >= to) {
      problems.push(`chunk ${part.chunk} does not belong here`);
      continue;
    }
    const expected = partPaths(manifest.layout, part.chunk);
    if (JSON.stringify(Object.keys(part.files).sort()) !== JSON.stringify([...expected].sort())) problems.push(`chunk ${part.chunk} lists the wrong files`);
    let good = true;
    for (const [path, digest] of Object.entries(part.files)) {
      listed.add(path);
      const actual = fileDigest(dir, path);
      if (actual === undefined) {
        problems.push(`${path} is missing`);
        good = false;
      } else if (actual !== digest) {
        problems.push(`${path} changed since it was written (checksum)`);
        good = false;
      } else {
        const id = partIdentity(readFileSync(join(dir, path)));
        if (!id || id.design !== manifest.design.hash || id.chunk !== part.chunk || id.first !== task.first || id.count !== task.count) {
          problems.push(`${path} does not hold chunk ${part.chunk} of this design`);
          good = false;
        }
      }
    }
    if (good) members += part.count;
  }
  const expectedMembers = tasks.slice(from, to).reduce((n, t) => n + t.count, 0);
  const present = new Set(manifest.parts.map((p) => p.chunk));
  const missing = tasks.slice(from, to).filter((t) => !present.has(t.chunk)).length;
  if (manifest.complete && missing) problems.push(`${missing} chunk${missing > 1 ? 's are' : ' is'} missing though the manifest says complete`);
  for (const folder of ['members', 'trajectories']) {
    if (!existsSync(join(dir, folder))) continue;
    for (const name of readdirSync(join(dir, folder))) {
      if (name.endsWith('.parquet') && !listed.has(`${folder}/${name}`)) problems.push(`${folder}/${name} is not in the manifest`);
    }
  }
  for (const [role, entry] of Object.entries(manifest.inputs)) {
    const digest = fileDigest(dir, entry.path);
    if (digest !== entry.sha256) problems.push(`the ${role} input (${entry.path}) ${digest === undefined ? 'is missing' : 'changed since it was written'}`);
  }
  if (!options.partsOnly && !manifest.share && manifest.complete) {
    if (!Object.keys(manifest.outputs).length) problems.push('the summaries and report were not written');
    for (const [path, digest] of Object.entries(manifest.outputs)) {
      const actual = fileDigest(dir, path);
      if (actual !== digest) problems.push(`${path} ${actual === undefined ? 'is missing' : 'changed since it was written'}`);
    }
  }
  return { ok: problems.length === 0 && (!manifest.complete || missing === 0), problems, members, expected: expectedMembers, complete: manifest.complete && !missing };
}
