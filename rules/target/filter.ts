/**
 * A target's text and label filters, applied to the elements its selector matched.
 */
import type { Target } from '../model';
import { accessibleName, normalizeText } from './dom';

/** Keeps the elements whose text and accessible name match the target's filters. */
export function filterMatches(target: Target, elements: Element[]): Element[] {
  if (target.text === undefined && target.ariaLabel === undefined) return elements;
  const text = target.text === undefined ? undefined : normalizeText(target.text);
  const label = target.ariaLabel === undefined ? undefined : normalizeText(target.ariaLabel);
  const contains = target.textMatch === 'contains';
  return elements.filter((el) => {
    if (text !== undefined) {
      const own = normalizeText(el.textContent ?? '');
      if (contains ? !own.includes(text) : own !== text) return false;
    }
    return label === undefined || accessibleName(el) === label;
  });
}

/** Whether the target's text can change when the element's content changes. */
export const textSensitive = (target: Target): boolean => target.text !== undefined;
