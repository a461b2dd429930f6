/** Build-time touches to a lesson table's HTML (see ScrollTable.astro). */

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** `html` is the table's inner HTML; headings are the text of its <th> cells, empty ones left out. */
export function tableLabel(html: string): string {
  const headings = [...html.matchAll(/<th\b[^>]*>([\s\S]*?)<\/th>/gi)]
    .map((match) =>
      decode(match[1].replace(/<[^>]*>/g, ''))
        .replace(/\s+/g, ' ')
        .trim(),
    )
    .filter((text) => text.length > 0);
  // Two tables with the same headings on one page need different names: the first row tells them apart.
  const first = /<td\b[^>]*>([\s\S]*?)<\/td>/i.exec(html);
  const row = first
    ? decode(first[1].replace(/<[^>]*>/g, ''))
        .replace(/\s+/g, ' ')
        .trim()
    : '';
  const base = headings.length > 0 ? `Table: ${headings.join(', ')}` : 'Table';
  return row ? `${base} (from ${row.length > 40 ? `${row.slice(0, 40)}…` : row})` : base;
}

/**
 * An empty heading cell (the corner of a table whose rows are labelled in the first column)
 * heads nothing: a screen reader announces a blank heading for every cell below it. It
 * becomes a plain empty cell.
 */
export function emptyHeadingsToCells(html: string): string {
  return html.replace(/<th\b([^>]*)>\s*<\/th>/gi, '<td$1></td>');
}
