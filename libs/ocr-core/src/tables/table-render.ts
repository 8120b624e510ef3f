import type { TableGrid } from './table.types.js';

const spans = (grid: TableGrid): boolean => grid.cells.some((c) => c.rowSpan > 1 || c.colSpan > 1);

/**
 * A table as text: a markdown pipe table (first row as header) when every cell is one grid
 * position, else an HTML `<table>` with rowspan/colspan, which markdown tables cannot express.
 */
export function renderTable(grid: TableGrid): string {
  return spans(grid) ? tableHtml(grid) : tableMarkdown(grid);
}

const mdCell = (text: string): string =>
  text
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|')
    .trim();

export function tableMarkdown(grid: TableGrid): string {
  const rows = Array.from({ length: grid.rows }, () => new Array<string>(grid.cols).fill(''));
  for (const cell of grid.cells) rows[cell.row][cell.col] = mdCell(cell.text);
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  const rule = line(new Array<string>(grid.cols).fill('---'));
  return [line(rows[0]), rule, ...rows.slice(1).map(line)].join('\n');
}

const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function tableHtml(grid: TableGrid): string {
  const out = ['<table>'];
  for (let r = 0; r < grid.rows; r++) {
    const cells = grid.cells.filter((c) => c.row === r).sort((a, b) => a.col - b.col);
    const tds = cells.map((c) => {
      const attrs =
        (c.rowSpan > 1 ? ` rowspan="${c.rowSpan}"` : '') +
        (c.colSpan > 1 ? ` colspan="${c.colSpan}"` : '');
      return `<td${attrs}>${escapeHtml(c.text).replace(/\n/g, '<br>')}</td>`;
    });
    out.push(`<tr>${tds.join('')}</tr>`);
  }
  out.push('</table>');
  return out.join('\n');
}
