import type { Annotation } from '../../model/model.ts';
import { element } from './writeXml.ts';

/**
 * MIRIAM annotations: a model's sources and its quantities' gene products as identifiers.org
 * URIs under BioModels qualifiers, in the RDF form SBML prescribes (an rdf:Description about
 * the element's metaid).
 */
export type Qualifier = 'bqmodel:isDescribedBy' | 'bqmodel:isDerivedFrom' | 'bqbiol:is' | 'bqbiol:isPropertyOf' | 'bqbiol:hasPart';

export interface QualifiedUris {
  qualifier: Qualifier;
  uris: string[];
}

const RDF_NS = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const BQMODEL_NS = 'http://biomodels.net/model-qualifiers/';
const BQBIOL_NS = 'http://biomodels.net/biology-qualifiers/';
const IDENTIFIERS = 'https://identifiers.org/';

/** The publications and curated models a citation names: DOIs and PubMed ids, BioModels entries. */
export function citationUris(citation: string): QualifiedUris[] {
  const describedBy = new Set<string>();
  for (const match of citation.matchAll(/\b(?:doi:\s*|https?:\/\/(?:dx\.)?doi\.org\/)(10\.\d{4,9}\/\S+)/gi)) {
    describedBy.add(`${IDENTIFIERS}doi:${trimDoi(match[1])}`);
  }
  for (const match of citation.matchAll(/\b(?:PMID|PubMed)\s*:?\s*(\d{1,9})\b/gi)) describedBy.add(`${IDENTIFIERS}pubmed:${match[1]}`);
  const derivedFrom = new Set<string>();
  for (const match of citation.matchAll(/\b(BIOMD\d{10}|MODEL\d{10})\b/g)) derivedFrom.add(`${IDENTIFIERS}biomodels.db:${match[1]}`);
  const out: QualifiedUris[] = [];
  if (describedBy.size) out.push({ qualifier: 'bqmodel:isDescribedBy', uris: [...describedBy] });
  if (derivedFrom.size) out.push({ qualifier: 'bqmodel:isDerivedFrom', uris: [...derivedFrom] });
  return out;
}

/** A DOI at the end of a sentence: drop the full stop, and a closing bracket that opens nowhere in it. */
function trimDoi(doi: string): string {
  let text = doi.replace(/[.,;:]+$/, '');
  while (text.endsWith(')') && (text.match(/\(/g)?.length ?? 0) < (text.match(/\)/g)?.length ?? 0)) text = text.slice(0, -1).replace(/[.,;:]+$/, '');
  return text;
}

/**
 * A quantity's gene-product identifiers (HGNC symbol, NCBI Gene, UniProt, miRBase). A quantity
 * with an amount or concentration unit is the gene product (bqbiol:is); a dimensionless one
 * (an activity, occupancy or fold change) is a property of it (bqbiol:isPropertyOf).
 */
export function annotationUris(annotation: Annotation, isAmount: boolean): QualifiedUris[] {
  const uris: string[] = [];
  if (annotation.hgnc) uris.push(`${IDENTIFIERS}hgnc.symbol:${annotation.hgnc}`);
  if (annotation.entrez !== undefined) uris.push(`${IDENTIFIERS}ncbigene:${annotation.entrez}`);
  if (annotation.uniprot) uris.push(`${IDENTIFIERS}uniprot:${annotation.uniprot}`);
  if (annotation.mirbase) uris.push(`${IDENTIFIERS}${/^MIMAT/.test(annotation.mirbase) ? 'mirbase.mature' : 'mirbase'}:${annotation.mirbase}`);
  return uris.length ? [{ qualifier: isAmount ? 'bqbiol:is' : 'bqbiol:isPropertyOf', uris }] : [];
}

/** <annotation> with the RDF for one element, or '' when there is nothing to say. */
export function annotationXml(metaid: string, terms: readonly QualifiedUris[]): string {
  const nonEmpty = terms.filter((t) => t.uris.length > 0);
  if (nonEmpty.length === 0) return '';
  const description = element('rdf:Description', { 'rdf:about': `#${metaid}` }, nonEmpty.map((t) =>
    element(t.qualifier, {}, [element('rdf:Bag', {}, t.uris.map((uri) => element('rdf:li', { 'rdf:resource': uri })))])));
  return element('annotation', {}, [
    element('rdf:RDF', { 'xmlns:rdf': RDF_NS, 'xmlns:bqmodel': BQMODEL_NS, 'xmlns:bqbiol': BQBIOL_NS }, [description]),
  ]);
}
