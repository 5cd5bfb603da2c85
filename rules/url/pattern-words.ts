/**
 * URL pattern errors in words that say what to write instead. URLPattern's own messages name only
 * the part ("invalid pathname pattern '/a/:'", and the polyfill not even where), so the part is
 * looked at again here for the usual mistakes. Backslashes are shown as a pack's JSON has them
 * (`\\\\?`), like the patterns quoted beside them. For validation; not in the content script.
 */
import type { UrlPattern } from '../model';

const PART = /[Ii]nvalid (\w+) pattern '(.*?)'(?:\.|$)/s;

/** What is wrong in one part of a URL pattern, in words (or `undefined` if nothing stands out). */
export function partProblem(part: string, value: string): string | undefined {
  if (part === 'port') return `the port "${value}" must be a number up to 65535, or * for any port`;
  if (part === 'hostname') {
    return `the host "${value}" is not a host name: use letters, digits, - and ., with * or :name for a part that varies`;
  }
  const names = new Set<string>();
  let depth = 0;
  let groupStart = -1;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    const rest = value.slice(i + 1);
    if (c === '\\') {
      i++;
      continue;
    }
    if (depth) {
      // Inside a (regular expression): only its own nesting counts.
      if (c === '(') {
        if (!rest.startsWith('?:')) {
          return 'inside a (…) of a URL pattern, write (?:…) rather than (…) or (?<name>…): it allows no capturing group there';
        }
        depth++;
      } else if (c === ')' && --depth === 0) {
        const source = value.slice(groupStart + 1, i);
        try {
          new RegExp(source, 'u');
        } catch (e) {
          return `${JSON.stringify(`(${source})`)} is not a valid regular expression (${(e as Error).message.replace(/^.*: /, '')})`;
        }
      }
      continue;
    }
    if (c === '(') {
      depth = 1;
      groupStart = i;
    } else if (c === ':') {
      const name = /^[\p{L}_$][\p{L}\p{N}_$]*/u.exec(rest)?.[0];
      if (!name) return 'a : must be followed by a name, as in :id; for a literal colon write \\\\:';
      if (names.has(name)) return `:${name} is used twice: give each part its own name (:${name}, :${name}2)`;
      names.add(name);
    } else if (c === '{' && !rest.includes('}')) {
      return 'a { is never closed with }: write {…}? around a part that may be left out, or \\\\{ for a literal brace';
    } else if ('?+'.includes(c) && !/[)}*]$|:[\p{L}\p{N}_$]+$/u.test(value.slice(0, i))) {
      return (
        `a ${c} right after plain text is not allowed in the ${part}: write \\\\${c} for a literal ${c}` +
        (c === '?' ? ', or {…}? around a part that may be left out' : '')
      );
    }
  }
  if (depth) {
    const from = /:[\p{L}\p{N}_$]+$/u.exec(value.slice(0, groupStart))?.index ?? groupStart;
    return (
      `the ( in ${JSON.stringify(value.slice(from, groupStart + 12))} is never closed: write :id(\\\\d+) for a part of ` +
      'digits, or \\\\( for a literal parenthesis'
    );
  }
  return undefined;
}

/**
 * Why a URL pattern does not compile, in words, from the error `compileUrlPattern` threw. Match
 * pattern errors already say what to write; URLPattern's are explained.
 */
export function urlPatternWords(pattern: UrlPattern, error: Error): string {
  const message = error.message;
  if (!message.includes('neither a match pattern nor a URL pattern')) return message;
  if (/[Rr]elative constructor string|base URL/.test(message)) {
    return (
      'a URL pattern starts with the scheme and host (https://crm.example.com/accounts/:id), or is an object of ' +
      'parts such as { "pathname": "/accounts/:id" }'
    );
  }
  const m = PART.exec(message);
  if (m) {
    const [, part = '', value = ''] = m;
    const words = partProblem(part, value);
    if (words) return words;
    const detail = message
      .slice(m.index + m[0].length)
      .replace(/[.)\s]+$/, '')
      .trim();
    return `the ${part} part "${value}" is not valid${detail ? ` (${detail})` : ''}`;
  }
  return typeof pattern === 'string'
    ? 'write a match pattern (https://*.example.com/accounts/*) or a URL pattern (https://crm.example.com/accounts/:id)'
    : message;
}
