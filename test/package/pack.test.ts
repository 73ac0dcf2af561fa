import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/node/scenarioFiles.ts';
import { simulate } from '../../src/simulate/simulate.ts';

/**
 * The package as a user gets it: `npm pack` (which runs prepack: tsc emits dist/ with .d.ts), the
 * tarball installed into a fresh project offline (from the npm cache that `npm ci` filled), then
 * plain JavaScript runs scenarios through `bonesim` and `bonesim/node`, tsc checks a TypeScript
 * file against the shipped types, and the installed `bonesim` command runs.
 */
const root = resolve('.');
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { name: string; version: string; dependencies: Record<string, string> };
const run = (command: string, args: string[], cwd: string) => {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 300_000 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
};

/**
 * A lockfile for the fresh project with bonesim's dependency tree copied from ours (resolved URLs
 * and integrity hashes): npm then installs offline from the cache by integrity, and needs no
 * registry metadata, which `npm ci` does not keep in the cache.
 */
function lockfileFor(tarball: string) {
  const ours = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, Record<string, unknown>> };
  const spec = `file:${tarball}`;
  const packages: Record<string, unknown> = {
    '': { name: 'bonesim-consumer', dependencies: { bonesim: spec } },
    'node_modules/bonesim': { version: pkg.version, resolved: spec, dependencies: pkg.dependencies, bin: { bonesim: 'bin/bonesim.mjs' } },
  };
  for (const [path, entry] of Object.entries(ours.packages)) {
    if (!path || entry.dev) continue;
    const { devOptional, ...rest } = entry;
    packages[path] = devOptional ? { ...rest, optional: true } : rest;
  }
  return { name: 'bonesim-consumer', lockfileVersion: 3, requires: true, packages };
}

const CORE_JS = `
import { readFileSync } from 'node:fs';
import { parseModel, parseScenario, prepareSimulation, dp5Integrator, integratorNamed } from 'bonesim';
const models = new Map();
const resolveModel = (id) => {
  if (!models.has(id)) models.set(id, parseModel(readFileSync(\`node_modules/bonesim/models/\${id}.yaml\`, 'utf8'), \`\${id}.yaml\`));
  return models.get(id);
};
const text = readFileSync('node_modules/bonesim/scenarios/lemaire-pth-injection.yaml', 'utf8');
const { scenario, model } = parseScenario(text, 'lemaire-pth-injection.yaml', resolveModel);
const prepared = prepareSimulation(scenario, model, { integrator: integratorNamed('auto') });
const result = prepared.run();
const dp5 = prepareSimulation(scenario, model, { integrator: dp5Integrator, rtol: 1e-10 }).run();
console.log(JSON.stringify({ C: Array.from(result.series.C), passed: result.expectations.every((e) => e.passed), ran: result.solver.ran, dp5C: dp5.series.C.at(-1) }));
`;

const NODE_JS = `
import { loadScenario, simulate, BUILTIN_MODELS_DIR, versions } from 'bonesim/node';
const { scenario, model } = loadScenario('node_modules/bonesim/scenarios/opg-knockout.yaml');
const result = simulate(scenario, model);
console.log(JSON.stringify({ modelsDir: BUILTIN_MODELS_DIR, version: versions().bonesim, BV: result.series.BV.at(-1), passed: result.expectations.every((e) => e.passed) }));
`;

const CHECK_TS = `
import { parseScenario, prepareSimulation, dp5Integrator, type Integrator, type IntegratorOptions, type OdeProblem,
  type PreparedSimulation, type RunVariation, type SimulationResult, type Solution, type SolutionStatus, type StepObserver } from 'bonesim';
import { loadModel, loadScenario, type OutputFile } from 'bonesim/node';
const model = loadModel('node_modules/bonesim/models/lemaire2004.yaml');
const prepared: PreparedSimulation = prepareSimulation(parseScenario('', 'a.yaml', () => model).scenario, model);
const variation: RunVariation = { parameters: { k_B: 0.2 }, report: 'end' };
const result: SimulationResult = prepared.run(variation);
const times: Float64Array = result.times;
const problem: OdeProblem = { rhs: (t, y, dydt) => { dydt[0] = -y[0]; }, t0: 0, t1: 1, y0: Float64Array.of(1) };
const options: IntegratorOptions = { rtol: 1e-8, atol: 1e-12, maxSteps: 1000 };
const observer: StepObserver = (tPrevious, t) => (t > 0.5 ? 0.5 : undefined);
const integrator: Integrator = dp5Integrator;
const solution: Solution = integrator.solve(problem, options, observer);
const status: SolutionStatus = solution.status;
const file: OutputFile | undefined = undefined;
loadScenario('x.yaml').scenario.duration.toFixed();
// The types are real, not any: each of these must be an error.
// @ts-expect-error columns is a string[]
const wrong: number = result.columns;
// @ts-expect-error there is no method "euler"
const bad: SolutionStatus = 'euler';
// @ts-expect-error rtol is a number
const incomplete: IntegratorOptions = { rtol: 'tight', maxSteps: 10 };
export { times, status, file, wrong, bad, incomplete };
`;

describe('the packed package', () => {
  it('installs offline into a fresh project and runs from JavaScript and TypeScript', () => {
    const started = performance.now();
    const work = mkdtempSync(join(tmpdir(), 'bonesim-pack-'));
    const packed = JSON.parse(run('npm', ['pack', '--pack-destination', work, '--json', '--ignore-scripts=false'], root)) as Array<{ filename: string; files: { path: string }[] }>;
    const files = packed[0].files.map((f) => f.path);
    expect(files).toEqual(expect.arrayContaining(['dist/index.js', 'dist/index.d.ts', 'dist/node/index.js', 'dist/node/index.d.ts', 'dist/cli/bonesim.cjs',
      'bin/bonesim.mjs', 'models/bone-rankl.yaml', 'scenarios/opg-knockout.yaml', 'trials/freedom.yaml']));
    expect(files.filter((f) => f.startsWith('dist/explorer') || f.startsWith('test/') || f.endsWith('.v8cache'))).toEqual([]);
    const packedAt = performance.now();

    const project = join(work, 'project');
    cpSync(join(work, packed[0].filename), join(project, packed[0].filename));
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'bonesim-consumer', private: true, type: 'module', dependencies: { bonesim: `file:${packed[0].filename}` } }));
    writeFileSync(join(project, 'package-lock.json'), JSON.stringify(lockfileFor(packed[0].filename)));
    run('npm', ['install', `./${packed[0].filename}`, '--offline', '--no-audit', '--no-fund'], project);
    const installedAt = performance.now();

    // From plain JavaScript, the portable core: the same numbers as the sources give.
    writeFileSync(join(project, 'core.mjs'), CORE_JS);
    const core = JSON.parse(run(process.execPath, ['core.mjs'], project)) as { C: number[]; passed: boolean; ran: string[]; dp5C: number };
    const { scenario, model } = loadScenario('scenarios/lemaire-pth-injection.yaml');
    const here = simulate(scenario, model);
    expect(core.C).toEqual(Array.from(here.series.C));
    expect(core.passed).toBe(true);
    expect(core.ran).toEqual(['dp5']);
    expect(core.dp5C).toBeCloseTo(here.series.C.at(-1)!, 8);

    // The Node layer finds the shipped models inside the installed package.
    writeFileSync(join(project, 'node.mjs'), NODE_JS);
    const node = JSON.parse(run(process.execPath, ['node.mjs'], project)) as { modelsDir: string; version: string; BV: number; passed: boolean };
    expect(node.modelsDir).toBe(join(project, 'node_modules', 'bonesim', 'models'));
    expect(node.version).toBe(pkg.version);
    expect(node.passed).toBe(true);
    expect(node.BV).toBeCloseTo(87.8, 1); // opg-knockout: -12.2 % in ten years

    // TypeScript against the shipped .d.ts (tsc from this repository, no skipLibCheck).
    writeFileSync(join(project, 'check.ts'), CHECK_TS);
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, types: ['node'], typeRoots: [join(root, 'node_modules', '@types')] },
      files: ['check.ts'],
    }));
    const tsc = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], { cwd: project, encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);

    // The installed command.
    const bin = join(project, 'node_modules', '.bin', 'bonesim');
    expect(execFileSync(bin, ['--version'], { cwd: project, encoding: 'utf8' })).toBe(`${pkg.version}\n`);
    const cli = spawnSync(bin, ['run', 'node_modules/bonesim/scenarios/lemaire-baseline.yaml', '--out', 'out', '--format', 'csv'], { cwd: project, encoding: 'utf8' });
    expect(cli.stdout).toMatch(/^ok\s+lemaire-baseline/);
    expect(cli.status).toBe(0);
    // A shipped trial by its id, from the installed package's trials/.
    const trial = spawnSync(bin, ['trial', 'freedom', '--out', 'freedom'], { cwd: project, encoding: 'utf8' });
    expect(trial.stdout).toMatch(/^ok\s+freedom/);
    expect(trial.status).toBe(0);
    expect(readFileSync(join(project, 'freedom', 'endpoints.csv'), 'utf8')).toMatch(/^arm,endpoint,visit_day,value\n/);
    const seconds = (t: number) => (t / 1000).toFixed(1);
    process.stdout.write(`npm pack ${seconds(packedAt - started)} s, offline install ${seconds(installedAt - packedAt)} s, whole test ${seconds(performance.now() - started)} s\n`);
  }, 600_000);
});
