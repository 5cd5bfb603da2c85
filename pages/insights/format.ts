/** Words and numbers as the Insights page shows them. */

export const percent = (share: number): string => `${Math.round(share * 100)}%`;

export function count(n: number, one: string, many: string): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}

/** A moment as a date and time in the reader's locale, or "never". */
export const when = (at: number | undefined): string =>
  at === undefined ? 'never' : new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
