/** Rule packs: import, list, export, remove, turn on and off. */
import * as v from 'valibot';
import type { RulePack } from '../../rules/index';
import { Id } from '../fields';

/** Sent by extension pages only. */
export const fromPages = [
  /** Import a rule pack (unknown JSON, validated by `rules/`): valid rules are kept, problems listed. */
  v.object({
    type: v.literal('packs.import'),
    pack: v.unknown(),
    source: v.optional(v.picklist(['local', 'imported', 'server']), 'imported'),
    /**
     * An update that would remove rules of the working version is refused (its reply lists them in
     * `dropped`) unless this confirms the loss; the working version is then kept to restore.
     */
    confirmDrop: v.optional(v.boolean()),
  }),
  /** Puts back the version a pack had before its last update. */
  v.object({ type: v.literal('packs.restorePrevious'), packId: Id }),
  v.object({ type: v.literal('packs.list') }),
  /** The packs with these ids (all when left out), as importable JSON. */
  v.object({ type: v.literal('packs.export'), packIds: v.optional(v.pipe(v.array(Id), v.maxLength(1000))) }),
  v.object({ type: v.literal('packs.remove'), packId: Id }),
  v.object({ type: v.literal('packs.setEnabled'), packId: Id, enabled: v.boolean() }),
] as const;

/** Where a pack came from: written here, imported from a file, or published by the team's server. */
export type PackSource = 'local' | 'imported' | 'server';

/** A pack as the options page lists it: what it is, and how many rules and checklists it holds. */
export interface PackSummary {
  id: string;
  name: string;
  version: number;
  source: PackSource;
  /** An off pack keeps its rules but none of them is shown. */
  enabled: boolean;
  /** Epoch milliseconds. */
  importedAt: number;
  description?: string;
  rules: number;
  /** Rules that are published (drafts are not shown). */
  published: number;
  checklists: number;
  /** The version the last update replaced, which can be restored. */
  previousVersion?: number;
}

/** A problem found while importing, at a JSON path in the pack. */
export interface ImportProblem {
  path: string;
  message: string;
}

export interface Replies {
  'packs.import': {
    packId: string | null;
    imported: number;
    skipped: number;
    problems: ImportProblem[];
    /** Rules of the working version the update removes (or would: then nothing was stored). */
    dropped?: { id: string; name: string }[];
  };
  'packs.restorePrevious': { restored: boolean };
  'packs.list': { packs: PackSummary[] };
  'packs.export': { packs: RulePack[] };
  'packs.remove': { removed: boolean };
  'packs.setEnabled': { saved: boolean };
}
