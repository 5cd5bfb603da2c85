/** "Matches this page" for one URL pattern, in words, against the page address the author gave. */
import type { UrlPattern } from '../../../rules/index';
import { patternMatchesUrl } from '../../../rules/index';

export function MatchWords({ pattern, pageUrl }: { pattern: unknown; pageUrl: string }) {
  if (!pageUrl) return null;
  let valid = true;
  try {
    new URL(pageUrl);
  } catch {
    valid = false;
  }
  if (!valid) return <span class="muted small">(the page address above is not a full URL)</span>;
  const { matches, problem } = patternMatchesUrl(pattern as UrlPattern, pageUrl);
  if (problem) return null; // The pattern's own problem is shown under it.
  return matches ? (
    <span class="ok small">✓ Matches this page</span>
  ) : (
    <span class="muted small">✗ Does not match this page</span>
  );
}
