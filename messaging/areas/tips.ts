/**
 * Personal tips and the team's suggestions. Anyone can write a tip for themselves on an element
 * they picked (it shows only to them, like any tip), edit and delete it, and suggest it to the
 * team: the suggestion waits in the outbox until the team server has it, exactly once. Admins see
 * suggestions — this browser's, and the team's from the server's inbox — edit one, publish it into
 * a pack (checked as a publish is), or decline it with a note.
 */
import * as v from 'valibot';
import type { Rule } from '../../rules/index';
import { Id, Url, Words } from '../fields';
import { TargetShape } from './picker';

const Source = v.picklist(['local', 'team']);
const TipWords = (max: number) => v.pipe(v.string(), v.maxLength(max));
const Name = v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(200));

/** Sent by extension pages only. */
export const fromPages = [
  /** The person's own tips on this page's site (all of them when no URL is given), newest first. */
  v.object({ type: v.literal('tips.list'), url: v.optional(Url) }),
  /** A new personal tip, with no words yet, on an element picked on `url`. */
  v.object({
    type: v.literal('tips.create'),
    url: Url,
    target: TargetShape,
    /** The element in words ("text field “Amount (USD)”"), to say which element the tip is on. */
    element: v.optional(v.pipe(v.string(), v.maxLength(2000))),
    /** The element's accessible name, for the tip's name. */
    elementName: v.optional(v.pipe(v.string(), v.maxLength(2000))),
  }),
  /** Saves a tip's words as they are typed (empty while being written: checked when suggested). */
  v.object({ type: v.literal('tips.save'), id: Id, title: TipWords(1000), text: TipWords(20_000) }),
  /** Deletes a tip; a suggestion of it that was not sent yet is withdrawn. */
  v.object({ type: v.literal('tips.remove'), id: Id }),
  /** Offers the tip to the team: queued in the outbox, sent once a team server has it. */
  v.object({ type: v.literal('tips.suggest'), id: Id }),
  /** Suggestions for admins: this browser's open ones, and the team's when a server is connected. */
  v.object({ type: v.literal('suggestions.list') }),
  /**
   * Publishes a suggestion (as the admin edited it) into a pack, checked as any publish is; then
   * the suggestion is marked published (on the server too, for a team one).
   */
  v.object({
    type: v.literal('suggestions.publish'),
    source: Source,
    id: Id,
    rule: v.unknown(),
    packId: Id,
    packName: v.optional(Name),
  }),
  /** Declines a suggestion with a note for its author (the server keeps it, for a team one). */
  v.object({
    type: v.literal('suggestions.decline'),
    source: Source,
    id: Id,
    note: Words(2000, 'write a note for the person who suggested it'),
  }),
] as const;

/** Where a tip's suggestion stands. */
export interface TipSuggestion {
  /**
   * queued: waiting in the outbox (no team server yet, or not synced yet); sent: the team server
   * has it; published / declined: an admin in this browser decided.
   */
  status: 'queued' | 'sent' | 'published' | 'declined';
  /** The id the team's inbox knows it by. */
  id: string;
  /** Epoch milliseconds. */
  suggestedAt: number;
  sentAt?: number;
  decidedAt?: number;
  /** The admin's note, for a declined suggestion. */
  note?: string;
  /** The pack it was published into. */
  packId?: string;
}

/** A person's own tip, as kept. */
export interface PersonalTip {
  /** The tip's rule id. */
  id: string;
  /** Whose tip it is: it shows to this person only. */
  userId: string;
  /** The site it was written on (`https://crm.example.com`). */
  origin: string;
  /** The page it was written on. */
  url: string;
  /** The element it is on, in words. */
  element?: string;
  /** The title as the person wrote it (empty: none). */
  title: string;
  /** The tip's text (Markdown). */
  text: string;
  /** The tip as a rule of the pack format. */
  rule: Rule;
  /** Epoch milliseconds. */
  createdAt: number;
  updatedAt: number;
  suggestion?: TipSuggestion;
}

/** A suggestion as admins see it. */
export interface Suggestion {
  /** `local`: suggested in this browser; `team`: from the team server's inbox. */
  source: 'local' | 'team';
  /** The tip's id (local) or the inbox item's id (team). */
  id: string;
  /** The tip, as a rule of the pack format (as its author sent it). */
  rule: unknown;
  /** Its text, in words. */
  text: string | null;
  /** Who suggested it: the name on their token, or this browser. */
  from: string;
  /** The page it was written on, where known. */
  url?: string;
  /** Epoch milliseconds. */
  suggestedAt: number;
  /** What the pack checks found in it (paths from the rule). */
  problems: { path: string; message: string }[];
}

/** The team's suggestions: there, or why not. */
export type TeamSuggestions =
  | { status: 'not-connected' }
  | { status: 'connected'; items: Suggestion[] }
  | { status: 'error'; message: string };

export interface Replies {
  'tips.list': { tips: PersonalTip[]; connected: boolean };
  'tips.create': { tip: PersonalTip };
  'tips.save': { tip: PersonalTip };
  'tips.remove': { removed: boolean; withdrawn: boolean };
  'tips.suggest': { tip: PersonalTip; connected: boolean };
  'suggestions.list': { local: Suggestion[]; team: TeamSuggestions };
  'suggestions.publish':
    | { published: true; packId: string; version: number; serverUpdated: boolean }
    | { published: false; problems: { path: string; message: string }[] };
  'suggestions.decline': { declined: true; serverUpdated: boolean };
}
