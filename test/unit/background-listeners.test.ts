import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
/** The product's source files (every context: background, content scripts, pages). */
const productFiles = () =>
  ['background', 'overlay', 'overlay-ui', 'pages', 'components', 'messaging', 'entrypoints', 'picker', 'recorder']
    .flatMap((dir) => readdirSync(resolve(root, dir), { recursive: true, encoding: 'utf8' }).map((f) => join(dir, f)))
    .filter((f) => /\.tsx?$/.test(f));

describe('storage listeners', () => {
  it('none in any context: each usage write-ahead append (a storage.local write every few messages) would wake it with the log', () => {
    const listening = productFiles().filter((f) =>
      /storage\.(local\.|session\.|sync\.)?onChanged/.test(readFileSync(resolve(root, f), 'utf8')),
    );
    expect(listening).toEqual([]);
  });
});
