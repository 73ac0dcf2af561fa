/**
 * Counter-based random numbers: Threefry-2x32 with 20 rounds (Salmon, Moraes, Dror & Shaw, "Parallel
 * random numbers: as easy as 1, 2, 3", SC'11; the Random123 library's default). A draw is a pure
 * function of (key, counter): member i's numbers are Threefry(key, (i, j)) for j = 0, 1, ..., so they
 * never depend on which thread, chunk or shard computes them, or in what order.
 *
 * Only 32-bit additions, rotations and exclusive-ors: exact in JavaScript's int32 arithmetic.
 */

/** Rotation constants of Threefry-2x32 (Random123's R_32x2). */
const R0 = 13, R1 = 15, R2 = 26, R3 = 6, R4 = 17, R5 = 29, R6 = 16, R7 = 24;
/** Threefish's key-schedule parity constant. */
const PARITY = 0x1bd11bda;

/** The two output words of the last `threefry2x32` call (read them before the next call). */
export const threefryOut = new Uint32Array(2);

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

/**
 * Threefry-2x32-20 of counter (c0, c1) under key (k0, k1); the result is written to `threefryOut`
 * (two uint32 words). Allocation-free.
 */
export function threefry2x32(k0: number, k1: number, c0: number, c1: number): void {
  const k2 = (k0 ^ k1 ^ PARITY) | 0;
  let x0 = (c0 + k0) | 0;
  let x1 = (c1 + k1) | 0;
  // Five groups of four rounds, each followed by a key injection (s = 1..5).
  x0 = (x0 + x1) | 0; x1 = rotl(x1, R0) ^ x0;
  x0 = (x0 + x1) | 0; x1 = rotl(x1, R1) ^ x0;
  x0 = (x0 + x1) | 0; x1 = rotl(x1, R2) ^ x0;
  x0 = (x0 + x1) | 0; x1 = rotl(x1, R3) ^ x0;
  x0 = (x0 + k1) | 0; x1 = (x1 + k2 + 1) | 0;
  x0 = (x0 + x1) | 0; x1 = rotl(x1, R4) ^ x0;
  x0 = (x0 + x1) | 0; x1 = rotl(x1, R5) ^ x0;
  x0 = (x0 + x1) | 0; x1 = rotl(x1, R6) ^ x0;
  x0 = (x0 + x1) | 0; x1 = rotl(x1, R7) ^ x0;
  x0 = (x0 + k2) | 0; x1 = (x1 + k0 + 2) | 0;
  x0 = (x0 + x1) | 0; x1 = rotl(x1, R0) ^ x0;
  x0 = (x0 + x1) | 0; x1 = rotl(x1, R1) ^ x0;
  x0 = (x0 + x1) | 0; x1 = rotl(x1, R2) ^ x0;
  x0 = (x0 + x1) | 0; x1 = rotl(x1, R3) ^ x0;
  x0 = (x0 + k0) | 0; x1 = (x1 + k1 + 3) | 0;
  x0 = (x0 + x1) | 0; x1 = rotl(x1, R4) ^ x0;
  x0 = (x0 + x1) | 0; x1 = rotl(x1, R5) ^ x0;
  x0 = (x0 + x1) | 0; x1 = rotl(x1, R6) ^ x0;
  x0 = (x0 + x1) | 0; x1 = rotl(x1, R7) ^ x0;
  x0 = (x0 + k1) | 0; x1 = (x1 + k2 + 4) | 0;
  x0 = (x0 + x1) | 0; x1 = rotl(x1, R0) ^ x0;
  x0 = (x0 + x1) | 0; x1 = rotl(x1, R1) ^ x0;
  x0 = (x0 + x1) | 0; x1 = rotl(x1, R2) ^ x0;
  x0 = (x0 + x1) | 0; x1 = rotl(x1, R3) ^ x0;
  x0 = (x0 + k2) | 0; x1 = (x1 + k0 + 5) | 0;
  threefryOut[0] = x0;
  threefryOut[1] = x1;
}

const TWO_POW_MINUS_53 = 2 ** -53;

/**
 * A uniform number in the open interval (0, 1) with 53 random bits: draw j of stream `key` at
 * counter `index`. Never exactly 0 or 1, so every inverse CDF stays finite.
 */
export function uniformAt(key: StreamKey, index: number, j: number): number {
  threefry2x32(key.k0, key.k1, index | 0, j | 0);
  const high = threefryOut[0] >>> 5; // 27 bits
  const low = threefryOut[1] >>> 6; // 26 bits
  // (k + 0.5) / 2^53 for k in [0, 2^53): the midpoints of 2^53 equal cells.
  return (high * 67108864 + low + 0.5) * TWO_POW_MINUS_53;
}

/** An integer in [0, n) for n <= 2^32 (bootstrap indices): floor(u n) of a 53-bit u, biased by at most n / 2^53. */
export function integerBelow(key: StreamKey, index: number, j: number, n: number): number {
  threefry2x32(key.k0, key.k1, index | 0, j | 0);
  const u = ((threefryOut[0] >>> 5) * 67108864 + (threefryOut[1] >>> 6)) * TWO_POW_MINUS_53;
  return Math.floor(u * n);
}

/** A 64-bit Threefry key for one purpose of one seed. */
export interface StreamKey {
  readonly k0: number;
  readonly k1: number;
}

/**
 * Independent streams of one seed: the key of purpose `purpose` is Threefry of (purpose, 0) under the
 * seed itself, so member sampling, scrambling, Morris trajectories and bootstrap never share numbers.
 * Seeds are non-negative integers below 2^53 (what YAML and JSON can carry exactly).
 */
export function streamKey(seed: number, purpose: StreamPurpose): StreamKey {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`a seed is an integer from 0 to 2^53 - 1, got ${seed}`);
  const low = seed % 4294967296;
  const high = Math.floor(seed / 4294967296);
  threefry2x32(low | 0, high | 0, PURPOSES[purpose], 0x62736d31 /* "bsm1" */);
  return { k0: threefryOut[0] | 0, k1: threefryOut[1] | 0 };
}

const PURPOSES = {
  members: 1,
  scramble: 2,
  morris: 3,
  bootstrap: 4,
  copula: 5,
} as const;

export type StreamPurpose = keyof typeof PURPOSES;

/**
 * A sequential stream for runs of draws that need reproducibility per run, not random access within
 * it (a member's d uniforms, a bootstrap replicate's N row picks): xoshiro128** (Blackman & Vigna
 * 2018), its 128-bit state seeded from two Threefry calls of (key, run), so each run's numbers are a
 * pure function of (seed, purpose, run) and runs are independent of each other and of every other
 * stream. A draw costs a few integer operations, several times less than a Threefry call.
 */
export interface SequentialStream {
  s: Uint32Array;
}

export function sequentialStream(): SequentialStream {
  return { s: new Uint32Array(4) };
}

/** Start `stream` at run `run` of `key`. */
export function seedSequential(stream: SequentialStream, key: StreamKey, run: number): void {
  threefry2x32(key.k0, key.k1, run | 0, 0x73657131);
  stream.s[0] = threefryOut[0];
  stream.s[1] = threefryOut[1];
  threefry2x32(key.k0, key.k1, run | 0, 0x73657132);
  stream.s[2] = threefryOut[0];
  stream.s[3] = threefryOut[1] | 1; // never the all-zero state
}

/** The next 32-bit output of xoshiro128**, as an unsigned number. */
export function nextUint32(stream: SequentialStream): number {
  const s = stream.s;
  const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
  const t = s[1] << 9;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 11);
  return result;
}

/** The next uniform of a sequential stream, in (0, 1) with 53 bits (the midpoint of its cell, as uniformAt). */
export function nextUniform(stream: SequentialStream): number {
  const high = nextUint32(stream) >>> 5;
  const low = nextUint32(stream) >>> 6;
  return (high * 67108864 + low + 0.5) * TWO_POW_MINUS_53;
}

/**
 * The first n uniforms (53 bits, in (0, 1)) of run `run` of the sequential stream of `key`, into
 * out[0..n-1]: the same numbers as seedSequential then n nextUniform calls, with the state in
 * registers. Allocation-free.
 */
export function fillUniforms(key: StreamKey, run: number, out: Float64Array, n: number): void {
  threefry2x32(key.k0, key.k1, run | 0, 0x73657131);
  let s0 = threefryOut[0] | 0, s1 = threefryOut[1] | 0;
  threefry2x32(key.k0, key.k1, run | 0, 0x73657132);
  let s2 = threefryOut[0] | 0, s3 = threefryOut[1] | 1;
  for (let k = 0; k < n; k++) {
    let high = 0;
    for (let half = 0; half < 2; half++) {
      const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
      const t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = rotl(s3, 11);
      if (half === 0) high = result >>> 5;
      else out[k] = (high * 67108864 + (result >>> 6) + 0.5) * TWO_POW_MINUS_53;
    }
  }
}
