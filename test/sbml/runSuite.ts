// npm run sbml-suite: run every semantic case of the SBML Test Suite and write docs/sbml-test-suite.md and .csv.
import { join } from 'node:path';
import { writeFilesAtomically } from '../../src/node/atomicWrite.ts';
import { suiteDirectory } from './suiteCase.ts';
import { caseIds, resultsCsv, resultsMarkdown, runAll } from './suiteReport.ts';

const directory = suiteDirectory();
const ids = caseIds(directory);
const started = performance.now();
const results = runAll(directory, ids, (done, total) => {
  if (done % 100 === 0 || done === total) process.stderr.write(`\r${done}/${total} cases`);
});
const seconds = (performance.now() - started) / 1000;
process.stderr.write('\n');
const docs = join(process.cwd(), 'docs');
writeFilesAtomically([
  { path: join(docs, 'sbml-test-suite.csv'), contents: resultsCsv(results) },
  { path: join(docs, 'sbml-test-suite.md'), contents: resultsMarkdown(results, seconds) },
]);
const count = (s: string) => results.filter((r) => r.status === s).length;
process.stdout.write(`${count('pass')} passed, ${count('fail')} failed, ${count('unsupported')} unsupported of ${results.length} (${seconds.toFixed(1)} s) -> docs/sbml-test-suite.md, docs/sbml-test-suite.csv\n`);
