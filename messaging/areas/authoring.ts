/**
 * Authoring: rules in the making (drafts, saved as they are edited, so closing the popup loses
 * nothing), publishing them into a pack (a new pack version), and a pack's earlier versions.
 */
import * as v from 'valibot';
import type { Rule, RulePack } from '../../rules/index';
import { Id, Url } from '../fields';

const Name = v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(200));
const Version = v.pipe(v.number(), v.integer(), v.minValue(1));

/** Sent by extension pages only. */
export const fromPages = [
  /** The drafts made on this page's site (all drafts when no URL is given), newest first. */
  v.object({ type: v.literal('drafts.list'), url: v.optional(Url) }),
  v.object({ type: v.literal('drafts.get'), id: Id }),
  /**
   * Saves a draft as it is edited: the rule as the author has it, valid or not (it is checked
   * when published). `packId` is the pack it will be published into.
   */
  v.object({
    type: v.literal('drafts.save'),
    id: Id,
    rule: v.unknown(),
    packId: v.optional(Id),
    /** The page it is being made on (its site lists it). */
    url: v.optional(Url),
  }),
  v.object({ type: v.literal('drafts.remove'), id: Id }),
  /**
   * Publishes a draft into its pack as a new pack version; the version before is kept. A draft
   * with problems is not published: the reply lists them with their JSON paths.
   */
  v.object({ type: v.literal('drafts.publish'), id: Id, packName: v.optional(Name) }),
  /** The published rules of the packs that are on whose pages include `url` (the popup's list). */
  v.object({ type: v.literal('rules.onPage'), url: Url }),
  /** A pack's kept versions, newest first. */
  v.object({ type: v.literal('packs.versions'), packId: Id }),
  /** Makes a kept version the pack's working one again, as a new version (nothing is lost). */
  v.object({ type: v.literal('packs.restore'), packId: Id, version: Version }),
] as const;

/** A rule in the making, as it was last saved. */
export interface Draft {
  /** The rule's id (a draft of a published rule has that rule's id). */
  id: string;
  /** The pack it is published into. */
  packId: string;
  /** The rule as the author has it: possibly incomplete or invalid. */
  rule: unknown;
  /** The origin of the page it was made on (`https://crm.example.com`). */
  origin?: string;
  url?: string;
  /** Epoch milliseconds. */
  createdAt: number;
  updatedAt: number;
}

/** A published rule whose pages include the page asked about, and the pack it is in. */
export interface PageRule {
  id: string;
  name: string;
  kind: Rule['kind'];
  packId: string;
  packName: string;
  /** `local`: written in this browser; `imported`, `server`: from a pack file, from the team. */
  source: 'local' | 'imported' | 'server';
}

/** A problem in a rule or pack, at a JSON path. */
export interface AuthoringProblem {
  path: string;
  message: string;
}

/** A kept version of a pack. */
export interface PackVersionSummary {
  packId: string;
  version: number;
  /** Epoch milliseconds. */
  savedAt: number;
  /** What made it: a publish (with the rule), a restore, or the version found before the first publish. */
  reason: 'published' | 'restored' | 'before';
  ruleId?: string;
  rules: number;
  pack: RulePack;
}

export interface Replies {
  'drafts.list': { drafts: Draft[] };
  'drafts.get': { draft: Draft | null };
  'drafts.save': { updatedAt: number };
  'drafts.remove': { removed: boolean };
  'drafts.publish': /** `team`: published to the team server (the draft's pack is the team's). */
    | { published: true; packId: string; version: number; team?: true }
    | { published: false; problems: AuthoringProblem[] };
  'rules.onPage': { rules: PageRule[] };
  'packs.versions': { versions: PackVersionSummary[] };
  'packs.restore': { version: number; problems: AuthoringProblem[] };
}
