import { parseHTML } from 'linkedom';

/**
 * A light DOM for rendering charts in Node; in a browser, pass window.document instead.
 *
 * @example
 * ```ts
 * const svg = timeSeriesChart(panels, { timeUnit: 'day', document: createDocument() });
 * ```
 */
export function createDocument(): Document {
  return parseHTML('<!doctype html><html><head></head><body></body></html>').document as unknown as Document;
}

/**
 * Serialise an SVG element as a standalone file.
 *
 * @example
 * ```ts
 * writeFileSync('chart.svg', svgToString(resultChart(createDocument(), result)));
 * ```
 */
export function svgToString(svg: Element): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${svg.outerHTML}\n`;
}
