/** A table with a caption and a CSV download: the accessible form of every chart on the page. */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { downloadText, fileDate } from '../lib/download';
import { tableCsv } from './csv';

interface Props {
  caption: string;
  header: readonly string[];
  rows: readonly (readonly (string | number)[])[];
  /** File name stem for the CSV. */
  file: string;
  /** Cells as shown (links, badges); the plain `rows` go to the CSV. */
  render?: (row: readonly (string | number)[], index: number) => ComponentChildren;
  /** Open by default (when there is no chart in front of it). */
  open?: boolean;
}

export function TableBlock({ caption, header, rows, file, render, open = false }: Props) {
  // A closed table's rows are made when it is first opened: nobody sees or hears them before
  // (a closed <details> is out of the accessibility tree too), and a 90-day table is hundreds of
  // elements that would delay the chart in front of it.
  const [opened, setOpened] = useState(open);
  return (
    <details
      class="table-block"
      open={open}
      onToggle={(e) => {
        if ((e.currentTarget as HTMLDetailsElement).open) setOpened(true);
      }}
    >
      <summary>{caption}: table</summary>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {header.map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {(opened ? rows : []).map((row, i) =>
            render ? (
              render(row, i)
            ) : (
              <tr key={i}>
                {row.map((cell, j) => (
                  <td key={j}>{typeof cell === 'number' ? cell.toLocaleString() : cell}</td>
                ))}
              </tr>
            ),
          )}
        </tbody>
      </table>
      <button
        type="button"
        class="secondary"
        onClick={() => downloadText(`stepwise-${file}-${fileDate()}.csv`, tableCsv(header, rows), 'text/csv')}
      >
        Download {caption.toLowerCase()} as CSV
      </button>
    </details>
  );
}
