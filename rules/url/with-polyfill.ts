/**
 * URLPattern for validation and the background: the native one where the platform has it,
 * otherwise the polyfill's class (which does not touch globals). Not for the content script —
 * the engine takes URLPattern as a parameter so its bundle never carries the polyfill.
 */
import { URLPattern as URLPatternPolyfill } from 'urlpattern-polyfill/urlpattern';
import { nativeURLPattern } from './compile';
import type { URLPatternConstructor } from './types';

export function urlPatternImpl(): URLPatternConstructor {
  return nativeURLPattern() ?? (URLPatternPolyfill as unknown as URLPatternConstructor);
}
