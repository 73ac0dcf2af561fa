import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { inputError } from '../errors.ts';
import { closestName } from '../model/suggest.ts';
import { BUILTIN_MODELS_DIR } from './modelFiles.ts';

/** The kinds of file a command can be given by id: the folder each lives in. */
export type TargetKind = 'scenario' | 'model' | 'trial' | 'ensemble';

const FOLDERS: Record<TargetKind, string> = { scenario: 'scenarios', model: 'models', trial: 'trials', ensemble: 'ensembles' };

/** bonesim's own folder (models/, scenarios/, trials/, ...), and the working directory's. */
function roots(): string[] {
  const own = resolve(BUILTIN_MODELS_DIR, '..');
  const here = resolve(process.cwd());
  return here === own ? [own] : [here, own];
}

/** Every id of one kind that `bonesim list` would show (working directory first, then bonesim's own). */
export function knownIds(kind: TargetKind): string[] {
  const ids = new Set<string>();
  for (const root of roots()) {
    const dir = join(root, FOLDERS[kind]);
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir)) if (/\.ya?ml$/.test(file)) ids.add(file.replace(/\.ya?ml$/, ''));
  }
  return [...ids];
}

/**
 * A command's file argument: a path to a file as given, or an id (`denosumab`, `pivonka2008`) looked
 * up in the working directory's and bonesim's own folders of the kinds the command accepts.
 */
export function resolveTarget(argument: string, kinds: readonly TargetKind[]): string {
  if (existsSync(argument) && statSync(argument).isFile()) return argument;
  const looksLikeId = /^[A-Za-z0-9][\w.-]*$/.test(argument) && !/\.(ya?ml|xml)$/.test(argument);
  if (looksLikeId) {
    for (const kind of kinds) {
      for (const root of roots()) {
        for (const ext of ['yaml', 'yml']) {
          const path = join(root, FOLDERS[kind], `${argument}.${ext}`);
          if (existsSync(path)) return path;
        }
      }
    }
    const all = kinds.flatMap((kind) => knownIds(kind));
    const suggestion = closestName(argument, all);
    throw inputError(`no file and no ${kinds.join(' or ')} with id "${argument}"`, { file: argument },
      suggestion ? `did you mean "${suggestion}"? (\`bonesim list\` shows every id)` : 'give a path to a file, or an id from `bonesim list`');
  }
  // A path that does not exist: the reader says so with the usual message.
  return argument;
}
