import { readFileSync } from 'node:fs';
import { createChunkResult, STATE_CODES, type ChunkResult } from '../../ensemble/chunkResult.ts';
import type { Ensemble } from '../../ensemble/ensemble.ts';
import { chunkToParquet, type ChunkFiles } from './parquetParts.ts';

/** A run of consecutive members: chunk number `chunk` holds members first .. first + count - 1. */
export interface ChunkTask {
  chunk: number;
  first: number;
  count: number;
}

/** A chunk run and encoded: its part files and how many members failed or stopped early. */
export interface ChunkDone extends ChunkTask {
  files: ChunkFiles;
  failed: number;
  stopped: number;
  /** CPU milliseconds the thread that ran it spent on it (runs and encoding; NaN where the thread's own CPU time cannot be read, see threadCpuMilliseconds). */
  cpuMilliseconds: number;
  /** When the thread started and finished it: milliseconds since the Unix epoch (performance.timeOrigin + performance.now(), comparable between threads). */
  startedAt: number;
  finishedAt: number;
  /** Which worker thread ran it (0, 1, ...; 0 also for a run on the calling thread). */
  worker: number;
}

/**
 * CPU milliseconds the calling thread has used: process.threadCpuUsage where Node has it (24+), else
 * Linux's /proc/thread-self/stat (10 ms ticks), else NaN. Not process.cpuUsage: on a worker thread that
 * counts every thread of the process.
 */
export function threadCpuMilliseconds(): number {
  const own = (process as { threadCpuUsage?: () => NodeJS.CpuUsage }).threadCpuUsage;
  if (own) {
    const u = own.call(process);
    return (u.user + u.system) / 1000;
  }
  try {
    // Fields after the command name: state is the 1st, utime the 12th, stime the 13th, in clock ticks (USER_HZ, 100 on Linux).
    const stat = readFileSync('/proc/thread-self/stat', 'latin1');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

/** Now, in milliseconds since the Unix epoch, with performance.now()'s resolution. */
export function epochMilliseconds(): number {
  return performance.timeOrigin + performance.now();
}

/** Run one chunk and encode it; the same code on a worker thread and on the main thread. */
export function runChunkTask(ensemble: Ensemble, task: ChunkTask, design: string, reuse: { chunk?: ChunkResult }, progress?: (done: number) => void, worker = 0): ChunkDone {
  const startedAt = epochMilliseconds();
  const cpu = threadCpuMilliseconds();
  if (!reuse.chunk || reuse.chunk.capacity < task.count) reuse.chunk = createChunkResult(ensemble.layout, task.count);
  const chunk = ensemble.runChunk(task.first, task.count, reuse.chunk, progress);
  let failed = 0;
  let stopped = 0;
  for (let j = 0; j < chunk.count; j++) {
    if (chunk.state[j] === STATE_CODES.failed) failed++;
    else if (chunk.state[j] === STATE_CODES.stopped) stopped++;
  }
  const files = chunkToParquet(ensemble.layout, chunk, { design, chunk: task.chunk, first: task.first, count: task.count });
  return { ...task, files, failed, stopped, cpuMilliseconds: threadCpuMilliseconds() - cpu, startedAt, finishedAt: epochMilliseconds(), worker };
}
