import { integerBelow, streamKey, type StreamKey } from './counterRandom.ts';

/**
 * Morris trajectories (Morris 1991; the construction of Campolongo, Cariboni & Saltelli 2007) on a
 * grid of p levels 0, 1/(p-1), ..., 1 of the unit cube, with the jump Δ = p / (2(p - 1)) (p/2 grid
 * steps, so p must be even). A trajectory starts at a random base point, then moves one factor at a
 * time, in a random order, up or down by Δ: d + 1 points, d elementary effects. Candidate c's
 * numbers come from the counter-based stream (seed, "morris", c), so any trajectory can be rebuilt
 * from its number alone.
 */
export interface Trajectory {
  /** Levels (0..p-1) of the d + 1 points, row-major (d + 1) x d. */
  levels: Int32Array;
  /** The factor that moves at step s (1..d) is order[s - 1]; it moves by direction[factor] x Δ. */
  order: Int32Array;
  direction: Int8Array;
}

export function newTrajectory(d: number): Trajectory {
  return { levels: new Int32Array((d + 1) * d), order: new Int32Array(d), direction: new Int8Array(d) };
}

/** Fill `into` with candidate trajectory c. Allocation-free. */
export function morrisTrajectory(key: StreamKey, c: number, d: number, levels: number, into: Trajectory): void {
  const jump = levels / 2;
  const { levels: grid, order, direction } = into;
  for (let k = 0; k < d; k++) {
    // The lower of the two levels the factor visits, so that both lie on the grid.
    const base = integerBelow(key, c, k, levels - jump);
    const up = integerBelow(key, c, d + k, 2) === 1;
    direction[k] = up ? 1 : -1;
    grid[k] = up ? base : base + jump;
    order[k] = k;
  }
  // Fisher-Yates: the order in which factors move.
  for (let k = d - 1; k > 0; k--) {
    const pick = integerBelow(key, c, 2 * d + k, k + 1);
    const swap = order[k];
    order[k] = order[pick];
    order[pick] = swap;
  }
  for (let s = 1; s <= d; s++) {
    const row = s * d;
    for (let k = 0; k < d; k++) grid[row + k] = grid[row - d + k];
    const moving = order[s - 1];
    grid[row + moving] += direction[moving] * jump;
  }
}

export function morrisKey(seed: number): StreamKey {
  return streamKey(seed, 'morris');
}

/**
 * Campolongo et al. (2007)'s optimised design: from `candidates` trajectories keep the `r` that are
 * most spread out, by their objective sqrt(Σ d_ml²) over pairs, where d_ml sums the Euclidean
 * distances between all points of trajectories m and l. Greedy elimination (drop the trajectory
 * whose squared distances to the others sum least, until r are left), as Ruano et al. (2012)
 * propose instead of the exhaustive search: O(M² (d + 1)² d) for the distances. Returns the kept
 * candidate numbers in increasing order.
 */
export function optimisedTrajectories(seed: number, d: number, levels: number, candidates: number, r: number): Int32Array {
  if (candidates <= r) return Int32Array.from({ length: r }, (_, k) => k);
  const key = morrisKey(seed);
  const points = Array.from({ length: candidates }, (_, c) => {
    const t = newTrajectory(d);
    morrisTrajectory(key, c, d, levels, t);
    return Float64Array.from(t.levels, (level) => level / (levels - 1));
  });
  const squared = new Float64Array(candidates * candidates);
  for (let m = 0; m < candidates; m++) {
    for (let l = m + 1; l < candidates; l++) {
      const a = points[m], b = points[l];
      let distance = 0;
      for (let i = 0; i <= d; i++) {
        for (let j = 0; j <= d; j++) {
          let sum = 0;
          for (let k = 0; k < d; k++) {
            const diff = a[i * d + k] - b[j * d + k];
            sum += diff * diff;
          }
          distance += Math.sqrt(sum);
        }
      }
      squared[m * candidates + l] = squared[l * candidates + m] = distance * distance;
    }
  }
  const kept = new Uint8Array(candidates).fill(1);
  const score = new Float64Array(candidates);
  for (let m = 0; m < candidates; m++) for (let l = 0; l < candidates; l++) score[m] += squared[m * candidates + l];
  for (let left = candidates; left > r; left--) {
    let worst = -1;
    for (let m = 0; m < candidates; m++) if (kept[m] && (worst < 0 || score[m] < score[worst])) worst = m;
    kept[worst] = 0;
    for (let m = 0; m < candidates; m++) score[m] -= squared[m * candidates + worst];
  }
  const chosen: number[] = [];
  kept.forEach((k, c) => k && chosen.push(c));
  return Int32Array.from(chosen);
}
