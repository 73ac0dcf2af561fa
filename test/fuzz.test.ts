import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BonesimError } from '../src/errors.ts';
import { compileModel } from '../src/model/compile.ts';
import { loadModel } from '../src/node/modelFiles.ts';
import { loadScenario } from '../src/node/scenarioFiles.ts';
import { simulate } from '../src/simulate/simulate.ts';
import { toyModel } from './helpers.ts';

/** Every run must end in a value or a BonesimError, in bounded time, leaving the global objects alone. */
function mustEndWell(action: () => unknown, limitMs: number): void {
  const objectKeys = Object.getOwnPropertyNames(Object.prototype).join();
  const functionKeys = Object.getOwnPropertyNames(Function.prototype).join();
  const started = performance.now();
  try {
    action();
  } catch (error) {
    if (!(error instanceof BonesimError)) throw error;
    expect(error.message.length).toBeGreaterThan(0);
  }
  expect(performance.now() - started).toBeLessThan(limitMs);
  expect(Object.getOwnPropertyNames(Object.prototype).join()).toBe(objectKeys);
  expect(Object.getOwnPropertyNames(Function.prototype).join()).toBe(functionKeys);
  expect((globalThis as Record<string, unknown>).pwned).toBeUndefined();
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}

const TOKENS = [
  'x', 'k', 't', 'pi', 'e', '0', '1', '2.5', '1e308', '1e-320', '-', '+', '*', '/', '^', '(', ')', ',', '?', ':', '<', '>', '==', '!=',
  'and', 'or', 'not', 'xor', 'mod', 'exp', 'log', 'max', 'min', 'sqrt', 'pow', 'abs', 'constructor', '__proto__', 'prototype',
  'import', 'evaluate', 'parse', 'compile', 'createUnit', 'f', '=', '.', '[', ']', '{', '}', '"a"', "'b'", ';', '!', '%', '\n',
  'toString', 'process', 'require', 'Function', 'this', 'globalThis', 'pwned', '$', '\\', '`', 'to', 'in', 'cm', 'end', '@',
];
const HOSTILE = [
  'constructor', '__proto__', 'x.constructor', 'x["constructor"]', 'constructor.constructor("return process")()',
  'import({pwned: 1}, {override: true})', 'evaluate("pwned = 1")', 'createUnit("pwned")', 'f(x) = x', 'pwned = 1',
  '{polluted: 1}', 'x; pwned = 1', '[1, 2][1]', '"__proto__"', 'parse("1")', 'compile("1").evaluate()',
  '1e308 ^ 1e308', '2 ^ 99999', '(-8) ^ (1/3)', 'exp(1e6)', 'log(-1)', '0 / 0', '1 / 0', 'x ^ x ^ x ^ x ^ x',
  '('.repeat(5000) + 'x' + ')'.repeat(5000), '-'.repeat(50_000) + 'x', 'x + '.repeat(25_000) + 'x', 'a'.repeat(100_000),
  'max(' + 'x, '.repeat(5000) + 'x)', '1 ? 2 : 3 ? 4 : 5', 't > 1 ? k : x', '\u0000', '\u202e x', 'x // comment',
];

describe('fuzz: expressions', () => {
  const compile = (expression: string) => {
    const compiled = compileModel(toyModel({ rates: { x: expression } }));
    // Whatever compiles runs: a number comes out (NaN and Infinity are values, not crashes).
    const out = new Float64Array(1);
    compiled.rhs(1.5, Float64Array.of(2), compiled.p0, out);
    expect(typeof out[0]).toBe('number');
    const identifiers = compiled.source.rhs.match(/[A-Za-z_$][\w$]*/g) ?? [];
    for (const id of identifiers) expect(['return', 'function', 'const', 't', 'y', 'p', 'out', 'Math', 'mod', 'exp', 'log', 'max', 'min', 'sqrt', 'pow', 'abs', 'floor', 'PI', 'E', 'e', 'Infinity', 'a', 'b'].includes(id) || /^v\d+$/.test(id) || /^\d/.test(id), id).toBe(true);
  };

  it.each(HOSTILE.map((h) => [h.length > 60 ? `${h.slice(0, 40)}... (${h.length} chars)` : h, h]))('hostile: %s', (_, expression) => {
    mustEndWell(() => compile(expression), 2000);
  });

  it('random token strings end in a compiled function or a structured error', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 30 }), fc.boolean(), (tokens, spaced) => {
      mustEndWell(() => compile(tokens.join(spaced ? ' ' : '')), 1000);
    }), { numRuns: 3000, seed: 20261123 });
  });

  it('random unicode strings end in a compiled function or a structured error', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (text) => {
      mustEndWell(() => compile(text), 1000);
    }), { numRuns: 2000, seed: 7 });
  });
});

/** Text edits that keep most of a file but break it in the ways people do. */
const edit = (lines: number) => fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), line: fc.nat(lines - 1) }),
  fc.record({ kind: fc.constant('duplicate' as const), line: fc.nat(lines - 1) }),
  fc.record({ kind: fc.constant('swap' as const), line: fc.nat(lines - 1), other: fc.nat(lines - 1) }),
  fc.record({ kind: fc.constant('insert' as const), line: fc.nat(lines - 1), column: fc.nat(80), text: fc.constantFrom(':', '-', '{', '}', '[', ']', '"', "'", '#', '  ', '\t', '0', '-1', '1e400', 'NaN', '__proto__: 1', '*', '!!js/function', '&a', '*a', '|', '>', 'x', '?') }),
  fc.record({ kind: fc.constant('number' as const), line: fc.nat(lines - 1), value: fc.constantFrom('0', '-1', '1e300', '1e-300', '.nan', '.inf', '-0', '3.7', '"12"', '10 year', '1e6 day') }),
  fc.record({ kind: fc.constant('truncate' as const), line: fc.nat(lines - 1) }),
);

type Edit = { kind: 'delete' | 'duplicate' | 'truncate'; line: number } | { kind: 'swap'; line: number; other: number }
  | { kind: 'insert'; line: number; column: number; text: string } | { kind: 'number'; line: number; value: string };

function applyEdits(text: string, edits: Edit[]): string {
  let lines = text.split('\n');
  for (const e of edits) {
    const i = Math.min(e.line, lines.length - 1);
    if (i < 0) break;
    switch (e.kind) {
      case 'delete': lines.splice(i, 1); break;
      case 'duplicate': lines.splice(i, 0, lines[i]); break;
      case 'swap': { const j = Math.min(e.other, lines.length - 1); [lines[i], lines[j]] = [lines[j], lines[i]]; break; }
      case 'insert': { const c = Math.min(e.column, lines[i].length); lines[i] = lines[i].slice(0, c) + e.text + lines[i].slice(c); break; }
      case 'number': lines[i] = lines[i].replace(/-?\d+(\.\d+)?(e-?\d+)?/, e.value); break;
      case 'truncate': lines = lines.slice(0, i); break;
    }
  }
  return lines.join('\n');
}

describe('fuzz: mutated model and scenario files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bonesim-fuzz-'));

  it('mutated model files load or fail with a structured error', () => {
    const original = readFileSync('models/pivonka2008.yaml', 'utf8');
    const lines = original.split('\n').length;
    let n = 0;
    fc.assert(fc.property(fc.array(edit(lines), { minLength: 1, maxLength: 3 }), (edits) => {
      const file = join(dir, `model-${n++}.yaml`);
      writeFileSync(file, applyEdits(original, edits as Edit[]));
      mustEndWell(() => loadModel(file), 3000);
    }), { numRuns: 1000, seed: 2008 });
  });

  it('mutated scenario files run or fail with a structured error, in bounded time', () => {
    const original = readFileSync('scenarios/lemaire-pth-injection.yaml', 'utf8');
    const lines = original.split('\n').length;
    // Ignored by git, so absent from a fresh clone or worktree.
    mkdirSync(join(process.cwd(), 'test', 'fixtures', '.fuzz'), { recursive: true });
    let n = 0;
    fc.assert(fc.property(fc.array(edit(lines), { minLength: 1, maxLength: 3 }), (edits) => {
      // Scenario files name models by id; write them beside a models/ folder bonesim can find.
      const file = join(process.cwd(), 'test', 'fixtures', '.fuzz', `scenario-${n++}.yaml`);
      writeFileSync(file, applyEdits(original, edits as Edit[]));
      mustEndWell(() => {
        const { scenario, model } = loadScenario(file);
        simulate(scenario, model, { maxSteps: 20_000 });
      }, 10_000);
    }), { numRuns: 500, seed: 2004 });
  });
});
