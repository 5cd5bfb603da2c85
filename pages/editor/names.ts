/** Words the editor's views share. */

/** An error's message, for a sentence on the page. */
export const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** A rule's name, or `fallback` while the draft has none. */
export const ruleName = (rule: unknown, fallback: string) => {
  const name = (rule as { name?: unknown } | null)?.name;
  return typeof name === 'string' && name.trim() ? name : fallback;
};
