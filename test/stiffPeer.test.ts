import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { peerSources, type PeerSetup } from '../bench/stiffPeer/generate.ts';
import { emit, parseGenerated, pythonDialect } from '../bench/stiffPeer/translate.ts';
import { compileModel, type CompiledModel } from '../src/model/compile.ts';
import { loadModel } from '../src/node/modelFiles.ts';
import { integratorNamed } from '../src/solve/methods.ts';

/**
 * The bench's stiff peer (bench/stiffPeer/): C for SUNDIALS CVODE and Python for scipy LSODA, generated
 * from bonesim's compiled model. Here the generated programs must give bonesim's own rates and
 * Jacobian (to rounding: the same expressions in the same order, another libm) and, on a tiny model, the
 * same solution as bonesim's rodas5p, so the generator cannot rot unnoticed.
 */

const gcc = spawnSync('gcc', ['--version'], { stdio: 'ignore' }).status === 0;
const sundials = gcc && existsSync('/usr/include/cvode/cvode.h');
const klu = sundials && ['/usr/include/sunlinsol/sunlinsol_klu.h', '/usr/include/suitesparse/klu.h'].every((h) => existsSync(h));
const scipy = spawnSync('python3', ['-c', 'import scipy, numpy'], { stdio: 'ignore' }).status === 0;
const folder = mkdtempSync(join(tmpdir(), 'bonesim-stiff-peer-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function setupOf(compiled: CompiledModel, t1: number): PeerSetup {
  return { y0: Float64Array.from(compiled.y0), p: Float64Array.from(compiled.p0), t1, rtol: 1e-10, atol: 1e-12 };
}

/** A state away from the model's start (every species moved by a different few per cent). */
function moved(compiled: CompiledModel): Float64Array {
  return Float64Array.from(compiled.y0, (v, i) => v * (1 + 0.05 * Math.sin(i + 1)) + 1e-3 * (i % 3));
}

function bonesimDerivatives(compiled: CompiledModel, y: Float64Array) {
  const n = y.length;
  const rates = new Float64Array(n);
  const jacobian = new Float64Array(n * n);
  compiled.bindRhs(compiled.p0).fn(0, y, rates);
  compiled.jacobian(0, y, compiled.p0, jacobian);
  return { rates, jacobian };
}

function expectClose(actual: number[], expected: Float64Array, relative: number) {
  expect(actual).toHaveLength(expected.length);
  const scale = Math.max(...Array.from(expected, Math.abs));
  for (let i = 0; i < expected.length; i++) expect(Math.abs(actual[i] - expected[i])).toBeLessThanOrEqual(relative * Math.max(Math.abs(expected[i]), 1e-12 * scale));
}

function build(name: string, compiled: CompiledModel, t1: number): { c: string; klu: string; python: string } {
  const sources = peerSources(compiled, setupOf(compiled, t1));
  const c = join(folder, `${name}.c`);
  const python = join(folder, `${name}.py`);
  writeFileSync(c, sources.c);
  writeFileSync(python, sources.python);
  const compile = (binary: string, flags: string[]) => {
    const built = spawnSync('gcc', ['-O1', '-std=c11', '-D_POSIX_C_SOURCE=200809L', ...flags.filter((f) => !f.startsWith('-l')), '-o', binary, c,
      '-lsundials_cvode', '-lsundials_nvecserial', ...flags.filter((f) => f.startsWith('-l')), '-lm'], { encoding: 'utf8' });
    expect(built.stderr).toBe('');
    expect(built.status).toBe(0);
  };
  if (sundials) compile(join(folder, name), ['-lsundials_sunmatrixdense', '-lsundials_sunlinsoldense']);
  if (klu) compile(join(folder, `${name}-klu`), ['-DPEER_KLU', '-I/usr/include/suitesparse', '-lsundials_sunmatrixsparse', '-lsundials_sunlinsolklu', '-lklu']);
  return { c: join(folder, name), klu: join(folder, `${name}-klu`), python };
}

/** dy/dt and the Jacobian at t = 0 at each state, from one run of the program. */
function evaluate(command: string, args: string[], states: Float64Array[]): Array<{ rates: number[]; jacobian: number[] }> {
  const child = spawnSync(command, [...args, 'eval'], { input: states.map((y) => Array.from(y, String).join(' ')).join('\n'), encoding: 'utf8' });
  expect(child.stderr).toBe('');
  expect(child.status).toBe(0);
  return child.stdout.trim().split('\n').map((line) => JSON.parse(line));
}

function timedRun(command: string, args: string[]) {
  const child = spawnSync(command, [...args, 'time', '1', '1'], { encoding: 'utf8' });
  expect(child.status, child.stderr).toBe(0);
  return JSON.parse(child.stdout) as { final: number[]; t_end: number; steps: number };
}

describe('the generated subset', () => {
  it('keeps JavaScript precedence: ternaries loosest and right-nested, unary minus tight', () => {
    const tree = parseGenerated('a > 0 ? -b * c : d ? 1 : 2');
    expect(emit(tree, pythonDialect((array, i) => `${array}[${i}]`))).toBe('(((-b) * c) if (a > 0.0) else (1.0 if d else 2.0))');
    expect(() => parseGenerated('a = b')).toThrow(/cannot read generated code/);
    expect(() => parseGenerated('y[k]')).toThrow(/non-constant index/);
  });
});

// komarova2003: 3 species, pow and max (the helpers); bone-rankl-explicit: the bench's 31-species model.
const MODELS = [['komarova2003', 120], ['bone-rankl-explicit', 30]] as const;

describe.each(MODELS)('the CVODE program generated from %s', (name, days) => {
  const compiled = compileModel(loadModel(`models/${name}.yaml`));
  const programs = build(name, compiled, days);
  const states = [compiled.y0, moved(compiled)];

  it.skipIf(!sundials)(`evaluates bonesim's rates and Jacobian${sundials ? '' : ' (skipped: no gcc or SUNDIALS headers; apt-get install -y gcc libsundials-dev)'}`, () => {
    const peer = evaluate(programs.c, [], states);
    expect(peer).toHaveLength(states.length);
    states.forEach((y, k) => {
      const ours = bonesimDerivatives(compiled, y);
      expectClose(peer[k].rates, ours.rates, 1e-12);
      expectClose(peer[k].jacobian, ours.jacobian, 1e-12);
    });
  });

  it.skipIf(!scipy)(`and so does the LSODA program${scipy ? '' : ' (skipped: no python3 with scipy and numpy; apt-get install -y python3-scipy)'}`, () => {
    const peer = evaluate('python3', [programs.python], states);
    expect(peer).toHaveLength(states.length);
    states.forEach((y, k) => {
      const ours = bonesimDerivatives(compiled, y);
      expectClose(peer[k].rates, ours.rates, 1e-12);
      expectClose(peer[k].jacobian, ours.jacobian, 1e-12);
    });
  });
});

describe('a solve of komarova2003 (the remodelling cycle from its initial values, 120 days)', () => {
  const compiled = compileModel(loadModel('models/komarova2003.yaml'));
  const programs = build('komarova2003-solve', compiled, 120);
  const bound = compiled.bindRhs(compiled.p0);
  const ours = integratorNamed('rodas5p').solve({
    rhs: bound.fn,
    jacobian: (t, y, J) => compiled.jacobian(t, y, compiled.p0, J),
    autonomous: true,
    t0: 0,
    t1: 120,
    y0: compiled.y0,
  }, { rtol: 1e-10, atol: 1e-12 });

  it('moves far from its start (a test that can fail)', () => {
    expect(ours.status).toBe('success');
    const change = Math.max(...Array.from(ours.yEnd, (v, i) => Math.abs(v - compiled.y0[i]) / Math.max(Math.abs(compiled.y0[i]), 1)));
    expect(change).toBeGreaterThan(0.01);
  });

  it.skipIf(!sundials)(`CVODE ends where bonesim's rodas5p ends, to 1e-6${sundials ? '' : ' (skipped: no gcc or SUNDIALS headers; apt-get install -y gcc libsundials-dev)'}`, () => {
    const peer = timedRun(programs.c, []);
    expect(peer.t_end).toBe(120);
    expectClose(peer.final, ours.yEnd, 1e-6);
  });

  it.skipIf(!klu)(`so does CVODE with KLU on the Jacobian's nonzeros${klu ? '' : ' (skipped: no KLU headers; apt-get install -y libsundials-dev libsuitesparse-dev)'}`, () => {
    const peer = timedRun(programs.klu, []);
    expect(peer.t_end).toBe(120);
    expectClose(peer.final, ours.yEnd, 1e-6);
  });

  it.skipIf(!scipy)(`so does scipy's LSODA${scipy ? '' : ' (skipped: no python3 with scipy and numpy; apt-get install -y python3-scipy)'}`, () => {
    const peer = timedRun('python3', [programs.python]);
    expect(peer.t_end).toBe(120);
    expectClose(peer.final, ours.yEnd, 1e-6);
  });
});
