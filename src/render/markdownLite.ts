import { escapeHtml } from './html.ts';

/**
 * The little markdown notebooks are written in: paragraphs (blank lines), "- " lists,
 * **bold**, *italic*, `code`, [links](url) and subscripts as x_{ij}. Everything else is text,
 * escaped, so prose can never inject markup.
 */
export function markdownLite(text: string): string {
  const blocks = dedent(text).trim().split(/\n\s*\n/);
  return blocks.map((block) => {
    const lines = block.split('\n');
    if (lines.every((l) => /^\s*- /.test(l) || /^\s{2,}\S/.test(l))) {
      const items: string[] = [];
      for (const line of lines) {
        if (/^\s*- /.test(line)) items.push(line.replace(/^\s*- /, ''));
        else items[items.length - 1] += ` ${line.trim()}`;
      }
      return `<ul>${items.map((item) => `<li>${inline(item)}</li>`).join('')}</ul>`;
    }
    return `<p>${inline(lines.map((l) => l.trim()).join(' '))}</p>`;
  }).join('\n');
}

function inline(text: string): string {
  const parts = text.split(/(`[^`]+`)/);
  return parts.map((part) => {
    if (part.startsWith('`') && part.endsWith('`') && part.length > 1) return `<code>${escapeHtml(part.slice(1, -1))}</code>`;
    return escapeHtml(part)
      .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
      .replace(/\*([^*]+)\*/g, '<em>$1</em>')
      .replace(/_\{([^}]+)\}/g, '<sub>$1</sub>')
      .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_, label: string, url: string) => (/^(https?:|\.{0,2}\/|[\w-]+\.html)/.test(url) ? `<a href="${url}">${label}</a>` : label));
  }).join('');
}

function dedent(text: string): string {
  const lines = text.split('\n');
  const indents = lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length);
  const common = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(common)).join('\n');
}
