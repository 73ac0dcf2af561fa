#!/usr/bin/env node
// `npm run explorer`: builds the explorer (bin/buildExplorer.mjs) and serves it on localhost with
// bonesim's own static server (src/node/staticServer.ts). PORT picks the port (default 5180).
import { register } from 'tsx/esm/api';
import { buildExplorer } from './buildExplorer.mjs';

const built = await buildExplorer();
register();
const { serveStatic } = await import('../src/node/staticServer.ts');
const port = Number(process.env.PORT ?? 5180);
const { url } = await serveStatic(built.outDir, { port });
process.stdout.write(`bonesim explorer: ${url}  (JavaScript ${(built.jsGzipBytes / 1024).toFixed(0)} KB gzipped; Ctrl+C stops)\n`);
