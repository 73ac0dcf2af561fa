// Issue 16, hostile input: where cost explodes, a limit with a clear error (exit 2, no stack trace),
// and below the limit the work stays bounded. Big inputs are generated here rather than committed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decimateByPixel } from '../../src/render/chartPanel.ts';
import { outputGrid } from '../../src/simulate/outputGrid.ts';

function bonesim(...args: string[]) {
  const run = spawnSync(process.execPath, ['bin/bonesim.mjs', ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}
const scratch = (name: string, text: string) => {
  const file = join(mkdtempSync(join(tmpdir(), 'bonesim-limits-')), name);
  writeFileSync(file, text);
  return file;
};

/** A model whose rate reads a chain of `depth` named expressions. */
function chainModel(depth: number): string {
  const lines = ['id: chain', 'title: a chain of definitions', 'citation: test', 'time_unit: day',
    'species: { x: { initial: 1, unit: pM, description: x } }',
    'parameters: { k: { value: 0.1, unit: 1/day, description: clearance, source: test } }', 'expressions:', '  e0: { expr: k, unit: 1/day }'];
  for (let i = 1; i < depth; i++) lines.push(`  e${i}: { expr: e${i - 1} * (1 + 0 * x / (x + x)), unit: 1/day }`);
  lines.push('rates:', `  x: -e${depth - 1} * x`);
  return lines.join('\n') + '\n';
}

describe('limits where cost explodes', () => {
  it('4000 chained named expressions: a clear limit, not a call-stack overflow', () => {
    const { code, stderr } = bonesim('validate', scratch('chain.yaml', chainModel(4000)));
    expect(code).toBe(2);
    expect(stderr).toMatch(/definitions build on each other 501 deep here .* the limit is 500/);
    expect(stderr).not.toMatch(/internal error|RangeError/);
  });

  it('a chain at the limit compiles, integrates and has a steady state (every later walk fits the stack)', () => {
    const file = scratch('chain.yaml', chainModel(500));
    expect(bonesim('validate', file).code).toBe(0);
    const steady = bonesim('steady', file);
    expect(steady.code).toBe(0);
    expect(steady.stdout).toContain('steady state');
  });

  it('many repeating events together: refused beyond 200,000 occurrences in all', () => {
    const events = Array.from({ length: 12 }, (_, k) => `  - { every: 6 hour, from: ${k} day, until: 5000 day, add: { C: 0 }, description: tick ${k} }`);
    const file = scratch('events.yaml', ['id: many-events', 'model: lemaire2004', 'duration: 5000 day', 'events:', ...events].join('\n') + '\n');
    const { code, stderr } = bonesim('validate', file);
    expect(code).toBe(2);
    expect(stderr).toContain('occurrences; a scenario may hold 200000');
  });

  it('thousands of species: steady states refuse beyond 600 species instead of running for minutes', () => {
    const names = Array.from({ length: 700 }, (_, i) => `x${i}`);
    const text = ['id: big', 'title: big', 'citation: test', 'time_unit: day',
      'species:', ...names.map((n) => `  ${n}: { initial: 1, unit: pM, description: ${n} }`),
      'parameters: { k: { value: 0.1, unit: 1/day, description: k, source: test } }',
      'rates:', ...names.map((n, i) => `  ${n}: -k * ${n}${i ? ` + k * x${i - 1}` : ''}`)].join('\n') + '\n';
    const started = Date.now();
    const { code, stderr } = bonesim('steady', scratch('big.yaml', text));
    expect(code).toBe(2);
    expect(stderr).toContain('has 700 species; steady states (dense Newton) are limited to 600');
    expect(Date.now() - started).toBeLessThan(60_000);
  });
});

describe('dense output for charts and fine output steps', () => {
  it('a million samples become a few per pixel column, keeping the exact envelope', () => {
    const n = 1_000_000;
    const xs = new Float64Array(n);
    const ys = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      xs[i] = (600 * i) / n;
      ys[i] = Math.sin(i / 50) + (i === 123_456 ? 5 : 0);
    }
    const [px, py] = decimateByPixel(xs, ys);
    expect(px.length).toBeLessThanOrEqual(4 * 600);
    const extent = (a: Float64Array) => a.reduce(([lo, hi], v) => [Math.min(lo, v), Math.max(hi, v)], [Infinity, -Infinity]);
    expect(extent(py)).toEqual(extent(ys));
    for (let i = 1; i < px.length; i++) expect(px[i]).toBeGreaterThanOrEqual(px[i - 1]);
  });

  it('an output step far below a day is honoured, not coarsened to 1e-9', () => {
    const grid = outputGrid(1e-6, 1e-12);
    expect(grid.length).toBe(1_000_001);
    expect(grid[1]).toBe(1e-12);
    expect(grid[grid.length - 1]).toBe(1e-6);
  });
});
