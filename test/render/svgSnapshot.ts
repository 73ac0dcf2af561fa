import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';

/**
 * SVG snapshots in the manner of Observable Plot's tests: numbers rounded to three
 * decimals, generated ids renumbered, one element per line, so that a chart change is a
 * readable diff. On a mismatch the new SVG is also written to __changed__/ to look at.
 */
export function normaliseSvg(svg: string): string {
  const ids = new Map<string, string>();
  for (const match of svg.matchAll(/\sid="([^"]+)"/g)) if (!ids.has(match[1])) ids.set(match[1], `id-${ids.size}`);
  let text = svg.replace(/\d+\.\d{4,}/g, (n) => Number(n).toFixed(3));
  for (const [from, to] of ids) text = text.replaceAll(`"${from}"`, `"${to}"`).replaceAll(`#${from})`, `#${to})`);
  return text.replace(/>\s*</g, '>\n<').trim() + '\n';
}

export async function expectSvgSnapshot(svg: string, name: string, testFile: string): Promise<void> {
  const normalised = normaliseSvg(svg);
  try {
    await expect(normalised).toMatchFileSnapshot(join(dirname(testFile), '__snapshots__', `${name}.svg`));
  } catch (error) {
    const changed = join(dirname(testFile), '__changed__', `${name}.svg`);
    mkdirSync(dirname(changed), { recursive: true });
    writeFileSync(changed, normalised);
    throw error;
  }
}
