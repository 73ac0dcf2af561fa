// Run every notebook and write the index page: npx tsx notebooks/index.ts
// (each notebook also refreshes the index when it is run on its own).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeIndex } from './lib/notebook.ts';

const here = import.meta.dirname;
const notebooks = readdirSync(here).filter((f) => f.endsWith('.ts') && f !== 'index.ts').sort();
for (const file of notebooks) await import(pathToFileURL(join(here, file)).href);
const outDir = process.env.BONESIM_NOTEBOOK_OUT ?? join('out', 'notebooks');
process.stdout.write(`index: ${writeIndex(outDir)}\n`);
