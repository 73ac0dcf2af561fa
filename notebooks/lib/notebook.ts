import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareRuns, type Comparison } from '../../src/analysis/compare.ts';
import { metricRows, type MetricRow } from '../../src/analysis/metricRows.ts';
import { runMetrics, type ScenarioMetrics } from '../../src/analysis/metrics.ts';
import { writeFilesAtomically, type OutputFile } from '../../src/node/atomicWrite.ts';
import { versions } from '../../src/node/versions.ts';
import { comparisonChart } from '../../src/render/comparisonChart.ts';
import { createDocument, svgToString } from '../../src/render/dom.ts';
import { formatMetric, timeFormatFor } from '../../src/render/format.ts';
import { notebookIndexHtml, notebookPageHtml, type Check, type NotebookBlock, type NotebookEntry } from '../../src/render/notebookPage.ts';
import { svgToPng } from '../../src/node/png.ts';
import type { SimulationResult } from '../../src/simulate/simulate.ts';
import { ORDER, PLANNED } from './catalog.ts';

/**
 * The notebook runtime: a script builds its page block by block (prose with computed
 * numbers, figures, tables, checked claims) and writes it to out/notebooks/<name>.html
 * (BONESIM_NOTEBOOK_OUT to write elsewhere), with a PNG per figure, and refreshes the index.
 *
 *   const nb = notebook(import.meta.url, { title: '...', summary: '...' });
 *   nb.section('...'); nb.prose(`... ${computed} ...`); nb.figure(svg, 'caption');
 *   nb.check('claim', holds, 'evidence'); nb.checks(); nb.write();
 */
export interface NotebookMeta {
  title: string;
  /** A paragraph (markdown) for the top of the page and the index. */
  summary: string;
}

export class Notebook {
  readonly name: string;
  readonly file: string;
  /** The document charts are drawn in. */
  readonly document = createDocument();
  private readonly blocks: NotebookBlock[] = [];
  private readonly pending: Check[] = [];
  private readonly all: Check[] = [];
  private readonly pngs: OutputFile[] = [];
  private summary: string;

  constructor(moduleUrl: string, readonly meta: NotebookMeta) {
    this.file = fileURLToPath(moduleUrl);
    this.name = basename(this.file).replace(/\.ts$/, '');
    this.summary = meta.summary;
  }

  get outDir(): string {
    return process.env.BONESIM_NOTEBOOK_OUT ?? join('out', 'notebooks');
  }

  section(title: string): this {
    process.stdout.write(`${this.name}: ${title}\n`); // progress: sections run in order
    this.blocks.push({ kind: 'section', title });
    return this;
  }

  prose(markdown: string): this {
    this.blocks.push({ kind: 'prose', markdown });
    return this;
  }

  /** A figure: the SVG inline in the page, and a PNG beside it for slides. */
  figure(svg: SVGSVGElement, caption: string, pngWidth = 1600): this {
    const n = this.blocks.filter((b) => b.kind === 'figure').length + 1;
    const png = `${this.name}-figure-${n}.png`;
    this.pngs.push({ path: join(this.outDir, png), contents: svgToPng(svgToString(svg), pngWidth) });
    this.blocks.push({ kind: 'figure', svg: svg.outerHTML, caption, png });
    return this;
  }

  table(header: string[], rows: string[][], options: { caption?: string; align?: ('left' | 'right')[] } = {}): this {
    this.blocks.push({ kind: 'table', header, rows, ...options });
    return this;
  }

  /**
   * Runs side by side as \`bonesim compare\` shows them: a figure (one panel per quantity, one
   * line per run, events marked) and a table of the chosen report metrics. Returns the
   * comparison and its metrics for the notebook's own checks.
   */
  compare(results: SimulationResult[], options: CompareBlock): { comparison: Comparison; metrics: ScenarioMetrics[]; rows: MetricRow[] } {
    const comparison = compareRuns(results, { observables: options.observables });
    const metrics = comparison.runs.map((run) => runMetrics(run, comparison.timeUnit));
    const rows = metricRows(metrics);
    const figures = this.blocks.filter((b) => b.kind === 'figure').length;
    this.figure(comparisonChart(comparison, {
      document: this.document, idPrefix: `compare-${figures + 1}`, title: options.title, log: options.log, columns: options.columns,
    }), options.caption);
    const longest = Math.max(...comparison.runs.map((r) => r.times[r.times.length - 1]));
    const time = timeFormatFor(comparison.timeUnit, longest);
    const shown = options.metrics ? options.metrics.map((key) => rows.find((r) => r.key === key)).filter((r): r is MetricRow => r !== undefined) : rows;
    this.table(['', ...comparison.runs.map((r) => r.label)], shown.map((row) => [
      `${row.group}: ${row.label}`,
      ...comparison.runs.map((_, i) => {
        const at = row.times?.[i];
        const value = formatMetric(row.values[i], row.kind, time);
        return at === undefined || row.values[i] === undefined ? value : `${value} (${formatMetric(at, 'time', time)})`;
      }),
    ]), { caption: options.tableCaption ?? 'Report metrics (as in `bonesim compare`).', align: ['left', ...comparison.runs.map(() => 'right' as const)] });
    return { comparison, metrics, rows };
  }

  /** Test a claim against the numbers; shown with the next checks(). Returns the verdict. */
  check(claim: string, holds: boolean, evidence: string, source?: string): boolean {
    const check = { claim, holds, evidence, source };
    this.pending.push(check);
    this.all.push(check);
    return holds;
  }

  /** Place the claims checked since the last call as a table. */
  checks(): this {
    if (this.pending.length) this.blocks.push({ kind: 'checks', checks: this.pending.splice(0) });
    return this;
  }

  /** Replace the summary (e.g. with one written from the results). */
  setSummary(markdown: string): this {
    this.summary = markdown;
    return this;
  }

  get checked(): readonly Check[] {
    return this.all;
  }

  /** Write the page, its PNGs and its index entry, all or nothing; then refresh the index. Returns the page's path. */
  write(): string {
    this.checks();
    const generated = new Date().toISOString().slice(0, 10);
    const page = join(this.outDir, `${this.name}.html`);
    const entry: NotebookEntry = {
      name: this.name,
      title: this.meta.title,
      summary: this.summary,
      checks: { holds: this.all.filter((c) => c.holds).length, total: this.all.length },
      generated,
    };
    writeFilesAtomically([
      ...this.pngs,
      {
        path: page,
        contents: notebookPageHtml({
          name: this.name, title: this.meta.title, summary: this.summary, blocks: this.blocks,
          command: `npx tsx ${relative(process.cwd(), this.file)}`, generated, versions: versions(),
        }),
      },
      { path: join(this.outDir, `${this.name}.json`), contents: JSON.stringify({ ...entry, checks: this.all }, null, 1) + '\n' },
    ]);
    writeIndex(this.outDir);
    process.stdout.write(`${this.meta.title}: ${entry.checks.holds}/${entry.checks.total} checked claims hold -> ${page}\n`);
    return page;
  }
}

export interface CompareBlock {
  title: string;
  caption: string;
  /** Roles or columns to chart (default: the report's choice). */
  observables?: string[];
  /** Metric row keys for the table (default: all). */
  metrics?: string[];
  tableCaption?: string;
  log?: boolean;
  columns?: number;
}

export function notebook(moduleUrl: string, meta: NotebookMeta): Notebook {
  return new Notebook(moduleUrl, meta);
}

/** The index page: every notebook that has written its page, and the planned ones. */
export function writeIndex(outDir: string): string {
  const entries: NotebookEntry[] = existsSync(outDir)
    ? readdirSync(outDir).filter((f) => f.endsWith('.json')).sort().map((f) => {
      const data = JSON.parse(readFileSync(join(outDir, f), 'utf8')) as NotebookEntry & { checks: { holds: boolean }[] };
      return { ...data, checks: { holds: data.checks.filter((c) => c.holds).length, total: data.checks.length } };
    })
    : [];
  const rank = (name: string) => (ORDER.includes(name) ? ORDER.indexOf(name) : ORDER.length);
  entries.sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
  const written = new Set(entries.map((e) => e.name));
  const path = join(outDir, 'index.html');
  writeFilesAtomically([{ path, contents: notebookIndexHtml(entries, PLANNED.filter((p) => !written.has(p.name))) }]);
  return path;
}
