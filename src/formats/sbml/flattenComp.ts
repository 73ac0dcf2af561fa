import { inputError } from '../../errors.ts';
import type { SbmlDocument, SbmlModel } from './document.ts';

/** The document's model with comp submodels flattened into it (placeholder: refuses submodels). */
export function flattenComp(document: SbmlDocument): SbmlModel {
  const model = document.model;
  if (model.comp.submodels.length) {
    throw inputError(`model "${model.id}" instantiates submodels (SBML comp)`, { file: document.file, line: model.comp.submodels[0].line }, 'flatten it with libSBML first');
  }
  return model;
}
