/**
 * The one size limit for a rule pack, on every way in: a file picked on the options page, the
 * `packs.import` message, the team server's packs. The background enforces it on the pack as JSON
 * (compact, UTF-8); the options page refuses a bigger file early, before reading it.
 */

/** The largest rule pack accepted, in bytes of JSON. */
export const MAX_PACK_BYTES = 10 * 1024 * 1024;

/** `bytes` in words: "10.0 MB", "512 KB", "312 bytes". */
export function sizeInWords(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

/** What `JSON.stringify` writes for the character `code` (the first of a pair for `next`), in UTF-8 bytes. */
function charBytes(code: number, next: number): number {
  if (code === 0x22 || code === 0x5c) return 2; // \" \\
  if (code < 0x20) return code === 8 || code === 9 || code === 10 || code === 12 || code === 13 ? 2 : 6;
  if (code < 0x80) return 1;
  if (code < 0x800) return 2;
  if (code >= 0xd800 && code <= 0xdbff) return next >= 0xdc00 && next <= 0xdfff ? 4 : 6;
  if (code >= 0xdc00 && code <= 0xdfff) return 6; // a lone low surrogate (a pair's is counted with its first)
  return 3;
}

function stringBytes(s: string): number {
  let bytes = 2;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    const size = charBytes(code, s.charCodeAt(i + 1));
    bytes += size;
    if (size === 4) i++;
  }
  return bytes;
}

/**
 * Counts the bytes of `value` as compact JSON, yielding after every value so a caller can pause
 * between slices; stops counting once past `limit`.
 */
export function* jsonBytes(value: unknown, limit = Number.POSITIVE_INFINITY): Generator<void, number> {
  let bytes = 0;
  // Iterative: input may nest deeper than the call stack allows.
  const stack: unknown[] = [value];
  while (stack.length && bytes <= limit) {
    const node = stack.pop();
    if (typeof node === 'string') bytes += stringBytes(node);
    else if (typeof node === 'number') bytes += Number.isFinite(node) ? String(node).length : 4;
    else if (typeof node === 'boolean') bytes += node ? 4 : 5;
    else if (node === null) bytes += 4;
    else if (Array.isArray(node)) {
      bytes += 2 + Math.max(0, node.length - 1);
      for (const child of node) stack.push(child === undefined || typeof child === 'function' ? null : child);
    } else if (typeof node === 'object') {
      const entries = Object.entries(node).filter(([, child]) => child !== undefined && typeof child !== 'function');
      bytes += 2 + Math.max(0, entries.length - 1);
      for (const [key, child] of entries) {
        bytes += stringBytes(key) + 1;
        stack.push(child);
      }
    }
    yield;
  }
  return bytes;
}

/** Why `value` is too big to be a rule pack, or undefined when it is within the limit. */
export function* packSizeProblem(value: unknown, limit = MAX_PACK_BYTES): Generator<void, string | undefined> {
  // Counted to the end, so the words can say how big it is (messages are capped well below 100 MB).
  const bytes = yield* jsonBytes(value);
  if (bytes <= limit) return undefined;
  const exact = (n: number) => `${n.toLocaleString('en-US')} bytes`;
  return `the pack is ${sizeInWords(bytes)} of JSON (${exact(bytes)}); a rule pack can be at most ${sizeInWords(limit)} (${exact(limit)}). Split it into several packs`;
}
