import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Versions of bonesim and the libraries that shape its numbers, for result metadata. */
export function versions(): Record<string, string> {
  const version = (name: string) => {
    try {
      return (require(`${name}/package.json`) as { version: string }).version;
    } catch {
      return 'unknown';
    }
  };
  return {
    bonesim: (require('../../package.json') as { version: string }).version,
    node: process.versions.node,
    odex: version('odex'),
    mathjs: version('mathjs'),
    d3: version('d3'),
  };
}
