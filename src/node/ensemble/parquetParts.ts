import { parquetMetadata, parquetRead } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { ChunkResult } from '../../ensemble/chunkResult.ts';
import { STATE_NAMES } from '../../ensemble/chunkResult.ts';
import type { EnsembleLayout } from '../../ensemble/ensemble.ts';

/**
 * One chunk of an ensemble as Parquet files (hyparquet-writer; read by DuckDB, pandas/pyarrow,
 * polars and R arrow as a folder of parts): members/part-NNNNN.parquet, one row per member, and for
 * population designs trajectories/part-NNNNN.parquet, one row per member and output time. The bytes
 * depend on the chunk's results only (no time stamps), so a rerun, a resume or a merge of shares
 * writes the same files. Missing values (a failed member's metrics, times after a stop) are nulls.
 *
 * members:      member INT64, status STRING (ok | stopped | failed), reason STRING?, time DOUBLE?,
 *               steps INT32, [grid_point INT64, population_member INT64, label STRING?]
 *               (population designs), one DOUBLE per varied parameter, one DOUBLE? per metric
 * trajectories: member INT64, time DOUBLE, one DOUBLE? per kept species or observable
 */
export interface ChunkFiles {
  members: Uint8Array;
  trajectories?: Uint8Array;
}

/** Key of the Parquet key-value metadata that says which chunk of which design a part holds. */
export const PART_METADATA_KEY = 'bonesim.ensemble.part';

export interface PartIdentity {
  design: string;
  chunk: number;
  first: number;
  count: number;
}

export const PART_DIGITS = 5;
export const partName = (chunk: number) => `part-${String(chunk).padStart(PART_DIGITS, '0')}.parquet`;

const createdBy = 'bonesim ensemble (hyparquet-writer)';

/** Encode a chunk's results as Parquet. */
export function chunkToParquet(layout: EnsembleLayout, chunk: ChunkResult, identity: PartIdentity): ChunkFiles {
  const n = chunk.count;
  const kvMetadata = [{ key: PART_METADATA_KEY, value: JSON.stringify(identity) }];
  const member = new BigInt64Array(n);
  for (let j = 0; j < n; j++) member[j] = BigInt(chunk.first + j);
  const status = Array.from(chunk.state.subarray(0, n), (s) => STATE_NAMES[s]);
  const reason = Array.from({ length: n }, (_, j) => chunk.reasons.get(j) ?? null);
  const columns: Parameters<typeof parquetWriteBuffer>[0]['columnData'] = [
    { name: 'member', data: member, type: 'INT64', nullable: false },
    { name: 'status', data: status, type: 'STRING', nullable: false },
    { name: 'reason', data: reason, type: 'STRING' },
    { name: 'time', data: nullable(chunk.time, 0, n, 1), type: 'DOUBLE' },
    { name: 'steps', data: chunk.steps.slice(0, n), type: 'INT32', nullable: false },
  ];
  if (layout.mode === 'population') {
    const gridPoint = new BigInt64Array(n);
    const within = new BigInt64Array(n);
    for (let j = 0; j < n; j++) {
      const i = chunk.first + j;
      const g = Math.floor(i / layout.populationSize);
      gridPoint[j] = BigInt(g);
      within[j] = BigInt(i - g * layout.populationSize);
    }
    columns.push({ name: 'grid_point', data: gridPoint, type: 'INT64', nullable: false });
    columns.push({ name: 'population_member', data: within, type: 'INT64', nullable: false });
    if (layout.labels) columns.push({ name: 'label', data: Array.from(within, (s) => layout.labels![Number(s)] ?? null), type: 'STRING' });
  }
  const P = layout.parameters.length;
  layout.parameters.forEach((name, k) => columns.push({ name, data: strided(chunk.parameters, k, n, P), type: 'DOUBLE', nullable: false }));
  const M = layout.metrics.length;
  layout.metrics.forEach((metric, m) => columns.push({ name: metric.name, data: nullable(chunk.metrics, m, n, M), type: 'DOUBLE' }));
  checkUnique(columns.map((c) => c.name));
  const members = new Uint8Array(parquetWriteBuffer({ columnData: columns, kvMetadata, createdBy, rowGroupSize: Math.max(1, n), statistics: true }));
  if (!layout.trajectories) return { members };

  const T = layout.times.length;
  const S = layout.series.length;
  const rows = n * T;
  const rowMember = new BigInt64Array(rows);
  const rowTime = new Float64Array(rows);
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < T; k++) {
      rowMember[j * T + k] = BigInt(chunk.first + j);
      rowTime[j * T + k] = layout.times[k];
    }
  }
  const trajectoryColumns: Parameters<typeof parquetWriteBuffer>[0]['columnData'] = [
    { name: 'member', data: rowMember, type: 'INT64', nullable: false },
    { name: 'time', data: rowTime, type: 'DOUBLE', nullable: false },
  ];
  layout.series.forEach((name, s) => {
    // Member j's series s at time k sits at (j S + s) T + k.
    const values = new Array<number | null>(rows);
    for (let j = 0; j < n; j++) {
      const base = (j * S + s) * T;
      for (let k = 0; k < T; k++) {
        const v = chunk.trajectories[base + k];
        values[j * T + k] = Number.isNaN(v) ? null : v;
      }
    }
    trajectoryColumns.push({ name, data: values, type: 'DOUBLE' });
  });
  checkUnique(trajectoryColumns.map((c) => c.name));
  const trajectories = new Uint8Array(parquetWriteBuffer({ columnData: trajectoryColumns, kvMetadata, createdBy, rowGroupSize: Math.max(1, rows), statistics: true }));
  return { members, trajectories };
}

/** Column k of a row-major table, with NaN as null. */
function nullable(values: Float64Array, k: number, n: number, width: number): Array<number | null> {
  const out = new Array<number | null>(n);
  for (let j = 0; j < n; j++) {
    const v = values[j * width + k];
    out[j] = Number.isNaN(v) ? null : v;
  }
  return out;
}

function strided(values: Float64Array, k: number, n: number, width: number): Float64Array {
  const out = new Float64Array(n);
  for (let j = 0; j < n; j++) out[j] = values[j * width + k];
  return out;
}

function checkUnique(names: string[]): void {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw new Error(`two output columns are named ${name}: rename the parameter or the observable`);
    seen.add(name);
  }
}

/** Which chunk a part holds (its key-value metadata), or undefined if the bytes are not a part of ours. */
export function partIdentity(bytes: Uint8Array): PartIdentity | undefined {
  try {
    const metadata = parquetMetadata(toArrayBuffer(bytes));
    const entry = metadata.key_value_metadata?.find((kv) => kv.key === PART_METADATA_KEY);
    return entry?.value ? (JSON.parse(entry.value) as PartIdentity) : undefined;
  } catch {
    return undefined;
  }
}

/** Columns of a part, as they decode (numbers, bigints, strings or nulls), each in row order. */
export async function readPartColumns(bytes: Uint8Array, names: readonly string[]): Promise<Map<string, unknown[]>> {
  const pieces = new Map<string, Array<{ rowStart: number; data: ArrayLike<unknown> }>>(names.map((name) => [name, []]));
  await parquetRead({
    file: toArrayBuffer(bytes),
    columns: [...names],
    onChunk: (chunk) => pieces.get(chunk.columnName)?.push({ rowStart: chunk.rowStart, data: chunk.columnData as ArrayLike<unknown> }),
  });
  const out = new Map<string, unknown[]>();
  for (const [name, list] of pieces) {
    list.sort((a, b) => a.rowStart - b.rowStart);
    const values: unknown[] = [];
    for (const piece of list) for (let j = 0; j < piece.data.length; j++) values.push(piece.data[j]);
    out.set(name, values);
  }
  return out;
}

/** A decoded column as numbers: nulls as NaN, bigints as numbers. */
export function asNumbers(values: readonly unknown[]): Float64Array {
  const out = new Float64Array(values.length);
  for (let j = 0; j < values.length; j++) {
    const v = values[j];
    out[j] = v === null || v === undefined ? NaN : Number(v as number | bigint);
  }
  return out;
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
    ? (bytes.buffer as ArrayBuffer)
    : (bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
}
