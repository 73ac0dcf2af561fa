import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export const root = fileURLToPath(new URL('../..', import.meta.url));
/** 240 Lemaire members under osteoblast removal, about a third of which fail (test/fixtures/ensembles). */
export const POPULATION = join(root, 'test', 'fixtures', 'ensembles', 'lemaire-population.yaml');

export function scratch(name: string): string {
  return mkdtempSync(join(tmpdir(), `bonesim-${name}-`));
}

/** Every file under a folder: path inside it -> bytes. */
export function folderFiles(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const visit = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) visit(path);
      else files.set(relative(dir, path), readFileSync(path));
    }
  };
  visit(dir);
  return files;
}

/** Two folders hold the same files, byte for byte (paths listed first, for a readable failure). */
export function expectSameFolders(a: string, b: string): void {
  const left = folderFiles(a);
  const right = folderFiles(b);
  expect([...right.keys()].sort()).toEqual([...left.keys()].sort());
  const differing = [...left].filter(([path, bytes]) => !bytes.equals(right.get(path)!)).map(([path]) => path);
  expect(differing).toEqual([]);
}

export function modifiedTimes(dir: string, sub: string): Map<string, number> {
  const folder = join(dir, sub);
  return new Map(readdirSync(folder).map((name) => [name, statSync(join(folder, name)).mtimeMs]));
}
