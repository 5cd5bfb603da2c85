/**
 * The starter rule pack for the demo CRM (`packs/acme-crm-starter.json`): `npm start` imports it
 * before opening the browser, so the first thing a newcomer sees is Stepwise helping.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { StepwiseBrowser } from '../browser-harness/harness';

export const STARTER_PACK_FILE = resolve(import.meta.dirname, '../packs/acme-crm-starter.json');

/** The starter pack as JSON (not yet validated: the extension does that on import). */
export async function readStarterPack(): Promise<unknown> {
  return JSON.parse(await readFile(STARTER_PACK_FILE, 'utf8'));
}

/** Imports the starter pack into the running extension; throws when nothing could be imported. */
export async function importStarterPack(sw: StepwiseBrowser): Promise<string> {
  const reply = await sw.importPack(await readStarterPack());
  const problems = reply.problems.map((p) => `\n  ${p.path}: ${p.message}`).join('');
  if (!reply.packId) throw new Error(`The starter pack could not be imported:${problems}`);
  return `Imported the starter pack: ${reply.imported} rules${reply.skipped ? `, ${reply.skipped} skipped:${problems}` : ''}`;
}
