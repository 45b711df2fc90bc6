/** Aligned columns, the header first; widths count characters, so styles must be applied after. */
export function table(header: string[], rows: string[][], style: (column: number, cell: string) => string = (_, cell) => cell): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => [...(row[column] ?? '')].length)));
  const line = (cells: string[], styled: boolean) =>
    cells
      .map((cell, column) => {
        const padded = column === cells.length - 1 ? cell : cell.padEnd(widths[column]! + (cell.length - [...cell].length));
        return styled ? style(column, padded) : padded;
      })
      .join('  ')
      .trimEnd();
  return [line(header, false), ...rows.map((row) => line(row, true))].join('\n');
}
