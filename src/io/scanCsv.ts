import type { ScanResult } from '../analysis/scan.ts';
import type { CompiledModel } from '../model/compile.ts';

/**
 * One row per scan point: the parameter, each dynamic species at the steady state, each readout's
 * rate there (e.g. dBV/dt, the net bone balance), the leading eigenvalue, the stability class and
 * how the steady state was found. Rows without a steady state keep the parameter and the reason.
 */
export function scanToCsv(model: CompiledModel, result: ScanResult, parameterUnit: string): string {
  const unit = model.model.timeUnit;
  const species = model.model.species;
  const header = [
    `${result.parameter} [${parameterUnit}]`,
    ...species.map((s, i) => (model.readouts[i] ? `d${s.name}/dt [${s.unit}/${unit}]` : `${s.name} [${s.unit}]`)),
    `leading eigenvalue re [1/${unit}]`, `leading eigenvalue im [1/${unit}]`, 'stability', 'found by',
  ];
  const lines = [header.map(csvField).join(',')];
  for (const point of result.points) {
    if (!point.y || !point.rates || !point.stability) {
      lines.push([String(point.value), ...species.map(() => ''), '', '', 'no steady state', csvField(point.failure ?? '')].join(','));
      continue;
    }
    const values = species.map((_, i) => String(model.readouts[i] ? point.rates![i] : point.y![i]));
    const lead = point.stability.slowest;
    lines.push([String(point.value), ...values, String(lead.re), String(Math.abs(lead.im)), csvField(point.stability.classification), point.method ?? ''].join(','));
  }
  return lines.join('\n') + '\n';
}

function csvField(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
