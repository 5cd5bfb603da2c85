import { describe, expect, it } from 'vitest';
import { parseInline, parseMarkdown, safeHref } from '../../../components/markdown';

describe('parseMarkdown', () => {
  it.each([
    [
      '**Amount** in USD',
      [
        { type: 'strong', children: [{ type: 'text', text: 'Amount' }] },
        { type: 'text', text: ' in USD' },
      ],
    ],
    [
      'use `YYYY-MM-DD`',
      [
        { type: 'text', text: 'use ' },
        { type: 'code', text: 'YYYY-MM-DD' },
      ],
    ],
    [
      '*soon* _now_',
      [
        { type: 'em', children: [{ type: 'text', text: 'soon' }] },
        { type: 'text', text: ' ' },
        { type: 'em', children: [{ type: 'text', text: 'now' }] },
      ],
    ],
    ['snake_case_name stays', [{ type: 'text', text: 'snake_case_name stays' }]],
    ['2 * 3 * 4', [{ type: 'text', text: '2 * 3 * 4' }]],
    ['\\*not em\\*', [{ type: 'text', text: '*not em*' }]],
    [
      'see [the guide](https://acme.example/guide)',
      [
        { type: 'text', text: 'see ' },
        { type: 'link', href: 'https://acme.example/guide', children: [{ type: 'text', text: 'the guide' }] },
      ],
    ],
  ])('reads inline %j', (source, tokens) => {
    expect(parseInline(source)).toEqual(tokens);
  });

  it('reads paragraphs, lists and fenced code', () => {
    const blocks = parseMarkdown(
      'First line\ncontinues.\n\n- one\n- two\n  more\n\n1. first\n2. second\n\n```\n<b>raw</b>\n```',
    );
    expect(blocks.map((b) => b.type)).toEqual(['paragraph', 'list', 'list', 'code']);
    expect(blocks[0]).toEqual({ type: 'paragraph', children: [{ type: 'text', text: 'First line continues.' }] });
    expect(blocks[1]).toMatchObject({
      ordered: false,
      items: [[{ text: 'one' }], [{ text: 'two' }, { text: ' ' }, { text: 'more' }]],
    });
    expect(blocks[2]).toMatchObject({ ordered: true });
    expect(blocks[3]).toEqual({ type: 'code', text: '<b>raw</b>' });
  });

  it('keeps raw HTML as text', () => {
    expect(parseMarkdown('<img src=x onerror=alert(1)>')).toEqual([
      { type: 'paragraph', children: [{ type: 'text', text: '<img src=x onerror=alert(1)>' }] },
    ]);
  });

  it.each([
    'javascript:alert(1)',
    'data:text/html,<b>',
    ' vbscript:x',
    'JaVaScRiPt:alert(1)',
    '//evil.example',
    'https://a b',
  ])('drops the link to %j but keeps its words', (href) => {
    expect(safeHref(href)).toBeNull();
    expect(parseInline(`[click](${href})`)).toEqual([{ type: 'text', text: 'click' }]);
  });

  it('never throws and stays bounded on hostile input', () => {
    const inputs = [
      '*'.repeat(5000),
      '['.repeat(3000),
      '`'.repeat(4001),
      '**_*_'.repeat(2000),
      '\\'.repeat(999),
      '- '.repeat(3000),
    ];
    let seed = 7;
    for (let n = 0; n < 300; n++) {
      let s = '';
      for (let i = 0; i < 200; i++) {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        s += '*_`[]()\\-1. \nab<>'[seed % 17];
      }
      inputs.push(s);
    }
    for (const input of inputs) expect(() => parseMarkdown(input)).not.toThrow();
    // Emphasis deeper than the limit stays text instead of recursing without end.
    const deep = parseInline(`${'*a '.repeat(50)}x${' a*'.repeat(50)}`);
    expect(JSON.stringify(deep).length).toBeGreaterThan(0);
  });
});
