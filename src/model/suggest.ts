/** The closest known name to a misspelt one, if any is within two edits. */
export function closestName(name: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of known) {
    const d = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/** A name a model defines, with what it means. */
export interface NamedThing {
  name: string;
  description?: string;
  unit?: string;
}

/** What a name means elsewhere (e.g. in another model): its description, unit and kind. */
export interface Meaning {
  description: string;
  unit?: string;
  /** species, parameters, inputs or observables */
  section?: string;
}

// Words that say nothing about which quantity is meant.
const STOPWORDS = new Set(['the', 'of', 'a', 'an', 'and', 'or', 'to', 'in', 'on', 'by', 'for', 'per', 'as', 'at', 'from', 'with', 'is', 'its',
  'rate', 'value', 'input', 'parameter', 'species', 'constant', 'total', 'level', 'pm', 'day', 'this', 'that']);

/** The content words of a name or description: `P_PTH_d` -> pth; "PTH administration (pM/day)" -> pth, administration. */
export function meaningWords(text: string): Set<string> {
  const words = text
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9α-ω]+/)
    .filter((w) => w.length >= 2 && !STOPWORDS.has(w) && !/^\d+$/.test(w))
    .map((w) => (w.length > 4 && w.endsWith('s') ? w.slice(0, -1) : w));
  return new Set(words);
}

/**
 * The model's name a user most likely meant: a near spelling (one edit), else the name whose
 * meaning matches best (the words of the unknown name and of `meaning` — what the name means in
 * another model, e.g. Lemaire's I_P, "PTH administration" — against each candidate's name and
 * description), else a spelling two edits away.
 */
export function suggestName(name: string, candidates: readonly NamedThing[], meaning?: Meaning, sectionOf?: (candidate: NamedThing) => string): NamedThing | undefined {
  const byName = (n: string) => candidates.find((c) => c.name === n);
  const near = closestName(name, candidates.map((c) => c.name));
  if (near && editDistance(name.toLowerCase(), near.toLowerCase()) <= 1) return byName(near);
  const wanted = meaningWords(`${name} ${meaning?.description ?? ''}`);
  let best: NamedThing | undefined;
  let bestScore = 0;
  for (const candidate of candidates) {
    const have = meaningWords(`${candidate.name} ${candidate.description ?? ''}`);
    let score = 0;
    for (const word of wanted) if (have.has(word)) score += word.length >= 3 ? 2 : 1;
    // The same unit and the same kind (an input for an input) break ties between words.
    if (score > 0 && meaning?.unit && candidate.unit === meaning.unit) score += 1;
    if (score > 0 && meaning?.section && sectionOf?.(candidate) === meaning.section) score += 1;
    if (score > bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  if (best && bestScore >= 2) return best;
  return near ? byName(near) : undefined;
}
