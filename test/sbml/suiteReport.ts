import { readdirSync } from 'node:fs';
import type { CaseResult, CaseStatus } from './suiteCase.ts';
import { runCase } from './suiteCase.ts';

/** Every case id of the suite (five-digit folders), in order. */
export function caseIds(directory: string): string[] {
  return readdirSync(directory).filter((d) => /^\d{5}$/.test(d)).sort();
}

export function runAll(directory: string, ids = caseIds(directory), progress?: (done: number, total: number) => void): CaseResult[] {
  return ids.map((id, k) => {
    const result = runCase(directory, id);
    progress?.(k + 1, ids.length);
    return result;
  });
}

const STATUSES: CaseStatus[] = ['pass', 'fail', 'unsupported'];

/** The per-case table kept in the repository (docs/sbml-test-suite.csv). */
export function resultsCsv(results: readonly CaseResult[]): string {
  const field = (text: string) => (/[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  const lines = ['case,status,tags,reason'];
  for (const r of results) lines.push([r.id, r.status, [...r.componentTags, ...r.testTags].join(' '), r.reason].map(field).join(','));
  return lines.join('\n') + '\n';
}

/** Read the committed table back: case -> status. */
export function readResultsCsv(text: string): Map<string, CaseStatus> {
  const statuses = new Map<string, CaseStatus>();
  for (const line of text.trim().split('\n').slice(1)) {
    const [id, status] = line.split(',');
    statuses.set(id, status as CaseStatus);
  }
  return statuses;
}

/** The summary page: totals, a table per tag, and every case that does not pass with why. */
export function resultsMarkdown(results: readonly CaseResult[], seconds: number): string {
  const count = (status: CaseStatus, list = results) => list.filter((r) => r.status === status).length;
  const total = results.length;
  const percent = (n: number) => `${((100 * n) / total).toFixed(1)} %`;
  const tags = new Map<string, CaseResult[]>();
  for (const r of results) for (const tag of new Set([...r.componentTags, ...r.testTags])) tags.set(tag, [...(tags.get(tag) ?? []), r]);
  const lines = [
    '# SBML Test Suite: bonesim\'s results',
    '',
    'The semantic cases of the SBML Test Suite (Level 3 Version 2, 1690 cases; `../shared/sbml-test-suite/`), each imported',
    'from its SBML file, run by bonesim\'s SBML simulator and compared with the suite\'s `results.csv` at the case\'s own',
    'absolute and relative tolerances: a case passes when every listed variable at every output time is within',
    '`absolute + relative * |expected|`. A case bonesim refuses (it names the construct and why) is *unsupported*; a case',
    'that runs and gives a wrong value, or fails numerically, is a *failure*. Regenerate with `npm run sbml-suite`;',
    '`test/sbml/sbmlTestSuite.test.ts` runs every case on each `npm test` and fails if a case listed as passing here no longer does.',
    '',
    `| | cases | share |`,
    '|---|---|---|',
    ...STATUSES.map((s) => `| ${s} | ${count(s)} | ${percent(count(s))} |`),
    `| total | ${total} | |`,
    '',
    `All ${total} cases ran in ${seconds.toFixed(0)} s (one thread; the time depends on the machine and its load). The per-case table is [sbml-test-suite.csv](sbml-test-suite.csv).`,
    '',
    '## By tag',
    '',
    '| tag | cases | pass | fail | unsupported |',
    '|---|---|---|---|---|',
    ...[...tags.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([tag, list]) => `| ${tag} | ${list.length} | ${count('pass', list)} | ${count('fail', list)} | ${count('unsupported', list)} |`),
    '',
    '## Cases that do not pass',
    '',
    '| case | status | tags | why |',
    '|---|---|---|---|',
    ...results.filter((r) => r.status !== 'pass').map((r) => `| ${r.id} | ${r.status} | ${[...r.componentTags, ...r.testTags].join(', ')} | ${r.reason.replace(/\|/g, '\\|')} |`),
    '',
  ];
  return lines.join('\n');
}
