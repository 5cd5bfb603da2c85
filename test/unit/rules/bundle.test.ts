/**
 * The engine as the overlay content script bundles it: no validation code (valibot, the pack
 * schema, the validating selector parser), no URLPattern polyfill, no pattern engine (RE2 is
 * loaded on demand), and within its share of the content script's budget (15,000 bytes gzipped
 * for all that always loads).
 */
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/**
 * The engine's share of the always-loaded content script, gzipped. (The content script lost the
 * webextension-polyfill's 2,450 bytes; hash routes, accessible names, choosing the cheaper path
 * for a big change and not walking a big change where no shadow root can be take part of that
 * room. The content script as a whole is held to 15,000 by `test/build`.)
 */
const ENGINE_BUDGET = 10_150;

describe('the engine bundle', () => {
  it('imports no validation code or polyfill and stays within its budget', async () => {
    // What the content script imports from the engine entry (tests' helpers left out, as there).
    const engine = new URL('../../../rules/engine.ts', import.meta.url).pathname;
    const result = await build({
      stdin: { contents: `export { createEngine } from ${JSON.stringify(engine)};`, loader: 'ts', resolveDir: '.' },
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      metafile: true,
    });
    const inputs = Object.keys(result.metafile.inputs);
    for (const forbidden of [
      /valibot/,
      /urlpattern-polyfill/,
      /rules\/schema\//,
      /parse-pack/,
      /selector\/parse\.ts/,
      /naive-engine/,
      /re2js/,
      /regex\/linear/,
      /regex\/pattern-problem/,
    ]) {
      expect(
        inputs.filter((f) => forbidden.test(f)),
        String(forbidden),
      ).toEqual([]);
    }
    const gzipped = gzipSync(result.outputFiles[0]!.contents, { level: 9 }).length;
    expect(gzipped, `the engine is ${gzipped} bytes gzipped`).toBeLessThanOrEqual(ENGINE_BUDGET);
  });
});
