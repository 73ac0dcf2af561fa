import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

/**
 * The one browser every browser test drives, through playwright-core (`npx playwright install`
 * cannot download here). Debian's /usr/bin/chromium when it is there; otherwise the Chromium that
 * the npm package @sparticuz/chromium ships inside itself (a devDependency, so `npm ci` brings it):
 * `npm test` needs no system browser. BONESIM_CHROMIUM=path picks a binary, BONESIM_CHROMIUM=npm
 * (or a path that does not exist) forces the npm one.
 */
export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/** No network services, no GPU, no first-run work: the same browser every run. */
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

export interface ChromiumChoice {
  executable: string;
  source: 'debian' | 'BONESIM_CHROMIUM' | 'npm';
  args: string[];
  /** First use of the npm browser: how long unpacking it took (ms). */
  unpackMilliseconds?: number;
}

let chosen: Promise<ChromiumChoice> | undefined;

export function chooseChromium(): Promise<ChromiumChoice> {
  chosen ??= choose();
  return chosen;
}

async function choose(): Promise<ChromiumChoice> {
  const asked = process.env.BONESIM_CHROMIUM;
  if (asked && asked !== 'npm' && existsSync(asked)) return { executable: asked, source: 'BONESIM_CHROMIUM', args: FLAGS };
  if (!asked && existsSync(DEBIAN_CHROMIUM)) return { executable: DEBIAN_CHROMIUM, source: 'debian', args: FLAGS };
  return npmChromium();
}

/**
 * Of @sparticuz/chromium's Lambda defaults, dropped: --single-process (it kills the browser when a
 * second context opens), its --headless (ours is in FLAGS), the GPU emulation (FLAGS disable the GPU)
 * and the switches that turn web security off (pages must meet the same rules as in Debian's browser).
 */
const DROPPED_NPM_FLAGS = /^--(single-process|headless|use-gl|use-angle|enable-unsafe-swiftshader|ignore-gpu-blocklist|in-process-gpu|disable-web-security|allow-running-insecure-content)\b/;

/**
 * @sparticuz/chromium unpacks its brotli-packed binary (~200 MB) into os.tmpdir() on first use. It
 * gets a folder of its own, per version, unpacked by a child process whose TMPDIR points to a
 * private folder that is then renamed into place: test files running in parallel never see a
 * half-written browser. Its default args include --single-process, which kills the browser when a
 * second context opens: dropped, like its own --headless (ours is in FLAGS).
 */
async function npmChromium(): Promise<ChromiumChoice> {
  const require = createRequire(import.meta.url);
  const entry = require.resolve('@sparticuz/chromium');
  const { version } = JSON.parse(readFileSync(join(packageRoot(entry), 'package.json'), 'utf8')) as { version: string };
  const home = join(tmpdir(), `bonesim-sparticuz-chromium-${version}`);
  const executable = join(home, 'chromium');
  let unpackMilliseconds: number | undefined;
  if (!existsSync(executable)) {
    const started = performance.now();
    const unpacking = `${home}.unpacking-${process.pid}`;
    mkdirSync(unpacking, { recursive: true });
    const script = `import(${JSON.stringify(pathToFileURL(entry).href)}).then((m) => m.default.executablePath())`
      + '.then((path) => process.stdout.write(path), (error) => { console.error(error); process.exit(1); })';
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, TMPDIR: unpacking }, encoding: 'utf8', timeout: 300_000 });
    if (run.status !== 0 || run.stdout !== join(unpacking, 'chromium')) {
      rmSync(unpacking, { recursive: true, force: true });
      throw new Error(`could not unpack @sparticuz/chromium ${version} into ${unpacking}: ${run.stderr || run.stdout}`);
    }
    try {
      renameSync(unpacking, home);
    } catch {
      // another test file unpacked it first: use theirs
      rmSync(unpacking, { recursive: true, force: true });
    }
    unpackMilliseconds = performance.now() - started;
    process.stdout.write(`unpacked @sparticuz/chromium ${version} into ${home} in ${(unpackMilliseconds / 1000).toFixed(1)} s\n`);
  }
  const chromiumModule = (await import(pathToFileURL(entry).href)) as { default: { args: string[] } };
  const args = [...new Set([...chromiumModule.default.args.filter((a) => !DROPPED_NPM_FLAGS.test(a)), ...FLAGS])];
  return { executable, source: 'npm', args, unpackMilliseconds };
}

function packageRoot(file: string): string {
  let dir = dirname(file);
  for (; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name) return dir;
  }
  throw new Error(`no package.json above ${file}`);
}

/** A fresh browser (its own temporary profile); open contexts for each viewport with browser.newContext. */
export async function launchChromium(): Promise<Browser> {
  const choice = await chooseChromium();
  return chromium.launch({ executablePath: choice.executable, headless: true, args: choice.args });
}
