import { print } from './terminal.ts';
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { readYamlFile } from '../node/readYamlFile.ts';
import { BUILTIN_MODELS_DIR } from '../node/modelFiles.ts';

/** List models, scenarios and trials (bonesim's own, and the working directory's if it has others) with their titles. */
export function listCommand(): number {
  const roots = [resolve(BUILTIN_MODELS_DIR, '..')];
  if (resolve(process.cwd()) !== roots[0] && (existsSync('models') || existsSync('scenarios') || existsSync('trials'))) roots.push(resolve(process.cwd()));
  for (const root of roots) {
    for (const kind of ['models', 'scenarios', 'trials']) {
      const dir = join(root, kind);
      if (!existsSync(dir)) continue;
      const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
      print(`${kind} (${relative(process.cwd(), dir) || dir}):\n`);
      for (const file of files) {
        const path = join(dir, file);
        let title = '';
        let id = file.replace(/\.yaml$/, '');
        try {
          const data = readYamlFile(path).data as Record<string, unknown>;
          title = typeof data.title === 'string' ? data.title : '';
          if (typeof data.id === 'string') id = data.id;
          if (kind !== 'models' && typeof data.model === 'string') title += `  [${data.model}]`;
        } catch {
          title = '(unreadable: run bonesim validate on it)';
        }
        print(`  ${id.padEnd(34)} ${title}\n`);
      }
    }
  }
  return 0;
}
