import * as d3 from 'd3';
import { textWidth, wrapText } from './chartText.ts';
import { COLORS, FONT_FAMILY } from './chartTypes.ts';

/**
 * The frame the ensemble charts share with timeSeriesChart's look: a white <svg> with title,
 * subtitle, a note line and a flowed legend above the panels. Legend swatches say how each thing is
 * drawn: a line, a filled band, a bar, an interval whisker or a point.
 */
export type Swatch = 'line' | 'band' | 'bar' | 'whisker' | 'point';

export interface FrameLegendItem {
  label: string;
  color: string;
  swatch: Swatch;
  /** Fill opacity of a band or bar swatch. */
  opacity?: number;
  dash?: string;
}

export interface FrameOptions {
  document?: Document;
  title?: string;
  subtitle?: string;
  note?: string;
  description?: string;
  legend?: FrameLegendItem[];
}

export type Selection = d3.Selection<SVGSVGElement, unknown, null, undefined>;
export type Group = d3.Selection<SVGGElement, unknown, null, undefined>;

const LEGEND_ROW = 18;

/** Start a chart of the given width: returns the svg, the height the header takes, and a function to set the final height. */
export function chartFrame(width: number, options: FrameOptions, what: string): { svg: Selection; header: number; finish: (height: number) => SVGSVGElement } {
  const document = options.document ?? globalThis.document;
  if (!document) throw new Error(`${what} needs a document: pass options.document (createDocument() in Node)`);
  const titleLines = options.title ? wrapText(options.title, width - 24, 16) : [];
  const subtitleLines = options.subtitle ? wrapText(options.subtitle, width - 24, 11.5) : [];
  const noteLines = options.note ? wrapText(options.note, width - 24, 10.5) : [];
  const legendRows = layoutLegend(options.legend ?? [], width - 24);
  let cursor = 8;
  const titleY = titleLines.map(() => (cursor += 22));
  const subtitleY = subtitleLines.map(() => (cursor += 17));
  const noteY = noteLines.map(() => (cursor += 15));
  const legendY = legendRows.map(() => (cursor += LEGEND_ROW));
  const header = cursor + 6;

  const svg = d3.select(document.createElementNS('http://www.w3.org/2000/svg', 'svg') as SVGSVGElement)
    .attr('xmlns', 'http://www.w3.org/2000/svg')
    .attr('width', width)
    .attr('font-family', FONT_FAMILY)
    .attr('font-size', 11)
    .attr('role', 'img');
  if (options.title) svg.append('title').text(options.title);
  if (options.description) svg.append('desc').text(options.description);
  const background = svg.append('rect').attr('class', 'background').attr('width', width).attr('fill', COLORS.background);
  titleLines.forEach((line, i) => {
    svg.append('text').attr('class', 'chart-title').attr('x', 12).attr('y', titleY[i]).attr('font-size', 16).attr('font-weight', 'bold').attr('fill', COLORS.text).text(line);
  });
  subtitleLines.forEach((line, i) => {
    svg.append('text').attr('class', 'chart-subtitle').attr('x', 12).attr('y', subtitleY[i]).attr('font-size', 11.5).attr('fill', COLORS.muted).text(line);
  });
  noteLines.forEach((line, i) => {
    svg.append('text').attr('class', 'chart-note').attr('x', 12).attr('y', noteY[i]).attr('font-size', 10.5).attr('fill', COLORS.muted).text(line);
  });
  if (legendRows.length) {
    const legend = svg.append('g').attr('class', 'legend');
    legendRows.forEach((row, r) => {
      for (const { item, x } of row) {
        const entry = legend.append('g').attr('class', 'legend-item').attr('transform', `translate(${12 + x}, ${legendY[r]})`);
        drawSwatch(entry, item);
        entry.append('text').attr('x', 28).attr('y', 0).attr('fill', COLORS.text).text(item.label);
      }
    });
  }
  return {
    svg,
    header,
    finish: (height: number) => {
      svg.attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);
      background.attr('height', height);
      return svg.node()!;
    },
  };
}

function drawSwatch(entry: Group, item: FrameLegendItem): void {
  switch (item.swatch) {
    case 'line': {
      const line = entry.append('line').attr('x1', 0).attr('x2', 22).attr('y1', -4).attr('y2', -4).attr('stroke', item.color).attr('stroke-width', 2.5);
      if (item.dash) line.attr('stroke-dasharray', item.dash);
      break;
    }
    case 'band':
    case 'bar':
      entry.append('rect').attr('x', 0).attr('y', -10).attr('width', 22).attr('height', 12).attr('fill', item.color).attr('fill-opacity', item.opacity ?? 1);
      break;
    case 'whisker':
      entry.append('line').attr('x1', 2).attr('x2', 20).attr('y1', -4).attr('y2', -4).attr('stroke', item.color).attr('stroke-width', 1.5);
      for (const x of [2, 20]) entry.append('line').attr('x1', x).attr('x2', x).attr('y1', -8).attr('y2', 0).attr('stroke', item.color).attr('stroke-width', 1.5);
      break;
    case 'point':
      entry.append('path').attr('d', d3.symbol(d3.symbolDiamond, 60)()).attr('transform', 'translate(11, -4)').attr('fill', item.color);
      break;
  }
}

function layoutLegend(items: FrameLegendItem[], width: number): { item: FrameLegendItem; x: number }[][] {
  if (!items.length) return [];
  const rows: { item: FrameLegendItem; x: number }[][] = [[]];
  let x = 0;
  for (const item of items) {
    const w = 28 + textWidth(item.label, 11) + 18;
    if (x > 0 && x + w > width) {
      rows.push([]);
      x = 0;
    }
    rows[rows.length - 1].push({ item, x });
    x += w;
  }
  return rows;
}

/**
 * Room for bar labels at 11 px, right-aligned 8 px before the bars: wide enough for the longest
 * (capitals and underscores run wider than the average glyph), at most 40 % of the panel.
 */
export function labelColumnWidth(labels: string[], panelWidth: number): number {
  const widest = Math.max(40, ...labels.map((label) => textWidth(label, 11) * 1.12));
  return Math.min(panelWidth * 0.4, widest + 20);
}

/** Axis text in the charts' style. */
export function styleAxis(axis: Group): void {
  axis.attr('font-family', null).attr('font-size', 10.5).attr('color', COLORS.muted);
}
