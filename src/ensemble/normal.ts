/**
 * The standard normal distribution to full double precision: the quantile by Wichura's AS 241 (PPND16,
 * Applied Statistics 37:477-484, 1988; relative error about 1e-16) and the CDF through Cody's rational
 * Chebyshev erfc (Math. Comp. 23:631-637, 1969; SPECFUN CALERF), which keeps its relative accuracy
 * deep into both tails. The coefficients are the published ones.
 */

/** Φ⁻¹(p): the z with Φ(z) = p, for p in (0, 1); ±Infinity at 0 and 1, NaN outside. */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (q * (((((((2509.0809287301226727 * r + 33430.575583588128105) * r + 67265.770927008700853) * r
      + 45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r + 133.14166789178437745) * r
      + 3.387132872796366608))
      / (((((((5226.495278852854561 * r + 28729.085735721942674) * r + 39307.89580009271061) * r
        + 21213.794301586595867) * r + 5394.1960214247511077) * r + 687.1870074920579083) * r + 42.313330701600911252) * r + 1);
  }
  // The smaller tail area, without cancellation: 1 - p is exact for p >= 0.5 (Sterbenz).
  let r = q < 0 ? p : 1 - p;
  if (r === 0) return q < 0 ? -Infinity : Infinity;
  r = Math.sqrt(-Math.log(r));
  let value: number;
  if (r <= 5) {
    r -= 1.6;
    value = (((((((7.7454501427834140764e-4 * r + 0.0227238449892691845833) * r + 0.24178072517745061177) * r
      + 1.27045825245236838258) * r + 3.64784832476320460504) * r + 5.7694972214606914055) * r + 4.6303378461565452959) * r
      + 1.42343711074968357734)
      / (((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r
        + 0.14810397642748007459) * r + 0.68976733498510000455) * r + 1.6763848301838038494) * r + 2.05319162663775882187) * r + 1);
  } else {
    r -= 5;
    value = (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r
      + 0.026532189526576123093) * r + 0.29656057182850489123) * r + 1.7848265399172913358) * r + 5.4637849111641143699) * r
      + 6.6579046435011037772)
      / (((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r
        + 7.868691311456132591e-4) * r + 0.0148753612908506148525) * r + 0.13692988092273580531) * r + 0.59983220655588793769) * r + 1);
  }
  return q < 0 ? -value : value;
}

/** Φ(x), the standard normal CDF, with full relative accuracy in the lower tail. */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  return 0.5 * erfc(-x * Math.SQRT1_2);
}

/** 1 - Φ(x) = Φ(-x), with full relative accuracy in the upper tail. */
export function normalSurvival(x: number): number {
  return normalCdf(-x);
}

/** The standard normal density φ(x). */
export function normalDensity(x: number): number {
  return 0.3989422804014327 * Math.exp(-0.5 * x * x);
}

/** erfc(x) = 1 - erf(x) (Cody 1969): relative error near 1e-16 for all x, no cancellation for large x. */
export function erfc(x: number): number {
  const y = Math.abs(x);
  let result: number;
  if (y <= 0.46875) {
    const z = y > 1.11e-16 ? y * y : 0;
    let num = 1.85777706184603153e-1 * z;
    let den = z;
    num = (num + 3.16112374387056560) * z; den = (den + 2.36012909523441209e1) * z;
    num = (num + 1.13864154151050156e2) * z; den = (den + 2.44024637934444173e2) * z;
    num = (num + 3.77485237685302021e2) * z; den = (den + 1.28261652607737228e3) * z;
    return 1 - (x * (num + 3.20937758913846947e3)) / (den + 2.84423683343917062e3);
  }
  if (y <= 4) {
    let num = 2.15311535474403846e-8 * y;
    let den = y;
    num = (num + 5.64188496988670089e-1) * y; den = (den + 1.57449261107098347e1) * y;
    num = (num + 8.88314979438837594) * y; den = (den + 1.17693950891312499e2) * y;
    num = (num + 6.61191906371416295e1) * y; den = (den + 5.37181101862009858e2) * y;
    num = (num + 2.98635138197400131e2) * y; den = (den + 1.62138957456669019e3) * y;
    num = (num + 8.81952221241769090e2) * y; den = (den + 3.29079923573345963e3) * y;
    num = (num + 1.71204761263407058e3) * y; den = (den + 4.36261909014324716e3) * y;
    num = (num + 2.05107837782607147e3) * y; den = (den + 3.43936767414372164e3) * y;
    result = (num + 1.23033935479799725e3) / (den + 1.23033935480374942e3);
  } else if (y >= 26.543) {
    result = 0; // below the smallest double
  } else {
    const z = 1 / (y * y);
    let num = 1.63153871373020978e-2 * z;
    let den = z;
    num = (num + 3.05326634961232344e-1) * z; den = (den + 2.56852019228982242) * z;
    num = (num + 3.60344899949804439e-1) * z; den = (den + 1.87295284992346047) * z;
    num = (num + 1.25781726111229246e-1) * z; den = (den + 5.27905102951428412e-1) * z;
    num = (num + 1.60837851487422766e-2) * z; den = (den + 6.05183413124413191e-2) * z;
    result = (z * (num + 6.58749161529837803e-4)) / (den + 2.33520497626869185e-3);
    result = (5.6418958354775628695e-1 - result) / y;
  }
  if (result !== 0) {
    // exp(-y²) as exp(-ysq²)·exp(-(y - ysq)(y + ysq)) with ysq = y rounded down to 1/16: the
    // first factor is exact in its argument, so no relative error grows with y².
    const ysq = Math.trunc(y * 16) / 16;
    const del = (y - ysq) * (y + ysq);
    result = Math.exp(-ysq * ysq) * Math.exp(-del) * result;
  }
  return x < 0 ? 2 - result : result;
}
