import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

/**
 * Every notebook runs to the end and writes its page, its figures and its index entry, and
 * every claim it checks against its own numbers holds (a notebook that finds a mismatch
 * with the paper states it as a computed fact, which must hold too).
 */
const notebooks = readdirSync('notebooks').filter((f) => f.endsWith('.ts') && f !== 'index.ts').sort();
const out = mkdtempSync(join(tmpdir(), 'bonesim-notebooks-'));

beforeAll(() => {
  process.env.BONESIM_NOTEBOOK_OUT = out;
  vi.spyOn(process.stdout, 'write').mockReturnValue(true);
});
afterAll(() => {
  delete process.env.BONESIM_NOTEBOOK_OUT;
  vi.restoreAllMocks();
});

describe.each(notebooks)('notebooks/%s', (file) => {
  const name = file.replace(/\.ts$/, '');

  it('runs, writes its page with figures and PNGs, and every checked claim holds', async () => {
    await import(pathToFileURL(resolve('notebooks', file)).href);
    const page = readFileSync(join(out, `${name}.html`), 'utf8');
    expect(page).toMatch(/<h1>[^<]+<\/h1>/);
    expect(page).not.toMatch(/<script|<link /);
    const figures = (page.match(/<figure /g) ?? []).length;
    expect(figures).toBeGreaterThan(0);
    for (let k = 1; k <= figures; k++) expect(existsSync(join(out, `${name}-figure-${k}.png`))).toBe(true);
    const meta = JSON.parse(readFileSync(join(out, `${name}.json`), 'utf8')) as { checks: { claim: string; holds: boolean; evidence: string }[] };
    expect(meta.checks.length).toBeGreaterThan(0);
    expect(meta.checks.filter((c) => !c.holds).map((c) => `${c.claim} [${c.evidence}]`)).toEqual([]);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain(`href="${name}.html"`);
  });
});
