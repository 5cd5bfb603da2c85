/**
 * Prints the size of what Stepwise puts into every page: each content script, raw and gzipped.
 * `npm run build` runs it after the Chrome build; pass another build folder to measure that one.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface ScriptSize {
  file: string;
  bytes: number;
  gzipBytes: number;
}

/** Sizes of the scripts injected into pages: `content-scripts/*.js` in a built extension. */
export function contentScriptSizes(outDir: string): ScriptSize[] {
  const dir = join(outDir, 'content-scripts');
  if (!existsSync(dir)) throw new Error(`No content scripts in ${outDir}: build the extension first`);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.js'))
    .sort()
    .map((f) => {
      const body = readFileSync(join(dir, f));
      return { file: `content-scripts/${f}`, bytes: body.length, gzipBytes: gzipSync(body, { level: 9 }).length };
    });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const outDir = resolve(process.argv[2] ?? '.output/chrome-mv3');
  console.log(`Content scripts in ${outDir}:`);
  for (const s of contentScriptSizes(outDir)) {
    console.log(
      `  ${s.file.padEnd(36)} ${String(s.bytes).padStart(8)} bytes  ${String(s.gzipBytes).padStart(7)} gzipped`,
    );
  }
}
