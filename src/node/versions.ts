import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/**
 * Versions of bonesim and the libraries that shape its numbers, for result metadata.
 *
 * @example
 * ```ts
 * versions(); // { bonesim: '0.1.0', node: '20.20.2', odex: '2.0.4', mathjs: ..., d3: ... }
 * ```
 */
export function versions(): Record<string, string> {
  return {
    bonesim: (require('../../package.json') as { version: string }).version,
    node: process.versions.node,
    odex: packageVersion('odex'),
    mathjs: packageVersion('mathjs'),
    d3: packageVersion('d3'),
  };
}

/** A package's version; packages whose exports hide package.json (d3) are found from their entry point. */
function packageVersion(name: string): string {
  try {
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    try {
      for (let dir = dirname(require.resolve(name)); dir !== dirname(dir); dir = dirname(dir)) {
        const file = join(dir, 'package.json');
        if (!existsSync(file)) continue;
        const data = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
        if (data.name === name && data.version) return data.version;
      }
    } catch {
      // fall through
    }
    return 'unknown';
  }
}
