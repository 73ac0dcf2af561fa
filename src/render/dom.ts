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
 * Serialise an SVG element as a standalone file (well-formed XML whatever text it holds).
 *
 * @example
 * ```ts
 * writeFileSync('chart.svg', svgToString(resultChart(createDocument(), result)));
 * ```
 */
export function svgToString(svg: Element): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${toXml(svg)}\n`;
}

// Characters XML 1.0 does not allow (C0 controls but tab, newline and return; U+FFFE/FFFF; lone surrogates).
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function text(value: string): string {
  return value.replace(NOT_XML, '\ufffd').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attribute(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

/**
 * An element as XML: text and attribute values escaped (linkedom's outerHTML follows HTML rules and
 * leaves `<` raw in attributes, which no XML reader accepts). Iterative: a deep tree cannot overflow the stack.
 */
export function toXml(root: Element): string {
  const out: string[] = [];
  const stack: Array<Node | string> = [root];
  while (stack.length) {
    const item = stack.pop()!;
    if (typeof item === 'string') {
      out.push(item);
      continue;
    }
    if (item.nodeType === 3) {
      out.push(text(item.nodeValue ?? ''));
    } else if (item.nodeType === 1) {
      const element = item as Element;
      const name = element.localName;
      const attributes = Array.from(element.attributes, (a) => ` ${a.name}="${attribute(a.value)}"`).join('');
      const children = Array.from(element.childNodes).filter((c) => c.nodeType === 1 || c.nodeType === 3);
      if (!children.length) {
        out.push(`<${name}${attributes}/>`);
        continue;
      }
      out.push(`<${name}${attributes}>`);
      stack.push(`</${name}>`);
      for (let k = children.length - 1; k >= 0; k--) stack.push(children[k]);
    }
  }
  return out.join('');
}
