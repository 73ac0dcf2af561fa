import { readFileSync, statSync } from 'node:fs';
import { inputError } from '../errors.ts';
import { parseYaml, type YamlSource } from '../io/yamlSource.ts';

const MAX_FILE_BYTES = 2_000_000;

/**
 * Read a model or scenario file and parse it (src/io/yamlSource.ts); only regular files are read.
 *
 * @example
 * ```ts
 * const model = modelFromSource(readYamlFile('models/lemaire2004.yaml'));
 * ```
 */
export function readYamlFile(file: string): YamlSource {
  let text: string;
  try {
    const stat = statSync(file);
    // A device or pipe (/dev/zero, a FIFO) would be read forever: only regular files are data.
    if (stat.isDirectory()) throw inputError('is a directory, not a file', { file }, 'give the path of a .yaml file');
    if (!stat.isFile()) throw inputError('is not a regular file (a device, pipe or socket)', { file }, 'give the path of a .yaml file');
    if (stat.size > MAX_FILE_BYTES) {
      throw inputError(`the file is ${stat.size} bytes; model and scenario files are limited to ${MAX_FILE_BYTES}`, { file }, 'is this the file you meant? split a model this large, or generate it in smaller parts');
    }
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof Error && 'code' in error) {
      const code = (error as NodeJS.ErrnoException).code;
      const problem = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory, not a file' : `cannot read the file (${code})`;
      throw inputError(problem, { file }, 'check the path; `bonesim list` shows the bundled models and scenarios');
    }
    throw error;
  }
  return parseYaml(text, file);
}
