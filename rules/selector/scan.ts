/**
 * The content script's selector reader: the same structure as `parse.ts` for a valid selector, in
 * a fraction of its size — no checks and no messages, since packs are validated before they reach
 * a page. A test holds the two to the same result on valid selectors.
 */
import type { Complex, Compound, Pseudo } from './parse';

const SELECTOR_ARGS = /^(is|where|not|has|matches|host|host-context|slotted)$/;
const SPACE = /[ \t\n\r\f]/;

/** Reads a selector list that validation accepted; throws on what it cannot read. */
export function scanSelector(text: string): Complex[] {
  let i = 0;
  const at = () => text[i] ?? '';
  const ws = () => {
    const start = i;
    while (SPACE.test(at())) i++;
    return i > start;
  };
  const readEscape = (): string => {
    const hex = /^\\([0-9a-fA-F]{1,6})[ \t\n\r\f]?/.exec(text.slice(i, i + 8));
    if (hex) {
      i += hex[0].length;
      const code = Number.parseInt(hex[1]!, 16);
      return code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)
        ? '\ufffd'
        : String.fromCodePoint(code);
    }
    i += 2;
    return text[i - 1] ?? '';
  };
  const name = (): string => {
    let out = '';
    for (let c = at(); c; c = at()) {
      if (c === '\\') out += readEscape();
      else if (/[\w-]/.test(c) || c >= '\u0080') {
        out += c;
        i++;
      } else break;
    }
    return out;
  };
  const string = () => {
    const quote = text[i++];
    while (i < text.length && at() !== quote) i += at() === '\\' ? 2 : 1;
    i++;
  };
  /** The raw text up to the `)` or `]` closing what was just opened. */
  const block = (): string => {
    const start = i;
    for (let depth = 1; i < text.length; ) {
      const c = at();
      if (c === '\\') i += 2;
      else if (c === '"' || c === "'") string();
      else {
        i++;
        if (c === '(' || c === '[') depth++;
        else if ((c === ')' || c === ']') && --depth === 0) return text.slice(start, i - 1);
      }
    }
    throw new Error('unclosed');
  };
  const star = () => at() === '*' && ++i > 0;
  const compound = (): Compound => {
    const c: Compound = { ids: [], classes: [], attrs: [], pseudos: [] };
    const start = i;
    if (at() === '*' || at() === '|' || /[\w\\-]/.test(at()) || at() >= '\u0080') {
      let tag = star() ? '*' : at() === '|' ? '' : name();
      if (at() === '|' && text[i + 1] !== '=') {
        i++;
        tag = star() ? '*' : name();
      }
      c.tag = tag.toLowerCase();
    }
    for (;;) {
      const ch = at();
      if (ch === '#' || ch === '.') {
        i++;
        (ch === '#' ? c.ids : c.classes).push(name());
      } else if (ch === '[') {
        i++;
        ws();
        if (at() === '*' || (at() === '|' && text[i + 1] !== '=')) i += at() === '*' ? 2 : 1;
        c.attrs.push(name());
        block();
      } else if (ch === ':') {
        i++;
        const element = at() === ':';
        if (element) i++;
        const p: Pseudo = { name: name().toLowerCase(), element };
        if (at() === '(') {
          i++;
          const raw = block();
          if (SELECTOR_ARGS.test(p.name)) p.selectors = list(raw, p.name === 'has');
          else {
            p.raw = raw;
            const of = /^nth-/.test(p.name) ? /\sof\s+([\s\S]+)$/i.exec(raw) : null;
            if (/^nth-/.test(p.name)) p.selectors = of ? list(of[1]!, false) : undefined;
          }
        }
        c.pseudos.push(p);
      } else break;
    }
    if (i === start) throw new Error(`unexpected ${at()}`);
    return c;
  };
  const complex = (relative: boolean): Complex => {
    const out: Complex = { compounds: [], combinators: [] };
    ws();
    if (relative && /[>+~]/.test(at())) {
      out.combinators.push(text[i++]!);
      out.compounds.push({ ids: [], classes: [], attrs: [], pseudos: [{ name: 'scope', element: false }] });
      ws();
    }
    for (;;) {
      out.compounds.push(compound());
      const spaced = ws();
      const ch = at();
      if (!ch || ch === ',') return out;
      if (/[>+~]/.test(ch)) {
        i++;
        ws();
        out.combinators.push(ch);
      } else if (spaced) out.combinators.push(' ');
      else throw new Error(`unexpected ${ch}`);
    }
  };
  const list = (source: string, relative: boolean): Complex[] => {
    const saved = [text, i] as const;
    text = source;
    i = 0;
    try {
      const out = [complex(relative)];
      while (at() === ',') {
        i++;
        out.push(complex(relative));
      }
      return out;
    } finally {
      [text, i] = saved;
    }
  };
  return list(text, false);
}
