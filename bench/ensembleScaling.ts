/**
 * Thread scaling of an ensemble, from one pool's own records: when each worker was created and ready, and when
 * each chunk started and finished on which thread, with that thread's CPU time. From them, beside the whole
 * call's members per second (start-up included), the steady state: members per second while every worker is
 * past its warm-up and none has run out of work, and each worker's busy and CPU share of that window.
 */
import type { EnsembleInputs } from '../src/ensemble/ensemble.ts';
import { runChunks, type ChunkDone, type ChunkTask, type WorkerReady } from '../src/node/ensemble/pool.ts';

export interface WorkerRecord {
  worker: number;
  /** Created -> script loaded -> ensemble opened, milliseconds. */
  load_ms: number;
  open_ms: number;
  chunks: number;
  members: number;
  /** Wall milliseconds inside chunks, and the thread's CPU milliseconds in them (NaN where unknown). */
  busy_ms: number;
  cpu_ms: number;
  /** Wall milliseconds between one chunk and the next (waiting for the main thread to hand out work). */
  gaps_ms: number;
  /** Milliseconds per member in its first chunk and over its last half of members: the warm-up. */
  first_chunk_ms_per_member: number;
  late_ms_per_member: number;
}

export interface ScalingRun {
  threads: number;
  members: number;
  /** The whole call: workers started, every chunk run, workers stopped. */
  wall_seconds: number;
  members_per_second: number;
  /** Steady state: [from, to] seconds after the call began. */
  steady: { from_seconds: number; to_seconds: number; members: number; members_per_second: number; busy_share: number; cpu_share: number };
  workers: WorkerRecord[];
  /** The parts' bytes by chunk (for a same-bytes check). */
  bytes: Uint8Array[];
}

/**
 * Run `tasks` on `threads` workers and read the pool's records. `warmMembers`: members each worker runs
 * before its steady state begins (V8 optimises the generated kernels over the first few hundred).
 */
export async function scalingRun(inputs: EnsembleInputs, tasks: readonly ChunkTask[], threads: number, options: { workerScript?: string; warmMembers?: number } = {}): Promise<ScalingRun> {
  const ready: WorkerReady[] = [];
  const done: ChunkDone[] = [];
  const bytes: Uint8Array[] = [];
  const began = performance.timeOrigin + performance.now();
  await runChunks(tasks, { inputs, design: 'bench', threads, workerScript: options.workerScript }, {
    ready: (info) => ready.push(info),
    chunk: (d) => {
      bytes[d.chunk] = d.files.members;
      done.push(d);
    },
  });
  const ended = performance.timeOrigin + performance.now();
  const members = tasks.reduce((n, t) => n + t.count, 0);
  const warm = options.warmMembers ?? 512;

  // threads 0: the chunks run on this thread, reported as worker 0 (no start-up of its own).
  const byWorker = Array.from({ length: Math.max(1, threads) }, (_, k) => done.filter((d) => d.worker === k).sort((a, b) => a.startedAt - b.startedAt));
  // The window: from the moment the last worker to warm up has run `warm` members, to the moment the first worker finishes its last chunk.
  const warmedAt = byWorker.map((chunks) => {
    let n = 0;
    for (const c of chunks) if ((n += c.count) >= warm) return c.finishedAt;
    return Infinity;
  });
  const from = Math.max(...warmedAt);
  const to = Math.min(...byWorker.map((chunks) => (chunks.length ? chunks[chunks.length - 1].finishedAt : -Infinity)));
  let steadyMembers = 0;
  let busy = 0;
  let cpu = 0;
  for (const c of done) {
    const overlap = Math.max(0, Math.min(to, c.finishedAt) - Math.max(from, c.startedAt));
    const length = c.finishedAt - c.startedAt;
    if (overlap <= 0 || length <= 0) continue;
    steadyMembers += (c.count * overlap) / length;
    busy += overlap;
    cpu += (c.cpuMilliseconds * overlap) / length;
  }
  const window = to - from;
  const workers = byWorker.map((chunks, k): WorkerRecord => {
    const r = ready.find((x) => x.worker === k) ?? { createdAt: began, openedAt: began, readyAt: began };
    let gaps = 0;
    for (let i = 1; i < chunks.length; i++) gaps += chunks[i].startedAt - chunks[i - 1].finishedAt;
    const n = chunks.reduce((s, c) => s + c.count, 0);
    let seen = 0;
    const late = chunks.filter((c) => (seen += c.count) > n / 2);
    const perMember = (cs: ChunkDone[]) => cs.reduce((s, c) => s + c.finishedAt - c.startedAt, 0) / Math.max(1, cs.reduce((s, c) => s + c.count, 0));
    return {
      worker: k,
      load_ms: r.openedAt - r.createdAt,
      open_ms: r.readyAt - r.openedAt,
      chunks: chunks.length,
      members: n,
      busy_ms: chunks.reduce((s, c) => s + c.finishedAt - c.startedAt, 0),
      cpu_ms: chunks.reduce((s, c) => s + c.cpuMilliseconds, 0),
      gaps_ms: gaps,
      first_chunk_ms_per_member: chunks.length ? perMember(chunks.slice(0, 1)) : NaN,
      late_ms_per_member: perMember(late),
    };
  });
  return {
    threads,
    members,
    wall_seconds: (ended - began) / 1000,
    members_per_second: members / ((ended - began) / 1000),
    steady: window > 0
      ? { from_seconds: (from - began) / 1000, to_seconds: (to - began) / 1000, members: steadyMembers, members_per_second: steadyMembers / (window / 1000), busy_share: busy / (byWorker.length * window), cpu_share: cpu / (byWorker.length * window) }
      : { from_seconds: NaN, to_seconds: NaN, members: 0, members_per_second: NaN, busy_share: NaN, cpu_share: NaN },
    workers,
    bytes,
  };
}
