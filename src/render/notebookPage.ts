import { escapeHtml, slug } from './html.ts';
import { markdownLite } from './markdownLite.ts';
import { REPORT_CSS } from './reportStyle.ts';

/**
 * A notebook page: prose, figures, tables and checked claims, in order, as one
 * self-contained HTML file (inline CSS and SVG, no script, no network).
 */
export type NotebookBlock =
  | { kind: 'section'; title: string }
  | { kind: 'prose'; markdown: string }
  | { kind: 'figure'; svg: string; caption: string; png?: string }
  | { kind: 'table'; caption?: string; header: string[]; rows: string[][]; align?: ('left' | 'right')[] }
  | { kind: 'checks'; checks: Check[] };

/** A statement the notebook tested against its own numbers. */
export interface Check {
  claim: string;
  /** Where the claim comes from (the paper, the research notes). */
  source?: string;
  holds: boolean;
  /** The numbers behind the verdict. */
  evidence: string;
}

export interface NotebookPage {
  name: string;
  title: string;
  summary: string;
  blocks: NotebookBlock[];
  /** How to rerun it. */
  command: string;
  generated?: string;
  versions?: Record<string, string>;
}

export function notebookPageHtml(page: NotebookPage): string {
  let figure = 0;
  const contents = page.blocks.filter((b) => b.kind === 'section').map((b) => `<li><a href="#${slug((b as { title: string }).title)}">${escapeHtml((b as { title: string }).title)}</a></li>`);
  const body = page.blocks.map((block) => {
    switch (block.kind) {
      case 'section':
        return `<h2 id="${slug(block.title)}">${escapeHtml(block.title)}</h2>`;
      case 'prose':
        return `<div class="prose">${markdownLite(block.markdown)}</div>`;
      case 'figure': {
        figure++;
        const link = block.png ? ` <a href="${escapeHtml(block.png)}">PNG</a>` : '';
        return `<figure class="chart notebook-figure" id="figure-${figure}">${block.svg}<figcaption><strong>Figure ${figure}.</strong> ${markdownInline(block.caption)}${link}</figcaption></figure>`;
      }
      case 'table': {
        const align = (i: number) => (block.align?.[i] === 'right' ? ' class="num"' : '');
        const head = block.header.map((h, i) => `<th scope="col"${align(i)}>${escapeHtml(h)}</th>`).join('');
        const rows = block.rows.map((r) => `<tr>${r.map((cell, i) => (i === 0 ? `<th scope="row">${escapeHtml(cell)}</th>` : `<td${align(i)}>${escapeHtml(cell)}</td>`)).join('')}</tr>`).join('');
        return `<div class="table-scroll"><table class="notebook-table">${block.caption ? `<caption>${markdownInline(block.caption)}</caption>` : ''}<thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table></div>`;
      }
      case 'checks': {
        const rows = block.checks.map((c) => `<tr class="${c.holds ? 'holds' : 'differs'}"><td class="verdict">${c.holds ? '\u2713 holds' : '\u2717 does not hold'}</td><td>${markdownInline(c.claim)}${c.source ? `<div class="source">${escapeHtml(c.source)}</div>` : ''}</td><td class="evidence">${markdownInline(c.evidence)}</td></tr>`).join('');
        return `<div class="table-scroll"><table class="checks"><thead><tr><th scope="col">verdict</th><th scope="col">claim</th><th scope="col">what the numbers show</th></tr></thead><tbody>${rows}</tbody></table></div>`;
      }
    }
  }).join('\n');
  const versions = page.versions ? Object.entries(page.versions).map(([k, v]) => `${k} ${v}`).join(', ') : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="bonesim notebook">
<title>${escapeHtml(page.title)}</title>
<style>${REPORT_CSS}${NOTEBOOK_CSS}</style>
</head>
<body>
<header class="page notebook-header">
<p class="meta"><a href="index.html">bonesim notebooks</a></p>
<h1>${escapeHtml(page.title)}</h1>
<div class="lede">${markdownLite(page.summary)}</div>
${contents.length ? `<nav class="contents"><ol>${contents.join('')}</ol></nav>` : ''}
</header>
<main class="notebook">
${body}
</main>
<footer>Rerun: <code>${escapeHtml(page.command)}</code>${page.generated ? ` \u00b7 made ${escapeHtml(page.generated)}` : ''}${versions ? ` \u00b7 ${escapeHtml(versions)}` : ''}. Every number on this page is computed when the notebook runs.</footer>
</body>
</html>
`;
}

export interface NotebookEntry {
  name: string;
  title: string;
  summary: string;
  checks: { holds: number; total: number };
  generated?: string;
}

export function notebookIndexHtml(entries: readonly NotebookEntry[], pending: readonly { name: string; title: string; needs: string }[]): string {
  const items = entries.map((e) => `<li><a href="${escapeHtml(e.name)}.html"><strong>${escapeHtml(e.title)}</strong></a>
<div class="prose">${markdownLite(e.summary)}</div>
<p class="meta">${e.checks.total ? `${e.checks.holds} of ${e.checks.total} checked claims hold` : 'no checked claims'}${e.generated ? ` \u00b7 made ${escapeHtml(e.generated)}` : ''} \u00b7 rerun <code>npx tsx notebooks/${escapeHtml(e.name)}.ts</code></p></li>`);
  const waiting = pending.map((p) => `<li><strong>${escapeHtml(p.title)}</strong><p class="meta">not written yet: needs ${escapeHtml(p.needs)}</p></li>`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>bonesim notebooks</title>
<style>${REPORT_CSS}${NOTEBOOK_CSS}</style>
</head>
<body>
<header class="page"><h1>bonesim notebooks</h1>
<div class="lede"><p>Literate analyses that reproduce published bone remodeling experiments and compare models. Each page is written by a script in <code>notebooks/</code>; rerun it to regenerate the page from fresh simulations.</p></div>
</header>
<main class="notebook">
<ol class="notebook-index">${items.join('\n')}</ol>
${waiting.length ? `<h2>Planned</h2><ul class="notebook-index">${waiting.join('\n')}</ul>` : ''}
</main>
</body>
</html>
`;
}

function markdownInline(text: string): string {
  return markdownLite(text).replace(/^<p>|<\/p>$/g, '');
}

const NOTEBOOK_CSS = `
main.notebook { max-width: 980px; }
main.notebook .prose p, main.notebook .prose li { max-width: 46em; font-size: 1.02rem; }
figure.notebook-figure { margin: 18px 0 22px; }
nav.contents ol { margin: 6px 0 14px; padding-left: 1.4em; columns: 2; font-size: 0.92rem; }
table.notebook-table, table.checks { margin: 10px 0 20px; }
table.checks { width: 100%; table-layout: fixed; }
table.checks th:nth-child(1) { width: 9em; }
table.checks th:nth-child(2) { width: 42%; }
header.page.notebook-header { max-width: 980px; }
table.notebook-table th, table.notebook-table td, table.checks td { border-bottom: 1px solid var(--rule); }
table.notebook-table thead th, table.checks thead th { border-bottom: 2px solid var(--text); font-size: 0.85rem; }
table.notebook-table td.num, table.notebook-table th.num { text-align: right; font-variant-numeric: tabular-nums; }
table.notebook-table td.num { white-space: nowrap; }
table.notebook-table tbody th { min-width: 9em; }
table.notebook-table caption { caption-side: top; text-align: left; color: var(--muted); font-size: 0.85rem; padding-bottom: 6px; }
table.checks td.verdict { white-space: nowrap; font-weight: bold; }
table.checks tr.holds td.verdict { color: var(--gain); }
table.checks tr.differs td.verdict { color: var(--loss); }
table.checks .source { color: var(--muted); font-size: 0.8rem; }
table.checks td.evidence { color: #333; font-size: 0.88rem; }
ol.notebook-index, ul.notebook-index { padding-left: 1.2em; }
ol.notebook-index li, ul.notebook-index li { margin-bottom: 16px; }
`;
