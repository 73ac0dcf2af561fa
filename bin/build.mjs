#!/usr/bin/env node
// Bundles the bonesim command into dist/cli/bonesim.cjs (one file, dependencies included and
// tree-shaken, no TypeScript loader at run time): `npm run build`, run by `npm ci` through
// `prepare`, and again by bin/bonesim.mjs whenever src/ is newer than the bundle. CommonJS, so
// that bin/bonesim.mjs can run it with V8's code cache (node:vm), which ES modules lack in Node 20.
// Also bundles the benchmark programs for `npm run bench`.
import { mkdirSync, readFileSync, readdirSync, renameSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CLI_BUNDLE = join(ROOT, 'dist', 'cli', 'bonesim.cjs');
/** V8's code cache for the CLI bundle, written by bin/bonesim.mjs after a run. */
export const CLI_CODE_CACHE = join(ROOT, 'dist', 'cli', 'bonesim.v8cache');

// Sources find package.json, models/ and scenarios/ relative to their own file: in the bundle each
// module's import.meta.url becomes its source file's URL, written relative to the bundle so that
// the bundle still finds them when the package is installed elsewhere (npm pack, npm install).
function keepSourceUrls(outfile, format) {
  return {
    name: 'keep-source-urls',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, (args) => {
        if (args.path.includes('node_modules')) return undefined;
        const fromBundle = JSON.stringify(relative(dirname(outfile), args.path).split(sep).join('/'));
        // In CommonJS through a function of the banner: a module's own \`const require = createRequire(...)\`
        // would otherwise capture the \`require\` of this expression (used before it is defined).
        const url = format === 'cjs' ? `__bonesimSourceUrl(${fromBundle})` : `new URL(${fromBundle}, import.meta.url).href`;
        const contents = readFileSync(args.path, 'utf8').replaceAll('import.meta.url', `(${url})`);
        return { contents, loader: 'ts' };
      });
    },
  };
}

/** Bundle one entry point (an ES module, or CommonJS); written to a temporary name, then renamed (atomic). */
export async function bundle(entry, outfile, format = 'esm') {
  const { build } = await import('esbuild');
  mkdirSync(dirname(outfile), { recursive: true });
  const temporary = `${outfile}.${process.pid}.tmp`;
  await build({
    entryPoints: [entry],
    outfile: temporary,
    bundle: true,
    platform: 'node',
    format,
    target: 'node20',
    // Loaded from node_modules: a native addon (PNG output), and piscina, which finds its own worker file.
    external: ['@resvg/resvg-js', 'piscina'],
    // CommonJS dependencies inside an ES module bundle need a require.
    banner: format === 'esm'
      ? { js: "import { createRequire as __bonesimRequire } from 'node:module'; const require = __bonesimRequire(import.meta.url);" }
      : { js: 'function __bonesimSourceUrl(path) { return require("node:url").pathToFileURL(require("node:path").join(__dirname, path)).href; }' },
    plugins: [keepSourceUrls(outfile, format)],
    logLevel: 'warning',
  });
  renameSync(temporary, outfile);
}

/** Newest modification time of the files under src/, of this script and of the installed dependencies' lockfile. */
export function newestSourceTime() {
  let newest = statSync(fileURLToPath(import.meta.url)).mtimeMs;
  try {
    newest = Math.max(newest, statSync(join(ROOT, 'node_modules', '.package-lock.json')).mtimeMs);
  } catch {
    // no lockfile of installed packages: nothing to compare
  }
  const visit = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  visit(join(ROOT, 'src'));
  return newest;
}

export function cliBundleIsFresh() {
  try {
    return statSync(CLI_BUNDLE).mtimeMs >= newestSourceTime();
  } catch {
    return false;
  }
}

export async function buildCli() {
  // The ensemble's worker threads run their own bundle beside the CLI's (src/node/ensemble/pool.ts finds it).
  await bundle(join(ROOT, 'src', 'node', 'ensemble', 'worker.ts'), join(dirname(CLI_BUNDLE), 'ensembleWorker.cjs'), 'cjs');
  await bundle(join(ROOT, 'src', 'cli', 'main.ts'), CLI_BUNDLE, 'cjs');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildCli();
}
