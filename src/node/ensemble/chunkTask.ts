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
  /** CPU milliseconds the thread spent on it (runs and encoding). */
  cpuMilliseconds: number;
}

/** Run one chunk and encode it; the same code on a worker thread and on the main thread. */
export function runChunkTask(ensemble: Ensemble, task: ChunkTask, design: string, reuse: { chunk?: ChunkResult }, progress?: (done: number) => void): ChunkDone {
  const cpu = process.cpuUsage();
  if (!reuse.chunk || reuse.chunk.capacity < task.count) reuse.chunk = createChunkResult(ensemble.layout, task.count);
  const chunk = ensemble.runChunk(task.first, task.count, reuse.chunk, progress);
  let failed = 0;
  let stopped = 0;
  for (let j = 0; j < chunk.count; j++) {
    if (chunk.state[j] === STATE_CODES.failed) failed++;
    else if (chunk.state[j] === STATE_CODES.stopped) stopped++;
  }
  const files = chunkToParquet(ensemble.layout, chunk, { design, chunk: task.chunk, first: task.first, count: task.count });
  const used = process.cpuUsage(cpu);
  return { ...task, files, failed, stopped, cpuMilliseconds: (used.user + used.system) / 1000 };
}
