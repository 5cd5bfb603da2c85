/**
 * A small CSS selector parser: enough of Selectors Level 4 to tell a valid selector from a broken
 * one without a DOM (the background and the sync server have none), and to tell the engine what a
 * selector depends on. It checks syntax; whether a pseudo-class exists is checked by the
 * validation (`selector/validate.ts`), so this file stays small for the content script.
 */

/** One pseudo-class or pseudo-element, with its parsed argument. */
export interface Pseudo {
  name: string;
  element: boolean;
  /** A selector list for `:is()`, `:not()`, `:has()`…; the raw text for other functions. */
  selectors?: Complex[];
  raw?: string;
}

/** A compound selector: `input.big[name="x"]:not(.a)`. */
export interface Compound {
  tag?: string;
  ids: string[];
  classes: string[];
  attrs: string[];
  pseudos: Pseudo[];
}

/** A complex selector: compounds joined by combinators (`combinators[i]` precedes `compounds[i + 1]`). */
export interface Complex {
  compounds: Compound[];
  combinators: string[];
}

export class SelectorError extends Error {
  constructor(
    readonly reason: string,
    readonly index: number,
  ) {
    super(reason);
  }
}

/** Pseudo-classes whose argument is a selector list (`:has` takes relative selectors). */
const SELECTOR_ARGS = new Set(['is', 'where', 'not', 'has', 'matches', 'host', 'host-context', 'slotted']);
const NTH = /^\s*(?:[+-]?\d*n(?:\s*[+-]\s*\d+)?|[+-]?\d+|odd|even)\s*(?:\s+of\s+([\s\S]+))?$/i;

/** Parses a selector list; throws `SelectorError` with the reason and position. */
export function parseSelector(text: string): Complex[] {
  let i = 0;
  let n = text.length;
  const fail = (reason: string, at = i): never => {
    throw new SelectorError(reason, at);
  };
  const ws = () => {
    const start = i;
    while (i < n && /[ \t\n\r\f]/.test(text[i]!)) i++;
    return i > start;
  };
  const nameChar = (c: string) => /[\w-]/.test(c) || c >= '\u0080';
  /** Reads an escape after a backslash at `i`, returning the character it stands for. */
  const readEscape = (): string => {
    i++;
    if (i >= n) fail('a selector cannot end with a backslash');
    const hex = /^[0-9a-fA-F]{1,6}/.exec(text.slice(i, i + 6));
    if (hex) {
      i += hex[0].length;
      if (/[ \t\n\r\f]/.test(text[i] ?? '')) i++;
      const code = Number.parseInt(hex[0], 16);
      return code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)
        ? '\ufffd'
        : String.fromCodePoint(code);
    }
    if (text[i] === '\n') fail('a newline cannot be escaped here');
    return text[i++]!;
  };
  const name = (): string => {
    let out = '';
    while (i < n) {
      const c = text[i]!;
      if (c === '\\') out += readEscape();
      else if (nameChar(c)) {
        out += c;
        i++;
      } else break;
    }
    return out;
  };
  const ident = (what: string): string => {
    const start = i;
    const value = name();
    if (!value || /^(\d|-\d)/.test(text.slice(start)) || value === '-') fail(`expected ${what}`, start);
    return value;
  };
  const string = (): string => {
    const quote = text[i++]!;
    let out = '';
    while (i < n && text[i] !== quote) {
      if (text[i] === '\n') fail('a quoted string cannot span lines');
      if (text[i] === '\\') {
        if (text[i + 1] === '\n') i += 2;
        else out += readEscape();
      } else out += text[i++];
    }
    if (i >= n) fail(`the string is missing its closing ${quote}`);
    i++;
    return out;
  };
  /** The raw text of a function's argument, up to its matching `)`. */
  const argument = (): string => {
    const start = i;
    let depth = 1;
    while (i < n) {
      const c = text[i]!;
      if (c === '\\') readEscape();
      else if (c === '"' || c === "'") string();
      else {
        i++;
        if (c === '(' || c === '[') depth++;
        else if (c === ')' || c === ']') {
          depth--;
          if (depth === 0) return text.slice(start, i - 1);
        }
      }
    }
    return fail('a "(" is never closed', start - 1);
  };
  const nested = (raw: string, offset: number, relative: boolean): Complex[] => {
    try {
      return parseList(raw, relative);
    } catch (e) {
      if (e instanceof SelectorError) throw new SelectorError(e.reason, offset + e.index);
      throw e;
    }
  };
  const pseudo = (): Pseudo => {
    i++;
    const element = text[i] === ':';
    if (element) i++;
    const pname = ident(element ? 'a pseudo-element name after "::"' : 'a pseudo-class name after ":"').toLowerCase();
    if (text[i] !== '(') return { name: pname, element };
    i++;
    const at = i;
    const raw = argument();
    if (SELECTOR_ARGS.has(pname)) return { name: pname, element, selectors: nested(raw, at, pname === 'has') };
    if (/^nth-/.test(pname)) {
      const m = NTH.exec(raw);
      if (!m) fail(`":${pname}(${raw})" needs an argument like 2n+1, odd or even`, at);
      const of = m?.[1];
      return { name: pname, element, raw, selectors: of ? nested(of, at + raw.indexOf(of), false) : undefined };
    }
    if (!raw.trim()) fail(`":${pname}()" needs an argument`, at);
    return { name: pname, element, raw };
  };
  const attribute = (): string => {
    i++;
    ws();
    if (text[i] === '*' && text[i + 1] === '|') i += 2;
    else if (text[i] === '|') i++;
    const attr = ident('an attribute name after "["');
    if (text[i] === '|' && text[i + 1] !== '=')
      fail(`the namespace "${attr}|" is not declared (only *| and | work here)`);
    ws();
    if (text[i] === ']') {
      i++;
      return attr;
    }
    const op = /^[~|^$*]?=/.exec(text.slice(i, i + 2));
    if (!op) fail(`expected "]" or an operator such as = after [${attr}`);
    i += op![0].length;
    ws();
    if (text[i] === '"' || text[i] === "'") string();
    else ident('a value (quote it if it has spaces or symbols)');
    ws();
    if (/[is]/i.test(text[i] ?? '') && !nameChar(text[i + 1] ?? ' ')) {
      i++;
      ws();
    }
    if (text[i] !== ']') fail(`expected "]" to close [${attr}`);
    i++;
    return attr;
  };
  const compound = (): Compound | null => {
    const c: Compound = { ids: [], classes: [], attrs: [], pseudos: [] };
    const start = i;
    if (text[i] === '*' || text[i] === '|' || (text[i] && (nameChar(text[i]!) || text[i] === '\\'))) {
      const star = () => text[i] === '*' && ++i > 0;
      let tag = star() ? '*' : text[i] === '|' ? '' : ident('an element name');
      if (text[i] === '|' && text[i + 1] !== '=') {
        if (tag !== '*' && tag !== '') fail(`the namespace "${tag}|" is not declared (only *| and | work here)`, start);
        i++;
        tag = star() ? '*' : ident('an element name after the namespace');
      }
      c.tag = tag.toLowerCase();
    }
    for (;;) {
      const ch = text[i];
      if (ch === '#') {
        i++;
        c.ids.push(ident('an id after "#"'));
      } else if (ch === '.') {
        i++;
        c.classes.push(ident('a class name after "."'));
      } else if (ch === '[') c.attrs.push(attribute());
      else if (ch === ':') c.pseudos.push(pseudo());
      else break;
      if (c.pseudos.some((p, k) => p.element && k < c.pseudos.length - 1 && !c.pseudos[k + 1]!.element))
        fail('nothing can follow a pseudo-element');
    }
    return i > start ? c : null;
  };
  const complex = (relative: boolean): Complex => {
    const out: Complex = { compounds: [], combinators: [] };
    ws();
    if (relative && /[>+~]/.test(text[i] ?? '')) {
      out.combinators.push(text[i++]!);
      out.compounds.push({ ids: [], classes: [], attrs: [], pseudos: [{ name: 'scope', element: false }] });
      ws();
    }
    for (;;) {
      const c = compound();
      if (!c) fail(i >= n ? 'the selector ends where an element was expected' : `unexpected "${text[i]}"`);
      out.compounds.push(c!);
      const spaced = ws();
      const ch = text[i];
      if (ch === undefined || ch === ',' || ch === ')') return out;
      if (ch === '>' || ch === '+' || ch === '~') {
        i++;
        ws();
        if (/[>+~]/.test(text[i] ?? '')) fail(`unexpected "${text[i]}" after "${ch}"`);
        out.combinators.push(ch);
      } else if (spaced) out.combinators.push(' ');
      else fail(`unexpected "${ch}"`);
    }
  };
  const parseList = (source: string, relative: boolean): Complex[] => {
    const saved = [text, i, n] as const;
    text = source;
    i = 0;
    n = source.length;
    try {
      const list = [complex(relative)];
      while (text[i] === ',') {
        i++;
        list.push(complex(relative));
      }
      if (i < n) fail(`unexpected "${text[i]}"`);
      return list;
    } finally {
      [text, i, n] = saved;
    }
  };
  if (!text.trim()) fail('the selector is empty', 0);
  return parseList(text, false);
}
