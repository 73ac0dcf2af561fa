import { JOE_KUO_6_21201, JOE_KUO_DIMENSIONS } from './joeKuoDirections.ts';
import { streamKey, threefry2x32, threefryOut } from './counterRandom.ts';

/**
 * The Sobol sequence (Joe-Kuo 6.21201 direction numbers), addressable by index: point i is the XOR of
 * the direction numbers selected by the bits of gray(i) = i ^ (i >> 1), the order in which Joe and
 * Kuo's generator, and scipy's, emit points. 32 bits, so indices up to 2^32 - 1.
 *
 * Scrambling is Owen's nested uniform scrambling (Owen 1995): every node of the binary tree of
 * intervals of each coordinate flips its subtree with probability 1/2, independently. A node's flip is
 * the top bit of a keyed 32-bit hash of its heap number (1 << level | prefix), with per-dimension keys
 * from Threefry of the seed, so the scrambled point i is a pure function of (seed, i, dimension) and
 * needs no table. The 32 levels of the integer point are scrambled node by node; the 21 levels below
 * them (to a 53-bit double) come from one hash of the full 32-bit prefix, which is what the nested
 * scramble gives there, since every point is alone in its node below level 32. The root's flip is a
 * digital shift, so no separate shift is needed. A scrambled point is never 0 or 1.
 */
export const MAX_SOBOL_DIMENSIONS = JOE_KUO_DIMENSIONS;
const BITS = 32;

let directions: Uint32Array | undefined;

/** Direction numbers V[dim * 32 + k] (dim from 0), each m_k shifted to the top of 32 bits. */
export function directionNumbers(): Uint32Array {
  if (directions) return directions;
  const v = new Uint32Array(MAX_SOBOL_DIMENSIONS * BITS);
  for (let k = 0; k < BITS; k++) v[k] = (1 << (31 - k)) >>> 0; // dimension 1: van der Corput
  const lines = JOE_KUO_6_21201.trim().split('\n');
  lines.forEach((line, row) => {
    const numbers = line.split(' ').map(Number);
    const [dimension, s, a] = numbers;
    if (dimension !== row + 2) throw new Error(`Joe-Kuo table out of order at dimension ${dimension}`);
    const m = new Array<number>(BITS);
    for (let k = 0; k < s; k++) m[k] = numbers[3 + k];
    // m_k = 2 a_1 m_{k-1} ^ 4 a_2 m_{k-2} ^ ... ^ 2^(s-1) a_(s-1) m_{k-s+1} ^ 2^s m_{k-s} ^ m_{k-s}
    for (let k = s; k < BITS; k++) {
      let value = m[k - s] ^ (m[k - s] * 2 ** s);
      for (let j = 1; j < s; j++) if ((a >>> (s - 1 - j)) & 1) value ^= m[k - j] * 2 ** j;
      m[k] = value >>> 0;
    }
    const base = (row + 1) * BITS;
    for (let k = 0; k < BITS; k++) v[base + k] = (m[k] * 2 ** (31 - k)) >>> 0;
  });
  directions = v;
  return v;
}

/** The unscrambled point i's coordinate in dimension `dim` (from 0) as a 32-bit integer (divide by 2^32). */
export function sobolInteger(i: number, dim: number): number {
  const v = directionNumbers();
  let gray = (i ^ (i >>> 1)) >>> 0;
  let x = 0;
  let k = dim * BITS;
  while (gray !== 0) {
    if (gray & 1) x ^= v[k];
    gray >>>= 1;
    k++;
  }
  return x >>> 0;
}

/** The unscrambled point i's coordinate in [0, 1). */
export function sobolPoint(i: number, dim: number): number {
  return sobolInteger(i, dim) / 4294967296;
}

/** Per-dimension keys of a scrambled sequence: two 32-bit words each (node flips, deep levels). */
export interface SobolScramble {
  readonly keys: Int32Array;
}

export function sobolScramble(seed: number, dimensions: number): SobolScramble {
  if (dimensions > MAX_SOBOL_DIMENSIONS) {
    throw new RangeError(`the Sobol sequence here has ${MAX_SOBOL_DIMENSIONS} dimensions; ${dimensions} were asked for`);
  }
  const key = streamKey(seed, 'scramble');
  const keys = new Int32Array(2 * dimensions);
  for (let d = 0; d < dimensions; d++) {
    threefry2x32(key.k0, key.k1, d, 0);
    keys[2 * d] = threefryOut[0];
    keys[2 * d + 1] = threefryOut[1];
  }
  return { keys };
}

/**
 * Chris Wellons' triple32: a 32-bit bijection with very low avalanche bias (hash-prospector). Keyed by
 * XOR before it, it gives each tree node its own coin.
 */
function triple32(x: number): number {
  x ^= x >>> 17;
  x = Math.imul(x, 0xed5ad4bb);
  x ^= x >>> 11;
  x = Math.imul(x, 0xac4c1b51);
  x ^= x >>> 15;
  x = Math.imul(x, 0x31848bab);
  x ^= x >>> 14;
  return x;
}

const TWO_POW_MINUS_53 = 2 ** -53;

/** Point i's scrambled coordinate in dimension `dim`, in (0, 1) with 53 bits. Allocation-free. */
export function scrambledSobolPoint(scramble: SobolScramble, i: number, dim: number): number {
  const x = sobolInteger(i, dim);
  const nodeKey = scramble.keys[2 * dim];
  // Level 0 (the root) flips the top bit; level k reads the top k bits of the unscrambled x.
  let flips = triple32(1 ^ nodeKey) & 0x80000000;
  for (let level = 1; level < BITS; level++) {
    const node = (1 << level) | (x >>> (BITS - level));
    flips |= (triple32(node ^ nodeKey) >>> 31) << (31 - level);
  }
  const scrambled = (x ^ flips) >>> 0;
  // Below level 32 every point is alone in its node: 21 more random bits from its full prefix.
  const deep = triple32(x ^ scramble.keys[2 * dim + 1]) >>> 11;
  return (scrambled * 2097152 + deep + 0.5) * TWO_POW_MINUS_53;
}
