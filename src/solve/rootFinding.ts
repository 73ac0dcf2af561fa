/**
 * Locate t in [a, b] where g changes sign, given g(a) and g(b) of opposite signs
 * (Illinois variant of regula falsi, with bisection when it stalls).
 * Returns the right end of the final bracket, so the condition already holds there.
 */
export function findSignChange(g: (t: number) => number, a: number, b: number, ga: number, gb: number, tolerance: number): number {
  if (ga === 0) return a;
  if (gb === 0) return b;
  let side = 0;
  for (let iteration = 0; iteration < 200 && b - a > tolerance; iteration++) {
    let t = (a * gb - b * ga) / (gb - ga);
    if (!(t > a && t < b)) t = 0.5 * (a + b);
    const gt = g(t);
    if (gt === 0) return t;
    if (Math.sign(gt) === Math.sign(ga)) {
      a = t;
      ga = gt;
      if (side === -1) gb *= 0.5;
      side = -1;
    } else {
      b = t;
      gb = gt;
      if (side === 1) ga *= 0.5;
      side = 1;
    }
    // Force progress from both ends when one end stays fixed too long.
    if (iteration % 8 === 7) {
      const mid = 0.5 * (a + b);
      const gm = g(mid);
      if (Math.sign(gm) === Math.sign(ga)) {
        a = mid;
        ga = gm;
      } else {
        b = mid;
        gb = gm;
      }
    }
  }
  return b;
}
