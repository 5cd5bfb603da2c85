/**
 * How the background reaches the recorder it injected: the bundle registers its commands on the
 * isolated world's global (which the page cannot see), and the background calls them with
 * `scripting.executeScript` in that same world (`background/recording.ts`).
 */

/** The isolated-world global the recorder bundle registers under. */
export const RECORDER_KEY = '__stepwiseRecorder';

export interface RecorderCommands {
  /** Records for the background's session `sessionId`, which has `steps` steps so far. */
  start(sessionId: string, steps: number): void;
  /** Stops recording on this page (the indicator goes). */
  stop(): void;
}

type RecorderGlobal = typeof globalThis & { [RECORDER_KEY]?: RecorderCommands };

export function registerRecorder(commands: RecorderCommands): void {
  (globalThis as RecorderGlobal)[RECORDER_KEY] = commands;
}

export function registeredRecorder(): RecorderCommands | undefined {
  return (globalThis as RecorderGlobal)[RECORDER_KEY];
}
