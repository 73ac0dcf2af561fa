import { join } from 'node:path';
import type { Comparison } from '../analysis/compare.ts';
import { metricRows } from '../analysis/metricRows.ts';
import { runMetrics } from '../analysis/metrics.ts';
import type { OutputFile } from './atomicWrite.ts';
import { metricsToCsv } from '../io/metricsCsv.ts';
import { metricsToJson } from '../io/metricsJson.ts';
import { trajectoriesToCsv } from '../io/trajectoriesCsv.ts';
import { versions } from './versions.ts';
import { comparisonChart } from '../render/comparisonChart.ts';
import { comparisonReportHtml } from '../render/comparisonReport.ts';
import { createDocument, svgToString } from '../render/dom.ts';
import { timeFormatFor } from '../render/format.ts';
import { slug } from '../render/html.ts';
import { svgToPng } from './png.ts';
import { summaryTextTable } from '../render/textTable.ts';

export interface ComparisonOutputs {
  files: OutputFile[];
  reportPath: string;
  /** The terminal summary table. */
  summary: string;
}

/** Everything `compare` writes, in memory: the caller writes it atomically. */
export function comparisonOutputs(comparison: Comparison, options: { out: string; title: string; log: boolean; command?: string }): ComparisonOutputs {
  const metrics = comparison.runs.map((run) => runMetrics(run, comparison.timeUnit));
  const rows = metricRows(metrics);
  const longest = Math.max(...comparison.runs.map((r) => r.times[r.times.length - 1]));
  const time = timeFormatFor(comparison.timeUnit, longest);
  const document = createDocument();
  const models = [...new Set(comparison.runs.map((r) => r.result.model.title))].join('; ');
  const files: OutputFile[] = [];
  const chart = (name: string, svg: SVGSVGElement, width: number) => {
    const text = svgToString(svg);
    files.push({ path: join(options.out, 'charts', `${name}.svg`), contents: text });
    files.push({ path: join(options.out, 'charts', `${name}.png`), contents: svgToPng(text, width) });
  };
  chart('overview', comparisonChart(comparison, { document, title: options.title, subtitle: models, log: options.log, idPrefix: 'overview' }), 2000);
  for (const q of comparison.quantities) {
    chart(slug(q.key), comparisonChart(comparison, {
      document, quantities: [q.key], title: options.title, subtitle: models, log: options.log, columns: 1, panelWidth: 820, panelHeight: 420,
      idPrefix: slug(q.key), endLabels: true,
    }), 1600);
  }
  const links = [
    { label: 'metrics.csv', path: 'metrics.csv' },
    { label: 'metrics.json', path: 'metrics.json' },
    { label: 'trajectories.csv', path: 'trajectories.csv' },
    { label: 'overview.png', path: 'charts/overview.png' },
    { label: 'overview.svg', path: 'charts/overview.svg' },
  ];
  files.push({ path: join(options.out, 'metrics.csv'), contents: metricsToCsv(metrics, rows) });
  files.push({ path: join(options.out, 'metrics.json'), contents: metricsToJson(comparison, metrics, rows, versions()) });
  files.push({ path: join(options.out, 'trajectories.csv'), contents: trajectoriesToCsv(comparison) });
  const reportPath = join(options.out, 'report.html');
  files.push({
    path: reportPath,
    contents: comparisonReportHtml({
      title: options.title, comparison, metrics, log: options.log, command: options.command, files: links,
      versions: versions(), generated: new Date().toISOString().slice(0, 10),
    }),
  });
  return { files, reportPath, summary: summaryTextTable(rows, comparison.runs.map((r) => r.label), time) };
}
