/** The Insights tables as CSV (the same cells as on screen). */
import { csvCell } from '../lib/usage-csv';

/** A table as CSV: a header row, then one row per item. */
export function tableCsv(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  return `${[header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
