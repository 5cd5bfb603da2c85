import { describe, expect, it } from 'vitest';
import { MAX_PACK_FILE_BYTES, parsePackFile, readPackFile } from '../../pages/lib/pack-file';
import { csvCell, usageCsv } from '../../pages/lib/usage-csv';

describe('usage as CSV', () => {
  it.each([
    ['plain', 'plain'],
    [3, '3'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=SUM(A1)', "'=SUM(A1)"],
    ['+1', "'+1"],
    ['-x', "'-x"],
    ['@cmd', "'@cmd"],
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
  ])('writes %j as %s', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('writes a header and one row per counter, by day, rule, step and event', () => {
    const csv = usageCsv([
      { ruleId: 'tour', stepId: 's2', event: 'shown', day: '2025-01-02', count: 4 },
      { ruleId: 'tour', stepId: '', event: 'completed', day: '2025-01-02', count: 1 },
      { ruleId: 'tip', stepId: '', event: 'dismissed', day: '2025-01-01', count: 2 },
    ]);
    expect(csv).toBe(
      'day,rule,step,event,count\r\n2025-01-01,tip,,dismissed,2\r\n2025-01-02,tour,,completed,1\r\n2025-01-02,tour,s2,shown,4\r\n',
    );
  });
});

describe('pack files', () => {
  it('reads one pack or a list of packs', () => {
    expect(parsePackFile('a.json', '{"id":"x"}')).toEqual({ ok: true, packs: [{ id: 'x' }], list: false });
    expect(parsePackFile('a.json', '[{"id":"x"},{"id":"y"}]')).toEqual({
      ok: true,
      packs: [{ id: 'x' }, { id: 'y' }],
      list: true,
    });
  });

  it.each([
    ['', '“p.json” is empty. Pick the rule pack file (.json) again.'],
    ['[]', '“p.json” holds an empty list: there is no pack in it.'],
    [
      '{"id": ',
      /^“p\.json” is not valid JSON \(.+\)\. Check that the whole file was saved, or export the pack again\.$/,
    ],
  ])('refuses %j, saying what to do', (text, error) => {
    const read = parsePackFile('p.json', text);
    expect(read.ok).toBe(false);
    expect(!read.ok && read.error).toMatch(error);
  });

  it('refuses a file over 10 MB before reading it', async () => {
    const file = new File([new Uint8Array(MAX_PACK_FILE_BYTES + 1)], 'huge.json');
    expect(await readPackFile(file)).toEqual({
      ok: false,
      error: '“huge.json” is 10.0 MB; a rule pack file can be at most 10.0 MB.',
    });
  });
});
