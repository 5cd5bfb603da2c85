/**
 * `insights/` is pure like `rules/` (the background, the pages and the server all use it), and the
 * probe bundle runs in pages: neither touches the database or the background.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');
const files = (dir: string) =>
  readdirSync(join(root, dir))
    .filter((f) => /\.tsx?$/.test(f))
    .map((f) => join(dir, f));
const imports = (file: string) =>
  ts.preProcessFile(readFileSync(join(root, file), 'utf8'), true, true).importedFiles.map((f) => f.fileName);

describe('insights/ and overlay-probe/ boundaries', () => {
  it.each(files('insights'))('%s imports nothing but other pure modules', (file) => {
    expect(imports(file).filter((i) => !i.startsWith('./'))).toEqual([]);
    expect(readFileSync(join(root, file), 'utf8')).not.toMatch(/\b(browser|chrome)\.\w+|indexedDB/);
  });

  it.each(files('overlay-probe'))('%s imports no Dexie, no background and no UI', (file) => {
    expect(imports(file).filter((i) => /dexie|background|preact|overlay-ui/.test(i))).toEqual([]);
  });
});
