/**
 * The extension API as the always-loaded content script reaches it, without a polyfill: Chrome's
 * `chrome` (in Manifest V3 `runtime.sendMessage` returns a promise) or Firefox's `browser`. Both
 * are properties the browser defines on the isolated world's own global, which page elements
 * cannot shadow; a name the browser does not define there (`browser` in Chrome) can be a page
 * element (`<form id="browser">`), so it is never read. The content script needs `runtime.id`
 * (is the extension still there?) and `runtime.sendMessage`, nothing else.
 */

/** The part of `runtime` the content script uses. */
export interface ExtensionRuntime {
  /** Undefined once the extension that started this script was reloaded, updated or removed. */
  readonly id?: string;
  sendMessage(message: unknown): Promise<unknown>;
}

type ApiGlobal = { chrome?: { runtime?: ExtensionRuntime }; browser?: { runtime?: ExtensionRuntime } };

/** This browser's `runtime`, or undefined where there is none (the extension is gone). */
export function extensionRuntime(scope: object = globalThis): ExtensionRuntime | undefined {
  const api = import.meta.env.FIREFOX ? (scope as ApiGlobal).browser : (scope as ApiGlobal).chrome;
  const runtime = api?.runtime;
  // A page element is never an API object, whatever its name.
  return runtime && typeof runtime.sendMessage === 'function' ? runtime : undefined;
}

/** True while the extension that started this script is still there. */
export function extensionAlive(scope: object = globalThis): boolean {
  return typeof extensionRuntime(scope)?.id === 'string';
}
