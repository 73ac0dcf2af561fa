// Issue 16: output locations that cannot be written, text that must not break SVG or the terminal,
// files that are not data. Each case ends in a clear exit-2 error and no partial output.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOMParser } from 'linkedom';
import { afterAll, describe, expect, it } from 'vitest';
import { explain } from '../../src/node/atomicWrite.ts';
import { BonesimError } from '../../src/errors.ts';

function bonesim(args: string[], options: { cwd?: string; input?: string } = {}) {
  const run = spawnSync(process.execPath, [join(process.cwd(), 'bin/bonesim.mjs'), ...args], { encoding: 'utf8', timeout: 60_000, cwd: options.cwd });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const freshDir = () => mkdtempSync(join(tmpdir(), 'bonesim-hostile-'));
const scenario = 'scenarios/lemaire-baseline.yaml';

/** A tiny tmpfs (root only): a full disk and a read-only disk that are real. */
function tmpfs(options: string): string | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const dir = freshDir();
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'ignore' });
    mounted.push(dir);
    return dir;
  } catch {
    return undefined;
  }
}
const mounted: string[] = [];
afterAll(() => {
  for (const dir of mounted) spawnSync('umount', [dir]);
});

/** What the output folder holds, temporaries included. */
const leftovers = (dir: string) => (existsSync(dir) ? readdirSync(dir, { recursive: true }).map(String) : []);

describe('output locations that cannot be written', () => {
  it('an existing file as --out: exit 2, says a file is in the way, no stack trace', () => {
    const file = join(freshDir(), 'taken');
    writeFileSync(file, 'mine');
    const { code, stderr } = bonesim(['run', scenario, '--out', file]);
    expect(code).toBe(2);
    expect(stderr).toContain('cannot make the output folder here: a file of that name exists');
    expect(stderr).toContain('what to do: choose another --out');
    expect(stderr).not.toMatch(/internal error|\n\s+at /);
    expect(readFileSync(file, 'utf8')).toBe('mine');
  });

  it('/dev/null and a path under a file: exit 2 with what to do', () => {
    expect(bonesim(['run', scenario, '--out', '/dev/null'])).toMatchObject({ code: 2 });
    const file = join(freshDir(), 'plain');
    writeFileSync(file, '');
    const { code, stderr } = bonesim(['run', scenario, '--out', join(file, 'sub')]);
    expect(code).toBe(2);
    expect(stderr).toContain('part of the path is a file, not a folder');
  });

  it('a full disk (ENOSPC): exit 2, nothing left behind', () => {
    const disk = tmpfs('size=64k');
    const codes = { ENOSPC: 'the disk is full', EROFS: 'the file system is read-only', EACCES: 'permission denied' };
    // Where mounting is not allowed, the mapping itself is still checked on real error codes.
    for (const [code, words] of Object.entries(codes)) {
      const error = explain(Object.assign(new Error(code), { code }), '/x/y.csv');
      expect(error).toBeInstanceOf(BonesimError);
      expect((error as BonesimError).message).toContain(words);
    }
    if (!disk) return;
    const { code, stderr } = bonesim(['run', 'scenarios/lemaire-pth-10-years.yaml', '--out', disk]);
    expect(code).toBe(2);
    expect(stderr).toContain('the disk is full');
    expect(leftovers(disk)).toEqual([]);
  });

  it('a read-only disk (EROFS): exit 2', () => {
    const disk = tmpfs('size=1m,ro');
    if (!disk) return;
    const { code, stderr } = bonesim(['run', scenario, '--out', join(disk, 'out')]);
    expect(code).toBe(2);
    expect(stderr).toContain('the file system is read-only');
  });

  it('SIGTERM or SIGINT while writing leaves no temporary file', async () => {
    // A run with a large output (ten years every 0.05 day), killed the moment its first temporary
    // file appears: without the hold, the process dies with the .tmp file half written.
    const big = join(freshDir(), 'big.yaml');
    writeFileSync(big, readFileSync('scenarios/lemaire-pth-10-years.yaml', 'utf8').replace(/^model: .*$/m, 'model: lemaire2004').replace(/^output_every: .*$/m, 'output_every: 0.05 day'));
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const out = freshDir();
      const child = spawn(process.execPath, ['bin/bonesim.mjs', 'run', big, '--out', out, '--format', 'csv,json']);
      const ended = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
      let sawTemporary = false;
      const poll = setInterval(() => {
        if (leftovers(out).some((f) => f.endsWith('.tmp'))) {
          sawTemporary = true;
          child.kill(signal);
          clearInterval(poll);
        }
      }, 2);
      await ended;
      clearInterval(poll);
      expect(sawTemporary, 'the signal was sent while a temporary file existed').toBe(true);
      expect(leftovers(out).filter((f) => f.endsWith('.tmp')), signal).toEqual([]);
    }
  }, 120_000);
});

describe('text that reaches SVG, HTML and the terminal', () => {
  const hostile = () => {
    const dir = freshDir();
    const text = readFileSync(scenario, 'utf8')
      .replace(/^id: .*$/m, 'id: hostile-title')
      .replace(/^title: .*$/m, 'title: "free RANKL (< 1 pM) & OPG \\u001b[31mred\\u0007 \\u202eevil"')
      .replace(/^model: .*$/m, 'model: lemaire2004');
    const file = join(dir, 'hostile.yaml');
    writeFileSync(file, text);
    return file;
  };

  it('< and & in a title give well-formed SVG, a PNG, and the title intact', () => {
    const out = freshDir();
    const { code } = bonesim(['run', hostile(), '--out', out, '--format', 'svg,png']);
    expect(code).toBe(0);
    const svg = readFileSync(join(out, 'hostile-title.svg'), 'utf8');
    const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
    expect(doc.querySelector('parsererror')).toBeNull();
    expect(svg).toContain('free RANKL (&lt; 1 pM) &amp; OPG');
    expect(svg).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    expect(readFileSync(join(out, 'hostile-title.png')).subarray(1, 4).toString()).toBe('PNG');
  });

  it('compare draws it too, and the terminal never receives a raw escape sequence', () => {
    const out = freshDir();
    const { code, stdout, stderr } = bonesim(['compare', hostile(), scenario, '--out', out]);
    expect(code).toBe(0);
    expect(stdout + stderr).not.toMatch(/[\u001b\u0007\u202e]/);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('free RANKL (&lt; 1 pM) &amp; OPG');
  });
});

describe('files that are not model or scenario data', () => {
  it('never echoes the content of a file that is not YAML data', () => {
    const { code, stderr } = bonesim(['run', '/etc/passwd']);
    expect(code).toBe(2);
    expect(stderr).toContain('reads as plain text: is it a scenario file?');
    expect(stderr).not.toContain('root:');
  });

  it('refuses devices and named pipes instead of reading forever', () => {
    const fifo = join(freshDir(), 'pipe.yaml');
    execFileSync('mkfifo', [fifo]);
    for (const path of ['/dev/zero', '/dev/urandom', fifo]) {
      const { code, stderr } = bonesim(['validate', path]);
      expect(code, path).toBe(2);
      expect(stderr, path).toContain('is not a regular file');
    }
    // ...also when one sits in a models/ folder that `list` reads
    const dir = freshDir();
    mkdirSync(join(dir, 'models'));
    execFileSync('mkfifo', [join(dir, 'models', 'stuck.yaml')]);
    const listed = bonesim(['list'], { cwd: dir });
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('stuck');
    rmSync(dir, { recursive: true });
  });

  it('two scenarios with one id in one run are refused before anything is written', () => {
    const out = freshDir();
    const copy = join(freshDir(), 'copy.yaml');
    writeFileSync(copy, readFileSync(scenario, 'utf8').replace(/^model: .*$/m, 'model: lemaire2004'));
    const { code, stderr } = bonesim(['run', scenario, copy, '--out', out]);
    expect(code).toBe(2);
    expect(stderr).toContain('two scenarios have the id "lemaire-baseline"');
    expect(leftovers(out)).toEqual([]);
  });
});
