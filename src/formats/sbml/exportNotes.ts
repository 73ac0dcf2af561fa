import { element, escapeText } from './writeXml.ts';

/**
 * SBML notes: XHTML inside <notes>. A block is a heading, a paragraph, or a list; text is
 * escaped, never interpreted, so a description containing "<" or "&" reads as written.
 */
export type NoteBlock =
  | { heading: string }
  | { paragraph: string }
  | { list: string[] };

const XHTML_NS = 'http://www.w3.org/1999/xhtml';

export function notesXml(blocks: ReadonlyArray<NoteBlock | undefined | false>): string {
  const parts: string[] = [];
  for (const block of blocks) {
    if (!block) continue;
    if ('heading' in block) parts.push(`<h2>${escapeText(block.heading)}</h2>`);
    else if ('paragraph' in block) {
      if (block.paragraph.trim()) parts.push(`<p>${escapeText(block.paragraph)}</p>`);
    } else if (block.list.length) {
      parts.push(`<ul>${block.list.map((item) => `<li>${escapeText(item)}</li>`).join('')}</ul>`);
    }
  }
  if (parts.length === 0) return '';
  return element('notes', {}, [element('body', { xmlns: XHTML_NS }, parts)]);
}

/** Notes of one quantity: its description, then "label: value" lines for what else is known. */
export function quantityNotes(description: string | undefined, facts: ReadonlyArray<[string, string | undefined]>): string {
  const lines = facts.filter((f): f is [string, string] => f[1] !== undefined && f[1] !== '').map(([label, value]) => `${label}: ${value}`);
  return notesXml([description ? { paragraph: description } : undefined, ...lines.map((line) => ({ paragraph: line }))]);
}
