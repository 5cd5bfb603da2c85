/**
 * Personal tips: a person's own tips (the `personalTips` table, since version 8) and their
 * suggestions to the team. A suggestion is queued in the outbox in the same transaction that marks
 * the tip suggested, carrying the tip whole, so the team server gets what was suggested exactly
 * once (the outbox's numbered batches); the entry leaves the outbox only when the server has it.
 */
import type { PersonalTip, Suggestion, TipSuggestion } from '../../messaging/areas/tips';
import type { Rule, Target } from '../../rules/index';
import { personalTipProblems, personalTipRule, ruleProblems, withPersonalTipWords } from '../../rules/index';
import type { StepwiseDatabase } from './database';
import type { OutboxRecord, PersonalTipRecord, SuggestionPayload } from './records';
import { clientId, nextOutboxSeq } from './settings';

/** What the person picked and where: a new tip starts from it. */
export interface NewTipInput {
  url: string;
  target: Target;
  element?: string;
  elementName?: string;
}

/** A refusal in words for the person (nothing was changed). */
export class TipError extends Error {}

const iso = (now: number) => new Date(now).toISOString();

function originOf(url: string): string {
  const { origin } = new URL(url);
  if (origin === 'null') throw new TipError(`${url} is not a web page: a tip goes on a page of a web app.`);
  return origin;
}

async function ownTip(db: StepwiseDatabase, userId: string, id: string): Promise<PersonalTipRecord> {
  const tip = await db.personalTips.get(id);
  if (!tip || tip.userId !== userId) throw new TipError(`You have no tip "${id}": it was deleted.`);
  return tip;
}

/** A new tip on the picked element, with no words yet (it shows once it has some). */
export async function createTip(
  db: StepwiseDatabase,
  userId: string,
  input: NewTipInput,
  now: number,
): Promise<PersonalTip> {
  const origin = originOf(input.url);
  const rule = personalTipRule({
    target: input.target,
    url: input.url,
    ...(input.elementName && { elementName: input.elementName }),
    random: crypto.randomUUID().slice(0, 8),
    now: iso(now),
  });
  const tip: PersonalTipRecord = {
    id: rule.id,
    userId,
    origin,
    url: input.url,
    ...(input.element && { element: input.element }),
    title: '',
    text: '',
    rule,
    createdAt: now,
    updatedAt: now,
  };
  await db.personalTips.add(tip);
  return tip;
}

/** Saves a tip's words as they are typed. */
export async function saveTipWords(
  db: StepwiseDatabase,
  userId: string,
  id: string,
  words: { title: string; text: string },
  now: number,
): Promise<PersonalTip> {
  return db.transaction('rw', db.personalTips, async () => {
    const tip = await ownTip(db, userId, id);
    const saved: PersonalTipRecord = {
      ...tip,
      title: words.title,
      text: words.text,
      rule: withPersonalTipWords(tip.rule, words, iso(now)),
      updatedAt: now,
    };
    await db.personalTips.put(saved);
    return saved;
  });
}

/** The queued outbox entries of a tip's suggestion (one at most, unless the data was tampered with). */
async function queuedEntries(db: StepwiseDatabase, tipId: string): Promise<OutboxRecord[]> {
  return db.outbox
    .where('kind')
    .equals('suggestion')
    .filter((e) => e.kind === 'suggestion' && e.tipId === tipId)
    .toArray();
}

/** Deletes a tip; a suggestion of it not yet sent is withdrawn (taken out of the outbox). */
export async function removeTip(
  db: StepwiseDatabase,
  userId: string,
  id: string,
): Promise<{ removed: boolean; withdrawn: boolean }> {
  return db.transaction('rw', [db.personalTips, db.outbox], async () => {
    const tip = await db.personalTips.get(id);
    if (!tip || tip.userId !== userId) return { removed: false, withdrawn: false };
    const queued = await queuedEntries(db, id);
    await db.outbox.bulkDelete(queued.map((e) => e.seq));
    await db.personalTips.delete(id);
    return { removed: true, withdrawn: queued.length > 0 };
  });
}

/**
 * Offers a tip to the team. It must be one that can show (words, a valid rule): otherwise a
 * `TipError` says what to fix. A suggestion still waiting is brought up to date in its outbox
 * entry (the team gets the tip as it is when sent, once); one already sent or decided is suggested
 * again as a new suggestion.
 */
export async function suggestTip(db: StepwiseDatabase, userId: string, id: string, now: number): Promise<PersonalTip> {
  return db.transaction('rw', [db.personalTips, db.outbox, db.settings], async () => {
    const tip = await ownTip(db, userId, id);
    const problems = personalTipProblems(tip.rule, tip);
    if (problems.length) throw new TipError(`Not suggested: ${problems.map((p) => p.message).join(' ')}`);
    const waiting = tip.suggestion?.status === 'queued' ? (await queuedEntries(db, id))[0] : undefined;
    const suggestionId = waiting?.kind === 'suggestion' ? waiting.suggestion.id : crypto.randomUUID();
    const payload: SuggestionPayload = { id: suggestionId, createdAt: now, text: tip.text.trim(), rule: tip.rule };
    if (waiting?.kind === 'suggestion') {
      await db.outbox.put({ ...waiting, suggestion: payload });
    } else {
      const seq = await nextOutboxSeq(db);
      await db.outbox.add({
        seq,
        batchId: `${await clientId(db)}:${seq}`,
        createdAt: now,
        kind: 'suggestion',
        tipId: id,
        suggestion: payload,
      });
    }
    const suggestion: TipSuggestion = { status: 'queued', id: suggestionId, suggestedAt: now };
    const saved: PersonalTipRecord = { ...tip, suggestion };
    await db.personalTips.put(saved);
    return saved;
  });
}

/** The server has these suggestions (call inside the transaction that removes their entries). */
export async function markSuggestionsSent(db: StepwiseDatabase, tipIds: readonly string[], now: number): Promise<void> {
  for (const id of tipIds) {
    const tip = await db.personalTips.get(id);
    if (tip?.suggestion?.status === 'queued') {
      await db.personalTips.put({ ...tip, suggestion: { ...tip.suggestion, status: 'sent', sentAt: now } });
    }
  }
}

/** The person's tips on `url`'s site (all of them without a URL), newest first. */
export async function listTips(db: StepwiseDatabase, userId: string, url?: string): Promise<PersonalTip[]> {
  let origin: string | undefined;
  if (url) {
    origin = new URL(url).origin;
    // A page with no origin of its own (`file:`, `data:`) has no tips.
    if (origin === 'null') return [];
  }
  const tips = origin
    ? await db.personalTips.where('[userId+origin]').equals([userId, origin]).toArray()
    : await db.personalTips.where('userId').equals(userId).toArray();
  return tips.sort((a, b) => b.createdAt - a.createdAt);
}

/**
 * The person's tips that can show, as rules for the engine: those with words. A tip whose rule a
 * pack now has (it was published) shows as the pack's rule instead, so it never shows twice.
 */
export async function tipRules(
  db: StepwiseDatabase,
  userId: string,
  publishedIds: ReadonlySet<string>,
): Promise<Rule[]> {
  const tips = await db.personalTips.where('userId').equals(userId).toArray();
  return tips
    .filter((t) => t.text.trim() && !publishedIds.has(t.id) && t.rule?.kind === 'tip')
    .sort((a, b) => a.createdAt - b.createdAt)
    .map((t) => t.rule);
}

/** This browser's suggestions still waiting for a decision, oldest first, as admins see them. */
export async function localSuggestions(db: StepwiseDatabase): Promise<Suggestion[]> {
  const tips = await db.personalTips.toArray();
  const open = tips.filter((t) => t.suggestion?.status === 'queued' || t.suggestion?.status === 'sent');
  const entries = new Map<string, SuggestionPayload>();
  for (const e of await db.outbox.where('kind').equals('suggestion').toArray())
    if (e.kind === 'suggestion') entries.set(e.tipId, e.suggestion);
  return open
    .sort((a, b) => (a.suggestion?.suggestedAt ?? 0) - (b.suggestion?.suggestedAt ?? 0))
    .map((t) => {
      // What was suggested: the entry still waiting, else the tip as it is.
      const rule = entries.get(t.id)?.rule ?? t.rule;
      return {
        source: 'local' as const,
        id: t.id,
        rule,
        text: t.text,
        from: 'This browser',
        url: t.url,
        suggestedAt: t.suggestion?.suggestedAt ?? t.updatedAt,
        problems: ruleProblems(rule),
      };
    });
}

/** Records an admin's decision on a tip's suggestion (the tip of this browser with that rule id). */
export async function decideLocal(
  db: StepwiseDatabase,
  tipId: string,
  decision: { status: 'published'; packId: string } | { status: 'declined'; note: string },
  now: number,
): Promise<boolean> {
  return db.transaction('rw', db.personalTips, async () => {
    const tip = await db.personalTips.get(tipId);
    if (!tip?.suggestion) return false;
    const { note: _, packId: __, ...rest } = tip.suggestion;
    await db.personalTips.put({ ...tip, suggestion: { ...rest, ...decision, decidedAt: now } });
    return true;
  });
}
