import { closeSync, fsyncSync, mkdirSync, openSync, realpathSync, renameSync, rmSync, writeSync, existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { inputError } from '../errors.ts';

export interface OutputFile {
  path: string;
  contents: string | Uint8Array;
}

/**
 * Write several files so that either all of them appear complete or none changes:
 * each goes to a temporary file beside its target first, and only when every one is
 * written are they renamed into place. Refuses to overwrite any of `protect` (the inputs).
 */
export function writeFilesAtomically(files: readonly OutputFile[], protect: readonly string[] = []): void {
  const protectedPaths = new Set(protect.map(canonical));
  for (const file of files) {
    if (protectedPaths.has(canonical(file.path))) {
      throw inputError(`refusing to overwrite the input file ${file.path}`, { file: file.path }, 'write the outputs to another folder (--out)');
    }
  }
  const temporary: string[] = [];
  try {
    for (const file of files) {
      mkdirSync(dirname(file.path), { recursive: true });
      const tmp = join(dirname(file.path), `.${basename(file.path)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
      temporary.push(tmp);
      const fd = openSync(tmp, 'wx', 0o644);
      try {
        const data = typeof file.contents === 'string' ? Buffer.from(file.contents, 'utf8') : file.contents;
        let offset = 0;
        while (offset < data.length) offset += writeSync(fd, data, offset, data.length - offset);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
    files.forEach((file, k) => renameSync(temporary[k], file.path));
  } catch (error) {
    for (const tmp of temporary) rmSync(tmp, { force: true });
    throw error;
  }
}

function canonical(path: string): string {
  const absolute = resolve(path);
  return existsSync(absolute) ? realpathSync(absolute) : absolute;
}
