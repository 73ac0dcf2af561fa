import type { TimeUnit } from '../model/timeUnits.ts';

/** The data a time-series chart draws, and how: plain objects, the same in Node and the browser. */
export interface LineSeries {
  /** Legend and tooltip text; series with the same label share a colour across panels. */
  label: string;
  times: ArrayLike<number>;
  values: ArrayLike<number>;
  color?: string;
  /** SVG stroke-dasharray, e.g. "5,3" for a reference line. */
  dash?: string;
  width?: number;
}

export interface Marker {
  time: number;
  label: string;
  color?: string;
}

export interface Panel {
  title: string;
  unit: string;
  series: LineSeries[];
}

export interface LegendItem {
  label: string;
  color: string;
  dash?: string;
}

export interface ChartOptions {
  /** The document to create elements in: window.document in a browser, createDocument() in Node. */
  document?: Document;
  /** Prefix for element ids, unique per chart when several share a page. */
  idPrefix?: string;
  title?: string;
  subtitle?: string;
  /** The unit the series' times are in. */
  timeUnit: TimeUnit;
  /** Event markers for every panel. */
  markers?: Marker[];
  /** A line under the title describing the markers (default: generated from them). */
  markerNote?: string;
  columns?: number;
  panelWidth?: number;
  panelHeight?: number;
  /** Logarithmic value axes (panels with values <= 0 stay linear and say so). */
  log?: boolean;
  /** Show a legend (default: when there is more than one label). */
  legend?: boolean;
  /** Legend entries in this order and style (default: every label, in order of appearance). */
  legendItems?: LegendItem[];
  /** An accessible description of the whole chart. */
  description?: string;
  /** Write each line's last value at its right end, in its colour (room is made on the right). */
  endLabels?: boolean;
}

/**
 * Okabe & Ito's colour-blind-safe palette. Black is kept for the healthy baseline; yellow
 * comes last because it is faint on white.
 */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#F0E442', '#000000'];
export const BASELINE_COLOR = '#000000';
export const FONT_FAMILY = 'DejaVu Sans, Verdana, Arial, sans-serif';

export const COLORS = {
  text: '#222222',
  muted: '#5f5f5f',
  grid: '#e8e8e8',
  marker: '#8a8a8a',
  background: '#ffffff',
} as const;
