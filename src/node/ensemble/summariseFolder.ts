import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { STATE_CODES } from '../../ensemble/chunkResult.ts';
import type { Ensemble } from '../../ensemble/ensemble.ts';
import { summaryBuilder, type EnsembleSummary, type PartColumns } from '../../ensemble/summary.ts';
import { saltelliOptions } from '../../ensemble/sobolIndices.ts';
import { ensembleCsvFiles, ensembleSummaryJson } from '../../io/ensembleCsv.ts';
import { createDocument, svgToString } from '../../render/dom.ts';
import { ensembleCharts, nominalReference } from '../../render/ensembleCharts.ts';
import { ensembleReportHtml } from '../../render/ensembleReport.ts';
import type { OutputFile } from '../atomicWrite.ts';
import { svgToPng } from '../png.ts';
import { versions } from '../versions.ts';
import type { Manifest } from './manifest.ts';
import { asNumbers, readPartColumns } from './parquetParts.ts';
import { sobolOnThreads } from './pool.ts';

/**
 * Read a folder's parts in member order, one at a time (memory stays bounded by one part and the
 * summaries), and make the summary files, charts and report: what `bonesim ensemble` writes when the
 * last chunk is in, and what `bonesim merge` writes after joining shares (the same code on the same
 * parts, so the same bytes). `threads` (2 or more): a Sobol design's indices are computed on that many
 * worker threads, a metric per thread at a time (the same numbers; default: on this thread).
 */
export async function summariseFolder(dir: string, manifest: Manifest, ensemble: Ensemble, options: { png: boolean; threads?: number }): Promise<{ summary: EnsembleSummary; files: OutputFile[] }> {
  const layout = manifest.layout;
  const builder = summaryBuilder(ensemble.design, layout);
  for (const part of [...manifest.parts].sort((a, b) => a.chunk - b.chunk)) {
    builder.add(await readPart(dir, part.files, layout));
  }
  const threads = options.threads ?? 0;
  const sobol = ensemble.design.analysis.mode === 'sobol' && threads > 1 && layout.metrics.length > 1
    ? await sobolOnThreads(builder.metricOutputs(), saltelliOptions(ensemble.design), threads)
    : undefined;
  const summary = builder.finish(sobol ? { sobol } : undefined);
  const files: OutputFile[] = [];
  for (const csv of ensembleCsvFiles(summary, layout)) files.push({ path: join(dir, 'summary', csv.name), contents: csv.contents });
  const about = { design: manifest.design, scenario: { id: ensemble.scenario.id, title: ensemble.scenario.title }, model: { id: ensemble.model.id, title: ensemble.model.title }, bonesim: manifest.bonesim };
  files.push({ path: join(dir, 'summary', 'summary.json'), contents: ensembleSummaryJson(summary, layout, about) });

  const document = createDocument();
  const reference = layout.trajectories ? nominalReference(ensemble) : undefined;
  const charts = ensembleCharts(summary, layout, { document, title: ensemble.design.title, subtitle: `${ensemble.scenario.title} (${ensemble.model.id})`, reference, roles: ensemble.model.roles });
  const chartFiles: Array<{ label: string; path: string }> = [];
  const svgs: Array<{ name: string; title: string; svg: string }> = [];
  for (const chart of charts) {
    const text = svgToString(chart.svg);
    svgs.push({ name: chart.name, title: chart.title, svg: text });
    files.push({ path: join(dir, 'charts', `${chart.name}.svg`), contents: text });
    chartFiles.push({ label: `${chart.name}.svg`, path: `charts/${chart.name}.svg` });
    if (options.png) {
      files.push({ path: join(dir, 'charts', `${chart.name}.png`), contents: svgToPng(text, chart.pngWidth) });
      chartFiles.push({ label: `${chart.name}.png`, path: `charts/${chart.name}.png` });
    }
  }
  const links = [
    { label: 'members/*.parquet', path: 'members/' },
    ...(layout.trajectories ? [{ label: 'trajectories/*.parquet', path: 'trajectories/' }] : []),
    ...files.filter((f) => f.path.includes(`${join(dir, 'summary')}/`)).map((f) => ({ label: `summary/${f.path.split('/').pop()}`, path: `summary/${f.path.split('/').pop()}` })),
    { label: 'manifest.json', path: 'manifest.json' },
    ...chartFiles,
  ];
  files.push({
    path: join(dir, 'report.html'),
    contents: ensembleReportHtml({
      design: ensemble.design, scenario: ensemble.scenario, model: ensemble.model, layout, summary, charts: svgs, files: links,
      command: `bonesim ensemble ${manifest.inputs.design.file} --out <this folder>`, versions: versions(),
    }),
  });
  return { summary, files };
}

/** One chunk's parts, decoded into the columns the summary reads. */
async function readPart(dir: string, files: Record<string, string>, layout: Manifest['layout']): Promise<PartColumns> {
  const paths = Object.keys(files);
  const members = readFileSync(join(dir, paths.find((p) => p.startsWith('members/'))!));
  const columns = await readPartColumns(members, ['member', 'status', 'reason', 'time', ...layout.metrics.map((m) => m.name)]);
  const status = columns.get('status') as string[];
  const member = columns.get('member') as Array<bigint>;
  const count = status.length;
  const state = Uint8Array.from(status, (s) => STATE_CODES[s as keyof typeof STATE_CODES]);
  const part: PartColumns = {
    first: Number(member[0]),
    count,
    state,
    reasons: columns.get('reason') as Array<string | null>,
    time: asNumbers(columns.get('time')!),
    metrics: layout.metrics.map((m) => asNumbers(columns.get(m.name)!)),
  };
  if (layout.trajectories) {
    const bytes = readFileSync(join(dir, paths.find((p) => p.startsWith('trajectories/'))!));
    const series = await readPartColumns(bytes, layout.series);
    part.trajectories = layout.series.map((name) => asNumbers(series.get(name)!));
  }
  return part;
}
