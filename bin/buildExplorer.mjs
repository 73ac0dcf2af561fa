#!/usr/bin/env node
// Builds the explorer into a static folder any static host can serve (`npm run build:explorer`,
// default dist/explorer/): index.html, main.js and worker.js (ES modules, shared code in chunks/),
// bundled by esbuild from src/explorer/ and the portable core, with the shipped models and
// scenarios inside as data (the module 'bonesim:catalog'). Written to a temporary folder, then
// renamed into place.
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { parse } from 'yaml';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const EXPLORER_DIR = join(ROOT, 'dist', 'explorer');

const INDEX_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="bonesim's bone remodelling models, running in the browser">
<title>bonesim explorer</title>
<link rel="icon" href="data:,">
<script type="module" src="./main.js"></script>
</head>
<body>
<div id="app"><p class="loading">Loading the models&hellip;</p></div>
<noscript><p>The explorer runs the models in your browser, with JavaScript.</p></noscript>
</body>
</html>
`;

/** The shipped models and scenarios: their text, with the id, title and model each names. */
export function readCatalog(root = ROOT) {
  const yamlFiles = (folder) => readdirSync(join(root, folder)).filter((f) => f.endsWith('.yaml')).sort()
    .map((f) => ({ file: `${folder}/${f}`, text: readFileSync(join(root, folder, f), 'utf8') }));
  const models = yamlFiles('models').map(({ file, text }) => {
    const data = parse(text);
    return { id: data.id, title: data.title, file, text };
  });
  const scenarios = yamlFiles('scenarios').map(({ file, text }) => {
    const data = parse(text);
    return { id: data.id, title: data.title, model: data.model, file, text };
  });
  return { models, scenarios };
}

const catalogModule = (catalog) => ({
  name: 'bonesim-catalog',
  setup(build) {
    build.onResolve({ filter: /^bonesim:catalog$/ }, () => ({ path: 'catalog', namespace: 'bonesim-catalog' }));
    build.onLoad({ filter: /.*/, namespace: 'bonesim-catalog' }, () => ({ contents: JSON.stringify(catalog), loader: 'json' }));
  },
});

/**
 * Build the explorer into `outDir`. Returns the files written with their sizes, and the total
 * JavaScript size raw and gzipped (level 9, what a static host serves compressed).
 */
export async function buildExplorer(outDir = EXPLORER_DIR, { minify = true } = {}) {
  const { build } = await import('esbuild');
  const temporary = `${outDir}.${process.pid}.tmp`;
  rmSync(temporary, { recursive: true, force: true });
  mkdirSync(temporary, { recursive: true });
  await build({
    entryPoints: { main: join(ROOT, 'src/explorer/main.ts'), worker: join(ROOT, 'src/explorer/worker.ts') },
    outdir: temporary,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022', 'chrome109', 'firefox115', 'safari16'],
    chunkNames: 'chunks/[name]-[hash]',
    minify,
    legalComments: 'none',
    plugins: [catalogModule(readCatalog())],
    logLevel: 'warning',
  });
  writeFileSync(join(temporary, 'index.html'), INDEX_HTML);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(dirname(outDir), { recursive: true });
  renameSync(temporary, outDir);
  const files = listFiles(outDir).map((path) => {
    const bytes = readFileSync(path);
    return { path: relative(outDir, path), bytes: statSync(path).size, gzipBytes: gzipSync(bytes, { level: 9 }).length };
  });
  const js = files.filter((f) => f.path.endsWith('.js'));
  return { outDir, files, jsBytes: sum(js.map((f) => f.bytes)), jsGzipBytes: sum(js.map((f) => f.gzipBytes)) };
}

function listFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)]));
}

const sum = (values) => values.reduce((a, b) => a + b, 0);

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = process.argv[2] ? join(process.cwd(), process.argv[2]) : EXPLORER_DIR;
  const built = await buildExplorer(out);
  const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
  process.stdout.write(`explorer written to ${relative(process.cwd(), built.outDir) || '.'}: ${built.files.length} files, JavaScript ${kb(built.jsBytes)} (${kb(built.jsGzipBytes)} gzipped)\n`);
}
