// Class names beside the rows of a conditional model's sample grid (row r is class r). The
// list's tracks share the grid's height as its rows and gaps do, so each name sits level with
// its row at any zoom, and the canvas keeps its whole-pixel scaling beside it.

export function RowLabels(props: {
  names: readonly string[];
  grid: { rows: number; cellHeight: number; gap: number };
}) {
  const { names, grid } = props;
  const rows = Math.min(grid.rows, names.length);
  // "28fr 1fr 28fr 1fr ... 28fr": a track per row, a thin one per gap.
  const tracks = Array.from({ length: rows }, () => `${grid.cellHeight}fr`).join(
    grid.gap > 0 ? ` ${grid.gap}fr ` : ' ',
  );
  return (
    <ol
      className="grid-row-names"
      data-testid="grid-row-names"
      aria-label="Class of each row"
      style={{ gridTemplateRows: tracks }}
    >
      {names.slice(0, rows).map((name, r) => (
        <li key={r} style={{ gridRow: grid.gap > 0 ? 2 * r + 1 : r + 1 }} title={name}>
          {name}
        </li>
      ))}
    </ol>
  );
}
