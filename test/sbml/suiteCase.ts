import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BonesimError } from '../../src/errors.ts';
import { importSbml } from '../../src/formats/sbml/importModel.ts';
import { outputFor } from '../../src/formats/sbml/outputs.ts';
import { readSbml } from '../../src/formats/sbml/readSbml.ts';
import { evenTimes, simulateSbml } from '../../src/formats/sbml/simulateSbml.ts';

/** Where the SBML Test Suite's semantic cases are (shared/ beside the checkout, or SBML_TEST_SUITE). */
export function suiteDirectory(): string {
  const candidates = [process.env.SBML_TEST_SUITE, join(process.cwd(), '../shared/sbml-test-suite/semantic'), '/work/shared/sbml-test-suite/semantic'];
  for (const dir of candidates) if (dir && existsSync(dir)) return dir;
  throw new Error('the SBML Test Suite is not found: set SBML_TEST_SUITE to its semantic/ folder');
}

export type CaseStatus = 'pass' | 'fail' | 'unsupported';

export interface CaseResult {
  id: string;
  status: CaseStatus;
  /** Why it failed or is not run, in a sentence (for a failure: the worst point). */
  reason: string;
  componentTags: string[];
  testTags: string[];
  milliseconds: number;
}

export interface CaseSettings {
  start: number;
  duration: number;
  steps: number;
  variables: string[];
  absolute: number;
  relative: number;
  amount: Set<string>;
  concentration: Set<string>;
}

export function readSettings(text: string): CaseSettings {
  const fields = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*([A-Za-z]+)\s*:\s*(.*?)\s*$/.exec(line);
    if (match) fields.set(match[1], match[2]);
  }
  const list = (name: string) => (fields.get(name) ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return {
    start: Number(fields.get('start') ?? 0),
    duration: Number(fields.get('duration')),
    steps: Number(fields.get('steps')),
    variables: list('variables'),
    absolute: Number(fields.get('absolute')),
    relative: Number(fields.get('relative')),
    amount: new Set(list('amount')),
    concentration: new Set(list('concentration')),
  };
}

function tags(modelText: string, name: string): string[] {
  const match = new RegExp(`^${name}:\\s*(.*)$`, 'm').exec(modelText);
  return match ? match[1].split(',').map((s) => s.trim()).filter(Boolean) : [];
}

function parseValue(text: string): number {
  const t = text.trim();
  if (/^[+]?INF$/i.test(t) || t === 'inf') return Infinity;
  if (/^-INF$/i.test(t) || t === '-inf') return -Infinity;
  if (/^nan$/i.test(t)) return Number.NaN;
  return Number(t);
}

/** Run one case and compare with its results.csv at its own tolerances. */
export function runCase(directory: string, id: string): CaseResult {
  const started = performance.now();
  const dir = join(directory, id);
  const modelText = readFileSync(join(dir, `${id}-model.m`), 'utf8');
  const componentTags = tags(modelText, 'componentTags');
  const testTags = tags(modelText, 'testTags');
  const done = (status: CaseStatus, reason: string): CaseResult => ({ id, status, reason, componentTags, testTags, milliseconds: performance.now() - started });
  const testType = /^testType:\s*(\S+)/m.exec(modelText)?.[1] ?? '';
  if (testType !== 'TimeCourse') return done('unsupported', `test type ${testType}: bonesim runs time courses`);
  const settings = readSettings(readFileSync(join(dir, `${id}-settings.txt`), 'utf8'));
  const file = join(dir, `${id}-sbml-l3v2.xml`);

  let result;
  try {
    const system = importSbml(readSbml(readFileSync(file, 'utf8'), file));
    const outputs = settings.variables.map((v) => outputFor(system, v, settings.amount.has(v) ? 'amount' : settings.concentration.has(v) ? 'concentration' : 'value'));
    if (settings.start !== 0) return done('unsupported', `the case starts at t = ${settings.start}`);
    result = simulateSbml(system, { duration: settings.duration, outputTimes: evenTimes(settings.duration, settings.steps), outputs });
  } catch (error) {
    if (error instanceof BonesimError && error.kind === 'input') return done('unsupported', firstLine(error.message));
    if (error instanceof BonesimError) return done('fail', `run failed: ${firstLine(error.message)}`);
    return done('fail', `crashed: ${error instanceof Error ? error.stack?.split('\n').slice(0, 3).join(' | ') : String(error)}`);
  }

  const lines = readFileSync(join(dir, `${id}-results.csv`), 'utf8').split(/\r?\n/).filter((l) => l.trim());
  const header = lines[0].split(',').map((h) => h.trim());
  const rows = lines.slice(1).map((l) => l.split(',').map(parseValue));
  if (rows.length !== result.times.length) return done('fail', `${result.times.length} output rows, expected ${rows.length}`);
  let worst: { excess: number; text: string } | undefined;
  for (let c = 1; c < header.length; c++) {
    const series = result.series[header[c]];
    if (!series) return done('fail', `no column ${header[c]}`);
    for (let r = 0; r < rows.length; r++) {
      const expected = rows[r][c];
      const actual = series[r];
      let ok: boolean;
      let excess = 0;
      if (Number.isNaN(expected)) ok = Number.isNaN(actual);
      else if (!Number.isFinite(expected)) ok = actual === expected;
      else {
        const allowed = settings.absolute + settings.relative * Math.abs(expected);
        excess = Math.abs(actual - expected) / allowed;
        ok = excess <= 1;
      }
      if (!ok && (!worst || excess > worst.excess || Number.isNaN(excess))) {
        worst = { excess: Number.isNaN(excess) ? Infinity : excess, text: `${header[c]} at t = ${rows[r][0]}: ${actual}, expected ${expected}` };
        if (!Number.isFinite(worst.excess)) break;
      }
    }
  }
  if (worst) return done('fail', worst.text);
  return done('pass', '');
}

function firstLine(text: string): string {
  return text.split('\n')[0].replace(/^.*?\.xml(:\d+)?(:\d+)?: /, '');
}
