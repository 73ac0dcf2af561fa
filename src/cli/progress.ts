import { terminalSafe } from './terminal.ts';

/**
 * Progress of long work on standard error: on a terminal one line redrawn in place (a bar, done and
 * total, the rate and the time left), elsewhere (a log file, CI, a Slurm job's output) a plain line
 * at every tenth of the work and at least every 30 s.
 */
export interface Progress {
  add(members: number): void;
  /** Members that failed so far (shown beside the count). */
  failed(count: number): void;
  done(): void;
}

export function progressLine(label: string, total: number, already: number, stream: NodeJS.WriteStream = process.stderr, now = () => performance.now()): Progress {
  const tty = Boolean(stream.isTTY);
  const started = now();
  let done = already;
  let failures = 0;
  let lastDraw = 0;
  let lastTenth = Math.floor((10 * done) / Math.max(1, total));
  let lastLine = started;
  const draw = (final = false) => {
    const t = now();
    const elapsed = (t - started) / 1000;
    const ran = done - already;
    const rate = elapsed > 0 ? ran / elapsed : 0;
    const left = rate > 0 ? (total - done) / rate : NaN;
    const fraction = total ? done / total : 1;
    const counts = `${done.toLocaleString('en')}/${total.toLocaleString('en')} members`;
    const speed = ran > 0 ? `${formatRate(rate)}/s` : '';
    const eta = final ? `in ${formatDuration(elapsed)}` : Number.isFinite(left) ? `ETA ${formatDuration(left)}` : '';
    const failed = failures ? `${failures} failed` : '';
    const tail = [speed, eta, failed].filter(Boolean).join(', ');
    if (tty) {
      const width = 24;
      const filled = Math.round(fraction * width);
      stream.write(`\r\x1b[K${terminalSafe(label)} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(100 * fraction).toFixed(0).padStart(3)}% ${counts}${tail ? `  ${tail}` : ''}${final ? '\n' : ''}`);
    } else {
      stream.write(`${terminalSafe(label)}: ${counts} (${(100 * fraction).toFixed(0)} %)${tail ? `, ${tail}` : ''}\n`);
    }
    lastDraw = t;
    lastLine = t;
  };
  return {
    add(members) {
      done += members;
      const t = now();
      if (tty) {
        if (t - lastDraw >= 100) draw();
        return;
      }
      const tenth = Math.floor((10 * done) / Math.max(1, total));
      if (tenth > lastTenth || t - lastLine >= 30_000) {
        lastTenth = tenth;
        if (done < total) draw();
      }
    },
    failed(count) {
      failures = count;
    },
    done() {
      draw(true);
    },
  };
}

function formatRate(rate: number): string {
  return rate >= 100 ? Math.round(rate).toLocaleString('en') : rate.toPrecision(2);
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds - 60 * m);
  if (m < 60) return `${m} min ${String(s).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}
