/**
 * The `Symbol.for` names the bundles the background injects on demand (the picker, the recorder)
 * register their commands under, on the isolated world's global: a page element's id can shadow a
 * string-named global there (`<div id="…">`), never a symbol. The background calls the commands in
 * that same world with `scripting.executeScript`, passing the name in. No imports: the bundles take
 * only these strings.
 */
export const PICKER_KEY = 'stepwise.picker';
export const RECORDER_KEY = 'stepwise.recorder';
