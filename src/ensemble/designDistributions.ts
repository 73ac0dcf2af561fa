import { inputError, type ErrorLocation } from '../errors.ts';
import type { DistributionFile } from './designSchema.ts';
import { MIN_TRUNCATED_MASS, prepareMarginal, type Distribution } from './distributions.ts';

/**
 * A distribution as written in a design file, checked and turned into plain numbers. Defaults come
 * from the parameter's nominal value: a normal's mean, a log-normal's median, the centre of a
 * `spread` or `factor` range.
 */
export function resolveDistribution(spec: DistributionFile, name: string, nominal: number, at: (field?: string) => ErrorLocation): Distribution {
  const allowed: Record<Distribution['kind'], string[]> = {
    'uniform': ['lower', 'upper', 'spread'],
    'log-uniform': ['lower', 'upper', 'factor'],
    'normal': ['mean', 'sd', 'cv', 'lower', 'upper'],
    'log-normal': ['median', 'gsd', 'cv', 'lower', 'upper'],
  };
  const kind = spec.distribution;
  for (const field of ['lower', 'upper', 'spread', 'factor', 'mean', 'sd', 'cv', 'median', 'gsd'] as const) {
    if (spec[field] !== undefined && !allowed[kind].includes(field)) {
      throw inputError(`a ${kind} distribution has no \`${field}\``, at(field), `a ${kind} distribution takes ${allowed[kind].map((f) => `\`${f}\``).join(', ')}`);
    }
  }
  const fromNominal = (what: string, field: string) => {
    if (nominal === 0 || !Number.isFinite(nominal)) {
      throw inputError(`${name}'s nominal value is ${nominal}, so ${what} cannot be taken from it`, at(field), `give \`${field}\` explicitly`);
    }
    return nominal;
  };

  switch (kind) {
    case 'uniform':
    case 'log-uniform': {
      const relative = kind === 'uniform' ? spec.spread : spec.factor;
      const relativeField = kind === 'uniform' ? 'spread' : 'factor';
      let lower = spec.lower;
      let upper = spec.upper;
      if (relative !== undefined) {
        if (lower !== undefined || upper !== undefined) {
          throw inputError(`give either \`${relativeField}\` or \`lower\` and \`upper\`, not both`, at(relativeField), 'keep one form');
        }
        const centre = fromNominal(`a ${relativeField} range`, 'lower');
        if (kind === 'uniform') {
          if (!(relative > 0)) throw inputError(`spread must be positive, got ${relative}`, at('spread'), 'e.g. spread: 0.2 for nominal ± 20 %');
          [lower, upper] = [centre * (1 - relative), centre * (1 + relative)].sort((a, b) => a - b);
        } else {
          if (!(relative > 1)) throw inputError(`factor must be greater than 1, got ${relative}`, at('factor'), 'e.g. factor: 2 for nominal / 2 to nominal x 2');
          if (centre < 0) throw inputError(`${name}'s nominal value ${centre} is negative: a log-uniform range needs positive values`, at('factor'), 'use a uniform distribution');
          [lower, upper] = [centre / relative, centre * relative];
        }
      }
      if (lower === undefined || upper === undefined) {
        throw inputError(`a ${kind} distribution needs \`lower\` and \`upper\`${kind === 'uniform' ? ' (or `spread`)' : ' (or `factor`)'}`, at(lower === undefined ? 'lower' : 'upper'),
          kind === 'uniform' ? 'e.g. { distribution: uniform, lower: 0.5, upper: 0.9 }' : 'e.g. { distribution: log-uniform, factor: 2 }');
      }
      if (!(lower < upper)) throw inputError(`lower (${lower}) must be below upper (${upper})`, at('lower'), 'swap them or widen the range');
      if (kind === 'log-uniform' && !(lower > 0)) throw inputError(`a log-uniform range must be positive, got lower = ${lower}`, at('lower'), 'use a uniform distribution for ranges that reach 0');
      return { kind, lower, upper };
    }
    case 'normal': {
      const mean = spec.mean ?? fromNominal('a mean', 'mean');
      const sd = spreadOf(spec, Math.abs(mean), 'sd', at);
      return truncated({ kind, mean, sd, lower: spec.lower ?? -Infinity, upper: spec.upper ?? Infinity }, at);
    }
    case 'log-normal': {
      const median = spec.median ?? fromNominal('a median', 'median');
      if (!(median > 0)) throw inputError(`a log-normal median must be positive, got ${median}`, at('median'), 'use a normal distribution for values that can be negative');
      let sigma: number;
      if (spec.gsd !== undefined) {
        if (spec.cv !== undefined) throw inputError('give either `gsd` or `cv`, not both', at('cv'), 'keep one');
        if (!(spec.gsd > 1)) throw inputError(`the geometric SD must be greater than 1, got ${spec.gsd}`, at('gsd'), 'e.g. gsd: 1.5 (68 % of values within median / 1.5 .. median x 1.5)');
        sigma = Math.log(spec.gsd);
      } else if (spec.cv !== undefined) {
        if (!(spec.cv > 0)) throw inputError(`cv must be positive, got ${spec.cv}`, at('cv'), 'e.g. cv: 0.3');
        sigma = Math.sqrt(Math.log1p(spec.cv * spec.cv));
      } else {
        throw inputError('a log-normal distribution needs `gsd` or `cv`', at(), 'e.g. { distribution: log-normal, cv: 0.3 } (the median defaults to the nominal value)');
      }
      if (spec.lower !== undefined && spec.lower < 0) throw inputError(`a log-normal value cannot be negative: lower = ${spec.lower}`, at('lower'), 'use lower: 0 or leave it out');
      return truncated({ kind, mu: Math.log(median), sigma, lower: spec.lower ?? 0, upper: spec.upper ?? Infinity }, at);
    }
  }
}

function spreadOf(spec: DistributionFile, mean: number, field: 'sd', at: (field?: string) => ErrorLocation): number {
  if (spec.sd !== undefined && spec.cv !== undefined) throw inputError('give either `sd` or `cv`, not both', at('cv'), 'keep one');
  if (spec.sd !== undefined) {
    if (!(spec.sd > 0)) throw inputError(`sd must be positive, got ${spec.sd}`, at('sd'), 'give a positive standard deviation');
    return spec.sd;
  }
  if (spec.cv !== undefined) {
    if (!(spec.cv > 0)) throw inputError(`cv must be positive, got ${spec.cv}`, at('cv'), 'e.g. cv: 0.2');
    if (mean === 0) throw inputError('cv needs a nonzero mean', at('cv'), 'give `sd` instead');
    return spec.cv * mean;
  }
  throw inputError(`a normal distribution needs \`${field}\` or \`cv\``, at(), 'e.g. { distribution: normal, cv: 0.2 } (the mean defaults to the nominal value)');
}

function truncated(distribution: Distribution, at: (field?: string) => ErrorLocation): Distribution {
  if (!(distribution.lower < distribution.upper)) {
    throw inputError(`lower (${distribution.lower}) must be below upper (${distribution.upper})`, at('lower'), 'swap them or widen the range');
  }
  const mass = prepareMarginal(distribution).mass;
  if (!(mass >= MIN_TRUNCATED_MASS)) {
    throw inputError(`the bounds keep a probability of ${mass.toExponential(2)} of this distribution: almost every value lies outside them`,
      at('lower'), 'check the bounds against the mean (or median) and spread');
  }
  return distribution;
}
