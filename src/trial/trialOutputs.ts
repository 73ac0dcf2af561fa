import { toDays } from './trialTime.ts';
import type { TrialRun } from './runTrial.ts';

/** Numbers as CSV/JSON write them: rounded to 10 significant digits (the solver's tolerance is far coarser). */
function round(value: number): number {
  return Number.isFinite(value) ? Number(value.toPrecision(10)) : value;
}

/**
 * endpoints.csv: one row per arm, endpoint and visit: `arm, endpoint, visit_day, value` (percent of the arm's
 * baseline for relative endpoints, else the endpoint's own unit).
 *
 * @example
 * ```ts
 * writeFileSync('out/endpoints.csv', endpointsCsv(prepareTrial(trial, model).run()));
 * ```
 */
export function endpointsCsv(run: TrialRun): string {
  const unit = run.model.timeUnit;
  const population = run.trial.population !== 'typical';
  const lines = [population ? 'arm,endpoint,visit_day,value,p05,p50,p95' : 'arm,endpoint,visit_day,value'];
  for (const arm of run.arms) {
    for (const endpoint of run.trial.endpoints) {
      run.trial.visits.forEach((visit, k) => {
        const row = [csvField(arm.arm.id), csvField(endpoint.name), round(toDays(visit, unit)), round(arm.atVisits[endpoint.name][k])];
        const band = arm.bandsAtVisits?.[endpoint.name];
        if (population && band) row.push(round(band.p05[k]), round(band.p50[k]), round(band.p95[k]));
        lines.push(row.join(','));
      });
    }
  }
  return lines.join('\n') + '\n';
}

/**
 * trial.json: everything about the run: the trial, the model, the parameters, each arm's doses, the solver, the endpoints at the visits and the data comparison.
 *
 * @example
 * ```ts
 * writeFileSync('out/trial.json', trialJson(prepareTrial(trial, model).run(), versions()));
 * ```
 */
export function trialJson(run: TrialRun, versions: Readonly<Record<string, string>>): string {
  const { trial, model } = run;
  const unit = model.timeUnit;
  const solver = trial.arms[0]?.scenario.solver;
  const document = {
    format: 'bonesim-trial/1',
    trial: {
      id: trial.id, title: trial.title, description: trial.description, source: trial.source, file: trial.file,
      population: trial.population === 'typical' ? 'typical' : { file: trial.population.file, design: trial.population.design.id, members: trial.population.members },
      month_days: trial.monthDays, duration_days: round(toDays(trial.duration, unit)),
      visits_days: trial.visits.map((v) => round(toDays(v, unit))),
      endpoints: trial.endpoints,
    },
    model: { id: model.id, title: model.title, citation: model.citation, file: model.file, timeUnit: unit },
    parameters: { overrides: run.parameters, file: trial.parametersFile },
    solver,
    arms: run.arms.map((arm) => ({
      id: arm.arm.id, title: arm.arm.title, description: arm.arm.description, set: arm.arm.set,
      doses: arm.arm.regimen.map((d) => ({ day: round(toDays(d.time, unit)), drug: d.drug, dose: d.dose, into: d.into, amount: d.amount })),
      baseline: arm.baseline,
      steps: arm.steps,
      visits: Object.fromEntries(trial.endpoints.map((e) => [e.name, Array.from(arm.atVisits[e.name], round)])),
      ...(arm.bandsAtVisits ? {
        population: Object.fromEntries(trial.endpoints.map((e) => [e.name, Object.fromEntries((['p05', 'p50', 'p95'] as const).map((q) => [q, Array.from(arm.bandsAtVisits![e.name][q], round)]))])),
        failed_members: arm.failedMembers,
      } : {}),
    })),
    data: run.comparison.map((c) => ({
      arm: c.point.arm, endpoint: c.point.endpoint, visit: c.point.visitText, visit_day: round(toDays(c.point.visit, unit)), over: c.point.over,
      value: c.point.value, low: c.spread?.[0], high: c.spread?.[1], sigma: c.sigma === undefined ? undefined : round(c.sigma),
      model: round(c.model), residual: round(c.residual), within: c.within,
    })),
    summary: summary(run),
    milliseconds: round(run.milliseconds),
    versions,
  };
  return JSON.stringify(document, null, 1) + '\n';
}

/**
 * How many data points the model meets, and the weighted sum of squared residuals over those with a spread.
 *
 * @example
 * ```ts
 * const { within, withSpread } = summary(prepareTrial(trial, model).run());
 * ```
 */
export function summary(run: TrialRun): { points: number; within: number; withSpread: number; weightedSsr: number } {
  let within = 0;
  let withSpread = 0;
  let weightedSsr = 0;
  for (const c of run.comparison) {
    if (c.within === undefined || c.sigma === undefined) continue;
    withSpread++;
    if (c.within) within++;
    weightedSsr += (c.residual / c.sigma) ** 2;
  }
  return { points: run.comparison.length, within, withSpread, weightedSsr: round(weightedSsr) };
}

function csvField(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
