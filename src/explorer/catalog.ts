import { inputError } from '../errors.ts';
import type { Model } from '../model/model.ts';
import { parseModel } from '../model/parseModel.ts';
import type { ModelResolver } from '../simulate/parseScenario.ts';

/**
 * The models and scenarios bonesim ships, as the explorer carries them: their YAML text, bundled
 * into the page at build time (bin/buildExplorer.mjs), with the id, title and model read from it.
 */
export interface CatalogModel {
  id: string;
  title: string;
  /** models/<id>.yaml: the name messages give, as the CLI does when run in the repository. */
  file: string;
  text: string;
}

export interface CatalogScenario {
  id: string;
  title: string;
  /** The model id the scenario names. */
  model: string;
  file: string;
  text: string;
}

export interface Catalog {
  models: CatalogModel[];
  scenarios: CatalogScenario[];
}

/**
 * A scenario's `model:` looked up among the bundled models, parsed once: the web page's
 * counterpart of the Node layer's file lookup, refusing what it cannot find in the CLI's words.
 */
export function catalogResolver(catalog: Catalog, cache = new Map<string, Model>()): ModelResolver {
  return (reference, _scenarioFile, location) => {
    const looksLikePath = reference.endsWith('.yaml') || reference.endsWith('.yml') || reference.includes('/');
    const id = looksLikePath ? (reference.split('/').pop() ?? '').replace(/\.ya?ml$/, '') : reference;
    const entry = catalog.models.find((m) => m.id === id);
    if (!entry) {
      if (looksLikePath) {
        throw inputError(`the model file "${reference}" does not exist (looked for ${reference} among the bundled models)`, location,
          'give a path relative to the scenario file, or a model id from `bonesim list`');
      }
      throw inputError(`no model with id "${reference}"`, location,
        'use a model id from `bonesim list` or a path to a model file relative to the scenario');
    }
    let model = cache.get(entry.id);
    if (!model) {
      model = parseModel(entry.text, entry.file);
      cache.set(entry.id, model);
    }
    return model;
  };
}

/** The scenarios on one model, in catalog order. */
export function scenariosOf(catalog: Catalog, modelId: string): CatalogScenario[] {
  return catalog.scenarios.filter((s) => s.model === modelId);
}

/**
 * Ten years at the model's own steady state: what the explorer runs on a model that ships no
 * scenario of its own.
 */
export function steadyStateScenarioYaml(model: CatalogModel): string {
  return [
    `id: ${model.id}-steady-state`,
    `title: ${model.id} at its steady state`,
    'description: The model left alone at its own steady state, to explore its parameters.',
    `model: ${model.id}`,
    'duration: 10 year',
    'output_every: 1 week',
    'start: steady_state',
    '',
  ].join('\n');
}
