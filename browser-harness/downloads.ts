/**
 * Reading a file the browser downloaded, once it is whole. Chromium writes `name.crdownload` and
 * renames it; Firefox makes `name` empty first and writes `name.part` beside it. So a file counts
 * as finished only when neither partial name is there and its text passes the test's own check.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { waitFor } from './queries';

const PARTIAL = /\.(crdownload|part)$/;

/**
 * Waits for a finished download in `dir` whose name matches `pattern`, and returns what `parse`
 * makes of its text. `parse` throws (or returns `undefined`) while the text is not whole yet.
 */
export async function finishedDownload<T>(
  dir: string,
  pattern: RegExp,
  parse: (text: string) => T | undefined,
): Promise<T> {
  let result: T | undefined;
  await waitFor(async () => {
    const names = await readdir(dir);
    const name = names.find((f) => pattern.test(f) && !PARTIAL.test(f));
    if (!name || names.some((f) => f.startsWith(`${name}.`) && PARTIAL.test(f))) return false;
    const text = await readFile(join(dir, name), 'utf8');
    if (text === '') return false;
    result = parse(text);
    return result !== undefined;
  }, `a finished download named like ${pattern}`);
  return result as T;
}
