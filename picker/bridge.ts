/**
 * How the background reaches the picker it injected: the bundle registers its commands on the
 * isolated world's global (which the page cannot see) under a `Symbol.for` key (a page element's
 * id can shadow a string-named global there, `<div id="…">`, never a symbol), and the background calls them with
 * `scripting.executeScript` in that same world.
 */

import { PICKER_KEY } from '../messaging/bundle-keys';

export { PICKER_KEY };

export interface PickerCommands {
  /** Starts picking for the background's session `sessionId` (a picker already running stops). */
  start(sessionId: string): void;
  /** Stops picking (nothing is reported). */
  stop(): void;
}

type PickerGlobal = Record<symbol, PickerCommands | undefined>;

export function registerPicker(commands: PickerCommands): void {
  (globalThis as unknown as PickerGlobal)[Symbol.for(PICKER_KEY)] = commands;
}

export function registeredPicker(): PickerCommands | undefined {
  return (globalThis as unknown as PickerGlobal)[Symbol.for(PICKER_KEY)];
}
