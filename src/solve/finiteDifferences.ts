const SQRT_EPS = Math.sqrt(Number.EPSILON);

/**
 * Forward-difference Jacobian and time derivative of dy/dt = f(t, y), for stiff methods and
 * problems without an analytic Jacobian. Work buffers are allocated once; evaluations allocate
 * nothing. The increment for column j is sqrt(eps) · max(|y_j|, floor): relative to the state,
 * because bone-model states range from 1e-13 pM to 1e8 pM and a fixed increment (Hairer & Wanner's
 * RODAS uses sqrt(eps · max(1e-5, |y_j|))) swamps the tiny ones and spoils the Jacobian a
 * Rosenbrock method needs exactly; `floor` (the absolute tolerance) covers states at zero.
 */
export class FiniteDifferences {
  /** RHS evaluations spent so far. */
  evaluations = 0;
  private readonly perturbed: Float64Array;
  private readonly fPerturbed: Float64Array;

  constructor(
    private readonly rhs: (t: number, y: Float64Array, dydt: Float64Array) => void,
    private readonly n: number,
    private readonly floor: number,
  ) {
    this.perturbed = new Float64Array(n);
    this.fPerturbed = new Float64Array(n);
  }

  /** J[i * n + j] = df_i/dy_j at (t, y), given f0 = f(t, y). */
  jacobian(t: number, y: Float64Array, f0: Float64Array, J: Float64Array): void {
    const n = this.n;
    const yp = this.perturbed;
    const fp = this.fPerturbed;
    yp.set(y);
    for (let j = 0; j < n; j++) {
      const saved = yp[j];
      const delta = SQRT_EPS * Math.max(Math.abs(saved), this.floor);
      yp[j] = saved + delta;
      const step = yp[j] - saved; // the increment actually representable
      this.rhs(t, yp, fp);
      this.evaluations++;
      for (let i = 0; i < n; i++) J[i * n + j] = (fp[i] - f0[i]) / step;
      yp[j] = saved;
    }
  }

  /** out = df/dt at (t, y), given f0 = f(t, y). */
  timeDerivative(t: number, y: Float64Array, f0: Float64Array, out: Float64Array): void {
    const delta = SQRT_EPS * Math.max(1e-5, Math.abs(t));
    const tp = t + delta;
    this.rhs(tp, y, this.fPerturbed);
    this.evaluations++;
    const step = tp - t;
    for (let i = 0; i < this.n; i++) out[i] = (this.fPerturbed[i] - f0[i]) / step;
  }
}
