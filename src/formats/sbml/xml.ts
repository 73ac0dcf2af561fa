import { SaxesParser } from 'saxes';
import { inputError } from '../../errors.ts';

/** An XML element as plain data: namespace-resolved name, attributes by local name, children, text. */
export interface XmlElement {
  /** Local name, e.g. "species". */
  name: string;
  /** Namespace URI ('' when none). */
  ns: string;
  /** Attributes without a namespace prefix, by local name. */
  attributes: Record<string, string>;
  /** Attributes with a namespace (e.g. comp:port), keyed by `uri local`. */
  nsAttributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own text, untrimmed, with CHILD where each child element stood. */
  text: string;
  line: number;
}

/** Stands in an element's text where a child element was. */
export const CHILD = '\u0001';

/** An element's text without the child markers. */
export function ownText(element: XmlElement): string {
  return element.text.replaceAll(CHILD, '');
}

/** Above this size an SBML file is refused rather than parsed (the largest BioModels files are a few MB). */
const MAX_CHARACTERS = 64 * 1024 * 1024;

/**
 * Parse XML text strictly (saxes: well-formedness and namespaces per XML 1.0); a malformed
 * document gets an input error with its line. No entity expansion beyond XML's own five.
 */
export function parseXml(text: string, file?: string): XmlElement {
  if (text.length > MAX_CHARACTERS) throw inputError(`the file is ${text.length} characters long; the limit is ${MAX_CHARACTERS}`, { file });
  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let failure: { message: string; line: number; column: number } | undefined;
  parser.on('error', (error) => {
    failure ??= { message: error.message.replace(/^[^:]*:\d+:\d+: /, ''), line: parser.line, column: parser.column };
  });
  parser.on('doctype', () => {
    failure ??= { message: 'a DOCTYPE declaration is not allowed in SBML', line: parser.line, column: parser.column };
  });
  parser.on('opentag', (tag) => {
    const attributes: Record<string, string> = {};
    const nsAttributes: Record<string, string> = {};
    for (const attribute of Object.values(tag.attributes)) {
      if (attribute.prefix === 'xmlns' || attribute.name === 'xmlns') continue;
      if (attribute.uri) nsAttributes[`${attribute.uri} ${attribute.local}`] = attribute.value;
      else attributes[attribute.local] = attribute.value;
    }
    const element: XmlElement = { name: tag.local, ns: tag.uri, attributes, nsAttributes, children: [], text: '', line: parser.line };
    // Mark where a child stood in the parent's text (\u0001; MathML's <sep/> as \u0000), so mixed content keeps its order.
    if (stack.length) stack[stack.length - 1].text += tag.local === 'sep' ? '\u0000' : CHILD;
    if (stack.length) stack[stack.length - 1].children.push(element);
    else root = element;
    stack.push(element);
  });
  const addText = (value: string) => {
    if (stack.length) stack[stack.length - 1].text += value;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.on('closetag', () => {
    stack.pop();
  });
  try {
    parser.write(text).close();
  } catch {
    // saxes reports through the error handler; it may also throw after it.
  }
  if (failure) {
    throw inputError(`the file is not well-formed XML: ${failure.message}`, { file, line: failure.line, column: failure.column },
      'check the file is complete SBML (a truncated download or a hand edit breaks it)');
  }
  if (!root) throw inputError('the file contains no XML element', { file }, 'give an SBML file (<sbml ...> ... </sbml>)');
  return root;
}

export function childrenNamed(element: XmlElement, name: string, ns?: string): XmlElement[] {
  return element.children.filter((c) => c.name === name && (ns === undefined || c.ns === ns));
}

export function childNamed(element: XmlElement, name: string, ns?: string): XmlElement | undefined {
  return element.children.find((c) => c.name === name && (ns === undefined || c.ns === ns));
}
