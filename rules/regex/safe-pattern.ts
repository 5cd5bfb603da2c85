/**
 * Refuses regular expressions that can backtrack catastrophically, at validation, with words that
 * say why. JavaScript's engine backtracks: `(\w+\s?)+$` takes exponential time on a long enough
 * miss, and `.*\d+\d+` polynomial time of a high degree. Page values are also cut to
 * `MAX_PATTERN_INPUT` characters (`test-pattern.ts`), which bounds what slips past these checks.
 *
 * Refused: back-references; a repetition inside a repetition (`(a+)+`) unless each round ends on
 * a character the inner one cannot match (`(\w+\.)+` is fine); alternatives that can start alike
 * inside a repetition (`(\d|\w)+`); and chains of unbounded repetitions over the same characters
 * (`\d+\d+\d+`, or two of them when the pattern is not anchored with `^`).
 */
import { PATTERN_FLAGS } from './test-pattern';

interface Item {
  atom: Atom;
  min: number;
  max: number;
  /** The source of the atom, for messages. */
  src: string;
}
type Atom = { kind: 'set'; sig: bigint } | { kind: 'group'; branches: Item[][]; look: boolean } | { kind: 'assert' };

const SAMPLES = [
  ...Array.from({ length: 128 }, (_, i) => String.fromCharCode(i)),
  'é',
  'ß',
  'Ж',
  '中',
  '\u00a0',
  '\u2028',
];
const ALL = (1n << BigInt(SAMPLES.length)) - 1n;
export const MAX_PATTERN_LENGTH = 500;

class Unsafe extends Error {}

/** Checks a rule's pattern: `null` when it may be used, otherwise why not. */
export function patternProblem(pattern: string, flags = ''): string | null {
  if (pattern.length > MAX_PATTERN_LENGTH)
    return `is too long for a pattern (at most ${MAX_PATTERN_LENGTH} characters)`;
  if (!PATTERN_FLAGS.test(flags)) return `flags "${flags}" are not allowed (use any of i, m, s, u, once each)`;
  try {
    new RegExp(pattern, flags);
  } catch (e) {
    return `/${pattern}/ is not a valid regular expression (${(e as Error).message.replace(/^.*: /, '')})`;
  }
  try {
    const flagsOnly = flags.replace(/[^isu]/g, '');
    const top = parse(pattern, flagsOnly);
    const anchored = !flags.includes('m') && top.every((b) => b[0]?.atom.kind === 'assert' && b[0].src === '^');
    check(top, anchored);
    return null;
  } catch (e) {
    if (e instanceof Unsafe) return `/${pattern}/ can take very long to run on some text: ${e.message}`;
    throw e;
  }
}

function signature(source: string, flags: string): bigint {
  let re: RegExp;
  try {
    re = new RegExp(`^(?:${source})$`, flags);
  } catch {
    return ALL;
  }
  let sig = 0n;
  SAMPLES.forEach((c, i) => {
    if (re.test(c)) sig |= 1n << BigInt(i);
  });
  return sig;
}

function parse(p: string, flags: string): Item[][] {
  let i = 0;
  const alternation = (): Item[][] => {
    const branches: Item[][] = [[]];
    while (i < p.length && p[i] !== ')') {
      if (p[i] === '|') {
        i++;
        branches.push([]);
        continue;
      }
      const start = i;
      const atom = parseAtom();
      const q = quantifier();
      branches[branches.length - 1]!.push({ atom, ...q, src: p.slice(start, i) });
    }
    return branches;
  };
  const parseAtom = (): Atom => {
    const c = p[i]!;
    if (c === '^' || c === '$') {
      i++;
      return { kind: 'assert' };
    }
    if (c === '(') {
      i++;
      let look = false;
      if (p.startsWith('?:', i)) i += 2;
      else if (/^\?<?[=!]/.test(p.slice(i, i + 3))) {
        look = true;
        i += p[i + 1] === '<' ? 3 : 2;
      } else if (p.startsWith('?<', i)) i = p.indexOf('>', i) + 1;
      const branches = alternation();
      i++;
      return { kind: 'group', branches, look };
    }
    if (c === '[') {
      const start = i++;
      if (p[i] === '^') i++;
      while (i < p.length && p[i] !== ']') i += p[i] === '\\' ? 2 : 1;
      i++;
      return { kind: 'set', sig: signature(p.slice(start, i), flags) };
    }
    if (c === '\\') {
      const e = p[i + 1] ?? '';
      if (/[1-9]/.test(e) || (e === 'k' && p[i + 2] === '<')) {
        throw new Unsafe('back-references (\\1, \\k<name>) are not allowed');
      }
      if (e === 'b' || e === 'B') {
        i += 2;
        return { kind: 'assert' };
      }
      const m = /^\\(?:[pP]\{[^}]*\}|u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|c[A-Za-z]|[\s\S])/.exec(
        p.slice(i),
      );
      const src = m ? m[0] : '\\';
      i += src.length;
      return { kind: 'set', sig: signature(src, flags) };
    }
    const cp = String.fromCodePoint(p.codePointAt(i)!);
    i += cp.length;
    return {
      kind: 'set',
      sig: c === '.' ? signature('.', flags) : signature(cp.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&'), flags),
    };
  };
  const quantifier = (): { min: number; max: number } => {
    const m = /^(?:([*+?])|\{(\d+)(,(\d*))?\})\??/.exec(p.slice(i));
    if (!m) return { min: 1, max: 1 };
    i += m[0].length;
    if (m[1])
      return m[1] === '*' ? { min: 0, max: Infinity } : m[1] === '+' ? { min: 1, max: Infinity } : { min: 0, max: 1 };
    const min = Number(m[2]);
    return { min, max: m[3] === undefined ? min : m[4] ? Number(m[4]) : Infinity };
  };
  return alternation();
}

/** The characters a sequence can start with (everything, when it can match nothing). */
function firstOf(seq: Item[]): bigint {
  let sig = 0n;
  for (const item of seq) {
    const a = item.atom;
    if (a.kind === 'assert' || (a.kind === 'group' && a.look)) continue;
    sig |= a.kind === 'set' ? a.sig : a.branches.reduce((s, b) => s | firstOf(b), 0n);
    if (item.min > 0) return sig;
  }
  return ALL;
}

const sigOf = (item: Item): bigint =>
  item.atom.kind === 'set' ? item.atom.sig : item.atom.kind === 'group' ? firstOf([item]) : 0n;

const containsUnbounded = (branches: Item[][]): Item | undefined => {
  for (const b of branches) {
    for (const item of b) {
      if (item.max === Infinity) return item;
      if (item.atom.kind === 'group') {
        const inner = containsUnbounded(item.atom.branches);
        if (inner) return inner;
      }
    }
  }
  return undefined;
};

function check(branches: Item[][], anchored: boolean, top = true): void {
  for (const seq of branches) {
    checkChains(seq, anchored, top);
    for (const item of seq) {
      if (item.atom.kind !== 'group') continue;
      const inner = item.atom.branches;
      if (item.max > 1) {
        const nested = containsUnbounded(inner);
        if (nested && !delimited(inner)) {
          throw new Unsafe(`it repeats a repetition (${item.src}); write it without the nesting`);
        }
      }
      if (item.max === Infinity && inner.length > 1) {
        const firsts = inner.map(firstOf);
        for (let a = 0; a < firsts.length; a++) {
          for (let b = a + 1; b < firsts.length; b++) {
            if (firsts[a]! & firsts[b]!) {
              throw new Unsafe(`in ${item.src}, alternatives that can start with the same character are repeated`);
            }
          }
        }
      }
      check(inner, false, false);
    }
  }
}

/** Each round of a repeated group ends on a required character its unbounded parts cannot match. */
function delimited(branches: Item[][]): boolean {
  if (branches.length !== 1) return false;
  const seq = branches[0]!;
  return seq.every((item, k) => {
    if (item.max !== Infinity) return item.atom.kind !== 'group' || !containsUnbounded(item.atom.branches);
    if (item.atom.kind !== 'set') return false;
    const next = seq.slice(k + 1).find((n) => n.min > 0);
    return next !== undefined && (sigOf(next) & item.atom.sig) === 0n;
  });
}

/** Chains of unbounded repetitions over shared characters, with only optional or shared items between. */
function checkChains(seq: Item[], anchored: boolean, top: boolean): void {
  let chain: Item[] = [];
  // A repetition with nothing after it in the whole pattern never has to give characters back.
  const last = seq[seq.length - 1];
  const body = top && last && last.max === Infinity ? seq.slice(0, -1) : seq;
  for (const item of body) {
    if (item.atom.kind === 'assert') continue;
    const sig = sigOf(item);
    const last = chain[chain.length - 1];
    if (item.max === Infinity) {
      chain = last && sigOf(last) & sig ? [...chain, item] : [item];
      const degree = chain.length + (anchored ? 0 : 1);
      if (degree >= 3) {
        throw new Unsafe(
          `${chain.map((c) => c.src).join(' then ')} can split the same text in many ways` +
            `${anchored ? '' : ' (anchoring the pattern with ^ helps)'}; make one of them more specific`,
        );
      }
    } else if (last && item.min > 0 && !(sigOf(last) & sig)) chain = [];
  }
}
