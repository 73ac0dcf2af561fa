import type { ScenarioMetrics } from '../analysis/metrics.ts';
import { formatFold, formatPercent, formatTime, type TimeFormat } from './format.ts';

/**
 * The report's opening sentences, written from the metrics (never typed in): how much bone
 * each scenario gains or loses, where the osteoclasts go, and whether the cells settle.
 */
export function summarySentences(metrics: readonly ScenarioMetrics[], isBaseline: readonly boolean[], time: TimeFormat): string[] {
  const disease = metrics.filter((_, i) => !isBaseline[i]);
  if (!disease.length) return [];
  const sentences: string[] = [];

  const withBone = disease.filter((m) => m.boneVolume);
  if (withBone.length) {
    const last = (m: ScenarioMetrics) => m.boneVolume!.changes[m.boneVolume!.changes.length - 1];
    const horizons = new Set(withBone.map((m) => horizonText(last(m).label, last(m).time, time)));
    const sorted = [...withBone].sort((a, b) => last(a).changePercent - last(b).changePercent);
    const parts = sorted.map((m) => {
      const change = last(m).changePercent;
      const direction = Math.abs(change) < 0.05 ? 'unchanged' : `${change < 0 ? 'down' : 'up'} ${formatPercent(Math.abs(change)).replace('+', '')}`;
      return `${direction} with ${inSentence(m.label)}${horizons.size > 1 ? ` (${horizonText(last(m).label, last(m).time, time)})` : ''}`;
    });
    const lead = horizons.size === 1 ? `${capitalise([...horizons][0])}, bone volume is ` : 'Bone volume is ';
    sentences.push(`${lead}${list(parts)}.`);
  }

  const osteoclasts = disease.filter((m) => m.populations.some((p) => p.role === 'active_osteoclasts'));
  if (osteoclasts.length) {
    const end = (m: ScenarioMetrics) => m.populations.find((p) => p.role === 'active_osteoclasts')!.end.fold;
    const sorted = [...osteoclasts].sort((a, b) => end(b) - end(a));
    sentences.push(`At the end, active osteoclasts are ${list(sorted.map((m) => `${formatFold(end(m))} baseline with ${inSentence(m.label)}`))}.`);
  }

  const settled = disease.filter((m) => m.steadyState.reached);
  const unsettled = disease.filter((m) => !m.steadyState.reached);
  if (settled.length) {
    const drifting = settled.filter((m) => m.boneVolume && Math.abs(m.boneVolume.endRatePercentPerYear) >= 0.01);
    let sentence = settled.length === disease.length
      ? 'Every run reaches a new steady state of its cell populations'
      : `The cell populations reach a new steady state with ${list(settled.map((m) => inSentence(m.label)))}`;
    if (drifting.length) {
      const fastest = drifting.reduce((a, b) => (Math.abs(b.boneVolume!.endRatePercentPerYear) > Math.abs(a.boneVolume!.endRatePercentPerYear) ? b : a));
      sentence += `, yet bone volume keeps changing, by up to ${formatPercent(fastest.boneVolume!.endRatePercentPerYear)} a year with ${inSentence(fastest.label)}: a lasting imbalance of formation and resorption`;
    }
    sentences.push(`${sentence}.`);
  }
  if (unsettled.length) sentences.push(`Still changing at the end of the run: ${list(unsettled.map((m) => inSentence(m.label)))}.`);
  return sentences;
}

function horizonText(label: string, at: number, time: TimeFormat): string {
  return label === 'end' ? `at the end of the run (${formatTime(at, time)})` : `after ${label}`;
}

/** A title inside a sentence: "Continuous PTH excess" becomes "continuous PTH excess"; acronyms stay. */
function inSentence(title: string): string {
  return /^[A-Z][a-z]/.test(title) ? title[0].toLowerCase() + title.slice(1) : title;
}

function capitalise(text: string): string {
  return text[0].toUpperCase() + text.slice(1);
}

/** "a, b and c". */
function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
