import { DAYS_PER, type TimeUnit } from '../model/timeUnits.ts';

/** Text helpers for charts: time units for axes, engineering scales, fitting labels. */

/** Average advance of a DejaVu Sans glyph, in em: for laying out text without measuring it. */
export const GLYPH_EM = 0.6;

/** Bold glyphs are wider: DejaVu Sans Bold averages about 0.68 em on labels like ours. */
export const BOLD_GLYPH_EM = 0.68;

export function textWidth(text: string, fontSize: number, bold = false): number {
  return text.length * fontSize * (bold ? BOLD_GLYPH_EM : GLYPH_EM);
}

/** Show years for runs of two years or more, otherwise the data's own unit. */
export function displayTimeUnit(unit: TimeUnit, maxTime: number): { unit: string; factor: number } {
  const days = maxTime * DAYS_PER[unit];
  if (days >= 730) return { unit: 'year', factor: DAYS_PER.year / DAYS_PER[unit] };
  return { unit, factor: 1 };
}

/** A power of 1000 that brings the largest value into [1, 1000), for readable tick labels. */
export function engineeringScale(largest: number): number {
  if (!(largest > 0) || (largest >= 0.1 && largest < 1e4)) return 1;
  return 10 ** (3 * Math.floor(Math.log10(largest) / 3));
}

/** "×10⁻³" for a scale of 1e-3. */
export function scaleLabel(scale: number): string {
  const exponent = Math.round(Math.log10(scale));
  const superscript = String(exponent).replace(/-/g, '\u207b').replace(/\d/g, (d) => '\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079'[Number(d)]);
  return `\u00d710${superscript}`;
}

/** Truncate text to the width it may take, with an ellipsis. */
export function fitText(text: string, width: number, fontSize: number, bold = false): string {
  const room = Math.floor(width / (fontSize * (bold ? BOLD_GLYPH_EM : GLYPH_EM)));
  return text.length > room ? `${text.slice(0, Math.max(1, room - 1))}\u2026` : text;
}

/** Break text into lines of at most `width` pixels, at spaces (a word longer than a line is cut). */
export function wrapText(text: string, width: number, fontSize: number, bold = false): string[] {
  const room = Math.max(8, Math.floor(width / (fontSize * (bold ? BOLD_GLYPH_EM : GLYPH_EM))));
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > room) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines.map((l) => (l.length > room ? `${l.slice(0, room - 1)}\u2026` : l));
}

/** Wrapped text kept to `maxLines` lines, the last one ending in an ellipsis when text was left out. */
export function wrapLines(text: string, width: number, fontSize: number, maxLines: number, bold = false): string[] {
  const lines = wrapText(text, width, fontSize, bold);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  // The next word did not fit on that line, so the joined text is cut with an ellipsis.
  kept[maxLines - 1] = fitText(`${kept[maxLines - 1]} ${lines.slice(maxLines).join(' ')}`, width, fontSize, bold);
  return kept;
}

/** A number as a reader wants it in a label: up to `digits` significant digits, no float noise. */
export function shortNumber(value: number, digits = 4): string {
  if (!Number.isFinite(value)) return String(value);
  return String(Number(value.toPrecision(digits)));
}
