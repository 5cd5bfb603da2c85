/** Usage counters as CSV (RFC 4180), for spreadsheets. */
import type { UsageCounter } from '../../messaging/messages';

const HEADER = ['day', 'rule', 'step', 'event', 'count'];

/**
 * One cell: quoted when it holds a comma, quote or line break. Text that a spreadsheet would run
 * as a formula (`=`, `+`, `-`, `@` first) gets a leading apostrophe: rule ids come from packs
 * anyone can write.
 */
export function csvCell(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Every counter, one row each, by day, rule, step and event. */
export function usageCsv(counters: readonly UsageCounter[]): string {
  const rows = [...counters]
    .sort(
      (a, b) =>
        a.day.localeCompare(b.day) ||
        a.ruleId.localeCompare(b.ruleId) ||
        a.stepId.localeCompare(b.stepId) ||
        a.event.localeCompare(b.event),
    )
    .map((c) => [c.day, c.ruleId, c.stepId, c.event, c.count].map(csvCell).join(','));
  return `${[HEADER.join(','), ...rows].join('\r\n')}\r\n`;
}
