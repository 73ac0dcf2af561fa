/**
 * Ramer-Douglas-Peucker on screen coordinates: keeps the points a reader could see
 * (more than `tolerance` pixels off the straight line between kept neighbours) and drops
 * the rest. Ten years of daily output (3653 points) become a few dozen on a 300 px
 * panel, which keeps reports small without changing what is drawn. Steps at events
 * survive because their corners are far from any chord.
 */
export function simplifyLine(xs: Float64Array, ys: Float64Array, tolerance = 0.25): Uint32Array {
  const n = xs.length;
  if (n <= 2) return Uint32Array.from({ length: n }, (_, i) => i);
  const keep = new Uint8Array(n);
  keep[0] = 1;
  keep[n - 1] = 1;
  const stack: number[] = [0, n - 1];
  const limit = tolerance * tolerance;
  while (stack.length) {
    const last = stack.pop()!;
    const first = stack.pop()!;
    const dx = xs[last] - xs[first];
    const dy = ys[last] - ys[first];
    const length2 = dx * dx + dy * dy;
    let worst = -1;
    let worstDistance2 = limit;
    for (let i = first + 1; i < last; i++) {
      const distance2 = chordDistance2(xs[i] - xs[first], ys[i] - ys[first], dx, dy, length2);
      if (distance2 > worstDistance2) {
        worstDistance2 = distance2;
        worst = i;
      }
    }
    if (worst >= 0) {
      keep[worst] = 1;
      stack.push(first, worst, worst, last);
    }
  }
  let count = 0;
  for (let i = 0; i < n; i++) count += keep[i];
  const indices = new Uint32Array(count);
  for (let i = 0, k = 0; i < n; i++) if (keep[i]) indices[k++] = i;
  return indices;
}

/** Squared distance from (px, py) to the segment from the origin to (dx, dy). */
function chordDistance2(px: number, py: number, dx: number, dy: number, length2: number): number {
  if (length2 === 0) return px * px + py * py;
  const w = Math.max(0, Math.min(1, (px * dx + py * dy) / length2));
  const ex = px - w * dx;
  const ey = py - w * dy;
  return ex * ex + ey * ey;
}
