/**
 * How the background reaches the recorder it injected: the bundle registers its commands on the
 * isolated world's global (which the page cannot see) under a `Symbol.for` key (a page element's
 * id can shadow a string-named global there, `<div id="…">`, never a symbol), and the background calls them with
 * `scripting.executeScript` in that same world (`background/recording.ts`).
 */

import { RECORDER_KEY } from '../messaging/bundle-keys';

export { RECORDER_KEY };

export interface RecorderCommands {
  /** Records for the background's session `sessionId`, which has `steps` steps so far. */
  start(sessionId: string, steps: number): void;
  /** Stops recording on this page (the indicator goes). */
  stop(): void;
}

type RecorderGlobal = Record<symbol, RecorderCommands | undefined>;

export function registerRecorder(commands: RecorderCommands): void {
  (globalThis as unknown as RecorderGlobal)[Symbol.for(RECORDER_KEY)] = commands;
}

export function registeredRecorder(): RecorderCommands | undefined {
  return (globalThis as unknown as RecorderGlobal)[Symbol.for(RECORDER_KEY)];
}
