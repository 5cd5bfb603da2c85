import { describe, expect, it } from 'vitest';
import { MAX_PACK_DEPTH, parsePackFile, readPackFile, tooDeep } from '../../pages/lib/pack-file';

const file = (parts: BlobPart[], name = 'pack.json') => new File(parts, name, { type: 'application/json' });

describe('reading a pack file', () => {
  it('reads a UTF-8 file, with or without a byte order mark', async () => {
    const pack = { id: 'acme', name: 'Café' };
    expect(await readPackFile(file([JSON.stringify(pack)]))).toEqual({ ok: true, packs: [pack], list: false });
    const bom = new Uint8Array([0xef, 0xbb, 0xbf]);
    expect(await readPackFile(file([bom, JSON.stringify(pack)]))).toEqual({ ok: true, packs: [pack], list: false });
  });

  it('refuses bytes that are not UTF-8, saying so and on which line, instead of importing U+FFFD', async () => {
    // "Café" in Latin-1 on the third line: 0xE9 is not UTF-8 on its own.
    const latin1 = new Uint8Array([...new TextEncoder().encode('{\n "id": "acme",\n "name": "Caf'), 0xe9, 0x22, 0x7d]);
    const read = await readPackFile(file([latin1], 'latin1.json'));
    expect(read).toEqual({
      ok: false,
      error:
        '“latin1.json” is not UTF-8 text (the first character that is not is on line 3). Save it as UTF-8 (or export the pack again) and pick it again.',
    });
  });

  it('refuses deeply nested JSON in words, with where it goes too deep', () => {
    const deep = `{"rules":[${'['.repeat(5000)}${']'.repeat(5000)}]}`;
    const parsed = parsePackFile('deep.json', deep);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toMatch(
      new RegExp(
        `^“deep\\.json” nests more than ${MAX_PACK_DEPTH} levels deep \\(at rules\\[0\\](\\[0\\])+\\); a rule pack never does\\.`,
      ),
    );
  });

  it('accepts a pack nested as deep as real packs are', () => {
    let condition: unknown = { exists: { selector: '#x' } };
    for (let i = 0; i < 20; i++) condition = { not: condition };
    const pack = { rules: [{ where: { when: condition } }] };
    expect(tooDeep(pack)).toBeUndefined();
    expect(parsePackFile('ok.json', JSON.stringify(pack)).ok).toBe(true);
    expect(tooDeep({ a: { b: [1] } }, 2)).toBe('a.b');
  });
});
