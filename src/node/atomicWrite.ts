import { accessSync, closeSync, constants, existsSync, fsyncSync, mkdirSync, openSync, realpathSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { BonesimError, inputError } from '../errors.ts';

export interface OutputFile {
  path: string;
  contents: string | Uint8Array;
}

/**
 * Write several files so that either all of them appear complete or none changes:
 * each goes to a temporary file beside its target first, and only when every one is
 * written are they renamed into place. Refuses to overwrite any of `protect` (the inputs).
 * A signal (Ctrl-C, kill) that arrives while writing is held until the temporaries are
 * renamed or removed, then delivered: no `.tmp` file is left behind.
 *
 * @example
 * ```ts
 * writeFilesAtomically([{ path: 'out/run.csv', contents: resultToCsv(result) }]);
 * ```
 */
export function writeFilesAtomically(files: readonly OutputFile[], protect: readonly string[] = []): void {
  const protectedPaths = new Set(protect.map(canonical));
  for (const file of files) {
    if (protectedPaths.has(canonical(file.path))) {
      throw inputError(`refusing to overwrite the input file ${file.path}`, { file: file.path }, 'write the outputs to another folder (--out)');
    }
  }
  const temporary: string[] = [];
  const held = holdSignals();
  try {
    for (const file of files) {
      makeFolder(dirname(file.path));
      if (existsSync(file.path) && statSync(file.path).isDirectory()) {
        throw inputError('cannot write this output file: a folder of that name is in the way', { file: file.path }, 'remove or rename that folder, or choose another --out');
      }
      const tmp = join(dirname(file.path), `.${basename(file.path)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
      const fd = openOrExplain(tmp, file.path);
      temporary.push(tmp);
      try {
        const data = typeof file.contents === 'string' ? Buffer.from(file.contents, 'utf8') : file.contents;
        let offset = 0;
        while (offset < data.length) offset += writeSync(fd, data, offset, data.length - offset);
        fsyncSync(fd);
      } catch (error) {
        throw explain(error, file.path);
      } finally {
        closeSync(fd);
      }
    }
    files.forEach((file, k) => {
      try {
        renameSync(temporary[k], file.path);
      } catch (error) {
        throw explain(error, file.path);
      }
    });
    temporary.length = 0;
  } finally {
    for (const tmp of temporary) rmSync(tmp, { force: true });
    held.release();
  }
}

/** Create the output folder, or say why it cannot be (a file in the way, read-only, no permission). */
function makeFolder(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    // A recursive mkdir on a read-only disk says ENOENT: ask the nearest existing folder why.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      let ancestor = dirname(resolve(dir));
      while (!existsSync(ancestor) && ancestor !== dirname(ancestor)) ancestor = dirname(ancestor);
      try {
        accessSync(ancestor, constants.W_OK);
      } catch (reason) {
        throw explain(reason, dir, true);
      }
    }
    throw explain(error, dir, true);
  }
  if (!statSync(dir).isDirectory()) {
    throw inputError('the output folder is not a folder', { file: dir }, 'choose another --out: a folder, or a path where one can be made');
  }
}

function openOrExplain(tmp: string, target: string): number {
  try {
    return openSync(tmp, 'wx', 0o644);
  } catch (error) {
    throw explain(error, target);
  }
}

/** A file-system failure as an error a person can act on (exit 2), not a stack trace. */
export function explain(error: unknown, path: string, isFolder = false): unknown {
  if (error instanceof BonesimError) return error;
  const code = (error as NodeJS.ErrnoException)?.code;
  const what = isFolder ? 'the output folder' : 'this output file';
  const problems: Record<string, [string, string]> = {
    EEXIST: [`cannot make ${what} here: a file of that name exists`, 'choose another --out, or remove the file'],
    ENOTDIR: [`cannot write ${what}: part of the path is a file, not a folder`, 'choose another --out'],
    EISDIR: [`cannot write ${what}: a folder of that name is in the way`, 'choose another --out'],
    EROFS: [`cannot write ${what}: the file system is read-only`, 'choose an --out on a writable disk'],
    EACCES: [`cannot write ${what}: permission denied`, 'choose an --out you may write to'],
    EPERM: [`cannot write ${what}: operation not permitted`, 'choose an --out you may write to'],
    ENOSPC: [`cannot write ${what}: the disk is full`, 'free some space or choose an --out on another disk; nothing was written'],
    EDQUOT: [`cannot write ${what}: the disk quota is exceeded`, 'free some space or choose another --out; nothing was written'],
    ENAMETOOLONG: [`cannot write ${what}: the name is too long`, 'choose a shorter --out'],
    ENOENT: [`cannot write ${what}: its folder vanished while writing`, 'run the command again'],
  };
  const known = code ? problems[code] : undefined;
  if (!known) return error;
  return inputError(known[0], { file: path }, known[1]);
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** Defer SIGINT/SIGTERM/SIGHUP while files are written, then deliver a held one as the default action would. */
function holdSignals(): { release(): void } {
  let received: NodeJS.Signals | undefined;
  const hold = (signal: NodeJS.Signals) => {
    received ??= signal;
  };
  for (const signal of SIGNALS) process.on(signal, hold);
  return {
    release() {
      for (const signal of SIGNALS) process.off(signal, hold);
      if (received && process.listenerCount(received) === 0) process.kill(process.pid, received);
    },
  };
}

function canonical(path: string): string {
  const absolute = resolve(path);
  return existsSync(absolute) ? realpathSync(absolute) : absolute;
}
