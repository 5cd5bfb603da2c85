/**
 * How the background reaches the picker it injected: the bundle registers its commands on the
 * isolated world's global (which the page cannot see), and the background calls them with
 * `scripting.executeScript` in that same world.
 */

/** The isolated-world global the picker bundle registers under. */
export const PICKER_KEY = '__stepwisePicker';

export interface PickerCommands {
  /** Starts picking for the background's session `sessionId` (a picker already running stops). */
  start(sessionId: string): void;
  /** Stops picking (nothing is reported). */
  stop(): void;
}

type PickerGlobal = typeof globalThis & { [PICKER_KEY]?: PickerCommands };

export function registerPicker(commands: PickerCommands): void {
  (globalThis as PickerGlobal)[PICKER_KEY] = commands;
}

export function registeredPicker(): PickerCommands | undefined {
  return (globalThis as PickerGlobal)[PICKER_KEY];
}
