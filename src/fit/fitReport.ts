import type { ParameterSetDocument } from './parameterSet.ts';
import type { FitResult } from './runFit.ts';

const g = (v: number, digits = 4) => (Number.isFinite(v) ? Number(v.toPrecision(digits)).toString() : v > 0 ? 'inf' : v < 0 ? '-inf' : 'n/a');

/**
 * The fit as text: the estimates with 95 % intervals, the SSR, every point's residual, the correlations, the starts and the time.
 *
 * @example
 * ```ts
 * process.stdout.write(fitReportText(await runFit(fit)));
 * ```
 */
export function fitReportText(result: FitResult): string {
  const { fit } = result;
  const lines: string[] = [];
  lines.push(`fit ${fit.id}: ${fit.parameters.length} parameters to ${result.points.length} data points of ${fit.trials.map((t) => t.trial.id).join(', ')} (model ${fit.model.id})`);
  lines.push(`weighted SSR ${g(result.ssr, 6)} (at the start ${g(result.startSsr, 6)}); best of ${result.starts.length} start${result.starts.length > 1 ? 's' : ''} (#${result.best + 1}); `
    + `${result.evaluations} trial evaluations in ${result.seconds.toFixed(1)} s`);
  lines.push('');
  lines.push('parameter estimates (95 % intervals from the Fisher information J\'J at the optimum, a linearisation; log-scale parameters: on the log scale)');
  const width = Math.max(9, ...fit.parameters.map((p) => p.name.length));
  lines.push(`  ${'parameter'.padEnd(width)}  ${'start'.padStart(10)}  ${'fitted'.padStart(10)}  ${'95 % low'.padStart(10)}  ${'95 % high'.padStart(10)}  scale   unit`);
  for (const e of result.estimates) {
    const flags = [e.atBound ? 'AT BOUND' : '', e.identified ? '' : 'NOT IDENTIFIED by these data'].filter(Boolean).join(', ');
    lines.push(`  ${e.parameter.name.padEnd(width)}  ${g(e.parameter.start, 6).padStart(10)}  ${g(e.value, 6).padStart(10)}  ${g(e.low).padStart(10)}  ${g(e.high).padStart(10)}  ${e.parameter.scale.padEnd(6)}  ${e.parameter.unit}${flags ? `  ${flags}` : ''}`);
  }
  lines.push('');
  lines.push('correlations of the fitted (transformed) parameters');
  const n = fit.parameters.length;
  const short = fit.parameters.map((p, i) => `${i + 1}`);
  lines.push(`  ${''.padEnd(width)}  ${short.map((s) => s.padStart(7)).join('')}`);
  fit.parameters.forEach((p, a) => {
    const row = Array.from({ length: n }, (_, b) => (b > a ? '' : fixed2(result.uncertainty.correlation[a * n + b])).padStart(7)).join('');
    lines.push(`  ${`${a + 1} ${p.name}`.padEnd(width + 3).slice(0, width + 3)}${row}`);
  });
  lines.push('');
  lines.push('residuals (model - data; weighted: divided by the data\'s sigma, times the square root of the weight)');
  for (const p of result.points) {
    lines.push(`  ${p.trial} ${p.arm}${p.over ? ` over ${p.over}` : ''} ${p.endpoint} ${p.visit}: data ${g(p.data, 6)}, model ${g(p.model, 6)}, residual ${g(p.residual, 3)}, weighted ${g(p.weighted, 3)}`);
  }
  lines.push('');
  lines.push('starts');
  result.starts.forEach((s, i) => lines.push(`  #${i + 1}: SSR ${g(s.ssr, 6)} after ${s.iterations} iterations (${s.reason}) at ${fit.parameters.map((p, j) => `${p.name}=${g(s.x[j], 5)}`).join(', ')}`));
  return lines.join('\n') + '\n';
}

/**
 * The fitted set as a parameter-set document, with the fit's record.
 *
 * @example
 * ```ts
 * writeFileSync('fits/shared-parameters.yaml', parameterSetYaml(fitDocument(result, 'fits/shared.yaml')));
 * ```
 */
export function fitDocument(result: FitResult, fitFile: string): ParameterSetDocument {
  const { fit } = result;
  const n = fit.parameters.length;
  return {
    id: fit.id,
    model: fit.model.id,
    source: `fitted by bonesim fit ${fitFile} to ${fit.trials.map((t) => t.trial.id).join(', ')} (weighted least squares, Levenberg-Marquardt)`,
    parameters: Object.fromEntries(result.estimates.map((e) => [e.parameter.name, e.value])),
    fit: {
      ssr: Number(result.ssr.toPrecision(8)),
      start_ssr: Number(result.startSsr.toPrecision(8)),
      points: result.points.length,
      seed: fit.seed,
      starts: result.starts.length,
      best_start: result.best + 1,
      evaluations: result.evaluations,
      seconds: Number(result.seconds.toFixed(2)),
      intervals: 'Fisher information at the optimum (95 %, linearised; on the log scale for log parameters)',
      estimates: Object.fromEntries(result.estimates.map((e) => [e.parameter.name, {
        value: Number(e.value.toPrecision(10)), low: finiteOr(e.low), high: finiteOr(e.high), unit: e.parameter.unit, scale: e.parameter.scale,
        bounds: [e.parameter.low, e.parameter.high], at_bound: e.atBound, identified: e.identified,
      }])),
      correlation: fit.parameters.map((_, a) => fit.parameters.map((__, b) => finiteOr(Number(result.uncertainty.correlation[a * n + b].toFixed(4))))),
      residuals: result.points.map((p) => ({ trial: p.trial, arm: p.arm, endpoint: p.endpoint, visit: p.visit, ...(p.over ? { over: p.over } : {}), data: p.data, model: Number(p.model.toPrecision(6)), weighted: Number(p.weighted.toPrecision(4)) })),
    },
  };
}

function finiteOr(v: number): number | string {
  return Number.isFinite(v) ? Number(v.toPrecision(6)) : String(v);
}

/** A correlation to two decimals ("n/a" for an unidentified parameter), so the columns line up. */
function fixed2(v: number): string {
  return Number.isFinite(v) ? v.toFixed(2) : 'n/a';
}
