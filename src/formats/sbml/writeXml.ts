/**
 * XML text for the SBML writer: escaping and element building. Model text (titles, descriptions,
 * sources, citations) goes into notes and attributes as written, so every character that XML
 * gives a meaning (& < > " ') is escaped, and characters XML 1.0 cannot carry at all (most
 * control characters, lone surrogates) are dropped rather than written as a broken document.
 */

// XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text content of an element. */
export function escapeText(text: string): string {
  return text.replace(NOT_XML_CHAR, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The value of an attribute written in double quotes (tabs and newlines kept as character references). */
export function escapeAttribute(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

export type Attributes = Readonly<Record<string, string | number | boolean | undefined>>;

/** ` a="1" b="x"`, skipping undefined values. */
export function attributes(attrs: Attributes): string {
  let out = '';
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined) continue;
    out += ` ${name}="${escapeAttribute(typeof value === 'number' ? numberText(value) : String(value))}"`;
  }
  return out;
}

/** An element: self-closing when it has no children; children are already XML text. */
export function element(name: string, attrs: Attributes = {}, children: ReadonlyArray<string> = []): string {
  const open = `<${name}${attributes(attrs)}`;
  if (children.length === 0) return `${open}/>`;
  return `${open}>${children.join('')}</${name}>`;
}

/** A number as XML text: the shortest decimal that reads back as the same double. */
export function numberText(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`internal: ${value} cannot be written to SBML`);
  return Object.is(value, -0) ? '0' : String(value);
}

/** Indent a finished document for people reading it (one element per line). */
export function indentXml(xml: string, unit = '  '): string {
  // Split between tags only where no text content sits between them (mixed content such as XHTML
  // paragraphs stays on one line).
  const parts = xml.split(/(?<=>)(?=<)/);
  let depth = 0;
  const lines: string[] = [];
  for (const part of parts) {
    const closing = /^<\//.test(part);
    const selfContained = /^<[^/!?][^>]*\/>$/.test(part) || /^<\?/.test(part) || /^<!/.test(part) || /^<([^\s>/]+)[^>]*>.*<\/\1>$/s.test(part);
    if (closing) depth = Math.max(0, depth - 1);
    lines.push(unit.repeat(depth) + part);
    if (!closing && !selfContained) depth++;
  }
  return lines.join('\n');
}
