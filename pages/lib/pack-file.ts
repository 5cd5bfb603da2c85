/**
 * Reading a rule-pack file the user picked: one pack, or a list of packs (as "Export all" writes).
 * Anything that is not JSON is refused here with what to do; the packs themselves are validated
 * by the background (`packs.import`).
 */

/** The largest pack file accepted. */
export const MAX_PACK_FILE_BYTES = 10 * 1024 * 1024;

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
  if (Array.isArray(json)) {
    if (!json.length) return { ok: false, error: `“${name}” holds an empty list: there is no pack in it.` };
    return { ok: true, packs: json, list: true };
  }
  return { ok: true, packs: [json], list: false };
}

/** Reads and parses a picked file. */
export async function readPackFile(file: File): Promise<PackFile> {
  if (file.size > MAX_PACK_FILE_BYTES) {
    const mb = (file.size / 1024 / 1024).toFixed(1);
    return { ok: false, error: `“${file.name}” is ${mb} MB; a rule pack file can be at most 10 MB.` };
  }
  return parsePackFile(file.name, await file.text());
}
