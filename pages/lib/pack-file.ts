/**
 * Reading a rule-pack file the user picked: one pack, or a list of packs (as "Export all" writes).
 * Anything that is not JSON is refused here with what to do; the packs themselves are validated
 * by the background (`packs.import`).
 */

import { MAX_PACK_BYTES, sizeInWords } from '../../rules/index';

/**
 * The largest pack file accepted: the limit the background enforces on every import, checked here
 * early so a file too big is refused before it is read.
 */
export const MAX_PACK_FILE_BYTES = MAX_PACK_BYTES;
/**
 * The deepest nesting a pack file may have. A real pack nests a dozen levels at most (conditions
 * inside conditions); far deeper JSON cannot even be sent to the background ("Could not serialize
 * message"), so it is refused here, in words.
 */
export const MAX_PACK_DEPTH = 64;

/** The JSON path of the first place in `value` nested deeper than `max` levels, if any. */
export function tooDeep(value: unknown, max = MAX_PACK_DEPTH): string | undefined {
  // Iterative: a hostile file can nest far deeper than the call stack allows.
  const stack: [unknown, string, number][] = [[value, '', 0]];
  while (stack.length) {
    const [node, path, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth >= max) return path || '(the top level)';
    if (Array.isArray(node)) node.forEach((child, i) => void stack.push([child, `${path}[${i}]`, depth + 1]));
    else for (const [key, child] of Object.entries(node)) stack.push([child, path ? `${path}.${key}` : key, depth + 1]);
  }
  return undefined;
}

export type PackFile = { ok: true; packs: unknown[]; list: boolean } | { ok: false; error: string };

/** Parses `text`, the content of the file `name`. */
export function parsePackFile(name: string, text: string): PackFile {
  if (!text.trim()) return { ok: false, error: `“${name}” is empty. Pick the rule pack file (.json) again.` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      error: `“${name}” is not valid JSON (${why}). Check that the whole file was saved, or export the pack again.`,
    };
  }
  const deep = tooDeep(json);
  if (deep !== undefined) {
    return {
      ok: false,
      error: `“${name}” nests more than ${MAX_PACK_DEPTH} levels deep (at ${deep}); a rule pack never does. Check that this is a rule pack file, or export the pack again.`,
    };
  }
  if (Array.isArray(json)) {
    if (!json.length) return { ok: false, error: `“${name}” holds an empty list: there is no pack in it.` };
    return { ok: true, packs: json, list: true };
  }
  return { ok: true, packs: [json], list: false };
}

/** Reads and parses a picked file. */
export async function readPackFile(file: File): Promise<PackFile> {
  if (file.size > MAX_PACK_FILE_BYTES) {
    return {
      ok: false,
      error: `“${file.name}” is ${sizeInWords(file.size)}; a rule pack file can be at most ${sizeInWords(MAX_PACK_FILE_BYTES)}.`,
    };
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Read as UTF-8 anyway, the bytes that are not would become U+FFFD: say where the first is.
    const loose = new TextDecoder('utf-8').decode(bytes);
    const at = loose.indexOf('\uFFFD');
    const line = at < 0 ? 1 : loose.slice(0, at).split('\n').length;
    return {
      ok: false,
      error: `“${file.name}” is not UTF-8 text (the first character that is not is on line ${line}). Save it as UTF-8 (or export the pack again) and pick it again.`,
    };
  }
  return parsePackFile(file.name, text);
}
