/**
 * A small Markdown reader for rule text. It returns tokens, never HTML: the UI renders them as
 * Preact elements, so no string of markup ever reaches the DOM. Supported: paragraphs, `-`/`*`
 * and `1.` lists, fenced code, `**strong**`, `*em*`/`_em_`, `` `code` ``, `[links](https://…)` and
 * backslash escapes. Raw HTML is shown as the text it is.
 */

export type Inline =
  | { type: 'text'; text: string }
  | { type: 'code'; text: string }
  | { type: 'strong' | 'em'; children: Inline[] }
  | { type: 'link'; href: string; children: Inline[] };

export type Block =
  | { type: 'paragraph'; children: Inline[] }
  | { type: 'list'; ordered: boolean; items: Inline[][] }
  | { type: 'code'; text: string };

/** Longest text read; rule text is short, and this bounds the work on hostile input. */
const MAX_SOURCE = 8_000;
/** Deepest emphasis nesting; deeper markers are kept as text. */
const MAX_DEPTH = 6;
const ITEM = /^\s{0,3}(?:[-*+]|(\d{1,9})[.)])\s+(.*)$/;

/** Parses `source` into blocks. Never throws. */
export function parseMarkdown(source: string): Block[] {
  const lines = source.slice(0, MAX_SOURCE).replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  const endParagraph = () => {
    if (paragraph.length) blocks.push({ type: 'paragraph', children: parseInline(paragraph.join(' ')) });
    paragraph = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (/^\s*```/.test(line)) {
      endParagraph();
      const code: string[] = [];
      while (++i < lines.length && !/^\s*```/.test(lines[i] as string)) code.push(lines[i] as string);
      blocks.push({ type: 'code', text: code.join('\n') });
      continue;
    }
    const item = ITEM.exec(line);
    if (item) {
      endParagraph();
      const ordered = item[1] !== undefined;
      const last = blocks[blocks.length - 1];
      const list =
        last?.type === 'list' && last.ordered === ordered ? last : { type: 'list' as const, ordered, items: [] };
      if (list !== last) blocks.push(list);
      list.items.push(parseInline(item[2] as string));
      continue;
    }
    if (!line.trim()) endParagraph();
    else {
      const last = blocks[blocks.length - 1];
      // An indented line right after an item continues that item.
      if (!paragraph.length && last?.type === 'list' && /^\s+\S/.test(line)) {
        last.items[last.items.length - 1]?.push({ type: 'text', text: ' ' }, ...parseInline(line.trim()));
      } else paragraph.push(line.trim());
    }
  }
  endParagraph();
  return blocks;
}

/** Only web and mail links; anything else (`javascript:`, `data:`…) is dropped. */
export function safeHref(href: string): string | null {
  const trimmed = href.trim();
  return /^(https?:\/\/|mailto:)/i.test(trimmed) && !/[\s<>"]/.test(trimmed) ? trimmed : null;
}

/** Parses inline Markdown. Never throws. */
export function parseInline(source: string, depth = 0): Inline[] {
  const out: Inline[] = [];
  let text = '';
  const flush = () => {
    if (text) out.push({ type: 'text', text });
    text = '';
  };
  let i = 0;
  while (i < source.length) {
    const c = source[i] as string;
    const next = source[i + 1];
    if (c === '\\' && next && /[\\`*_[\]()#+\-.!<>]/.test(next)) {
      text += next;
      i += 2;
      continue;
    }
    if (c === '`') {
      const end = source.indexOf('`', i + 1);
      if (end > i) {
        flush();
        out.push({ type: 'code', text: source.slice(i + 1, end) });
        i = end + 1;
        continue;
      }
    }
    if ((c === '*' || c === '_') && depth < MAX_DEPTH && !(c === '_' && /\w/.test(source[i - 1] ?? ''))) {
      const double = next === c;
      const marker = double ? c + c : c;
      const from = i + marker.length;
      const end = source.indexOf(marker, from);
      if (end > from && source[from] !== ' ' && source[end - 1] !== ' ') {
        flush();
        out.push({ type: double ? 'strong' : 'em', children: parseInline(source.slice(from, end), depth + 1) });
        i = end + marker.length;
        continue;
      }
    }
    if (c === '[' && depth < MAX_DEPTH) {
      const close = source.indexOf('](', i + 1);
      const end = close > i ? closingParen(source, close + 2) : -1;
      if (end > close) {
        flush();
        const children = parseInline(source.slice(i + 1, close), depth + 1);
        const href = safeHref(source.slice(close + 2, end));
        // A link to anywhere but the web or mail keeps its words and loses the link.
        if (href) out.push({ type: 'link', href, children });
        else out.push(...children);
        i = end + 1;
        continue;
      }
    }
    text += c;
    i++;
  }
  flush();
  return out;
}

/** The index of the `)` that closes a link destination starting at `from` (nested pairs allowed). */
function closingParen(source: string, from: number): number {
  let depth = 0;
  for (let i = from; i < source.length; i++) {
    const c = source[i];
    if (c === '(') depth++;
    else if (c === ')' && depth-- === 0) return i;
  }
  return -1;
}

/** The words of Markdown `source` without its markers, for a screen reader's announcement. */
export function plainText(source: string): string {
  const words = (tokens: Inline[]): string =>
    tokens.map((t) => (t.type === 'text' || t.type === 'code' ? t.text : words(t.children))).join('');
  return parseMarkdown(source)
    .map((b) =>
      b.type === 'paragraph' ? words(b.children) : b.type === 'code' ? b.text : b.items.map(words).join('; '),
    )
    .join(' ');
}
