/**
 * A pack's rules in the database, read and written a page at a time. IndexedDB clones a value
 * synchronously inside `put()`, and a read's whole result as it succeeds: 10,000 rules in one call
 * hold the background for hundreds of milliseconds, in which no message is answered. Between two
 * pages other tasks run; callers keep the pages of one change inside one transaction, so a failure
 * part way leaves everything as it was.
 */
import type { Rule } from '../../rules/index';
import type { StepwiseDatabase } from './database';
import type { RuleCounts, RuleRecord } from './records';

/** How many rules one call reads or writes (about 0.35 MB of the starter pack's rules). */
export const RULES_PER_CALL = 500;
/** How many of the previous version's rules one `previousRules` record holds. */
export const PREVIOUS_SLICE = 250;
/** Deleting clones nothing: more keys per call. */
const DELETES_PER_CALL = 5000;

function* pages<T>(list: readonly T[], size: number): Generator<T[]> {
  for (let at = 0; at < list.length; at += size) yield list.slice(at, at + size);
}

export const countRules = (rules: readonly Rule[]): RuleCounts => ({
  rules: rules.length,
  published: rules.filter((r) => r?.status === 'published').length,
});

/** Records kept before their pack had an order (or damaged) go last, by id. */
const byPosition = (a: RuleRecord, b: RuleRecord) =>
  (a.position ?? Number.POSITIVE_INFINITY) - (b.position ?? Number.POSITIVE_INFINITY) ||
  (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The rule records of a pack's working version, in the pack's order. */
export function readRuleRecords(db: StepwiseDatabase, packId: string): Promise<RuleRecord[]> {
  return db.transaction('r', db.rules, async () => {
    const ids = await db.rules.where('packId').equals(packId).primaryKeys();
    const records: RuleRecord[] = [];
    for (const page of pages(ids, RULES_PER_CALL)) {
      for (const record of await db.rules.bulkGet(page)) if (record) records.push(record);
    }
    return records.sort(byPosition);
  });
}

/** Every rule record of every pack, by id, a page at a time. */
export function readAllRuleRecords(db: StepwiseDatabase): Promise<RuleRecord[]> {
  return db.transaction('r', db.rules, async () => {
    const records: RuleRecord[] = [];
    for (;;) {
      const last = records.at(-1)?.id;
      const page = await (last === undefined ? db.rules.toCollection() : db.rules.where(':id').above(last))
        .limit(RULES_PER_CALL)
        .toArray();
      records.push(...page);
      if (page.length < RULES_PER_CALL) return records;
    }
  });
}

/** The packs that hold rules with these ids, by rule id (ids no pack holds are not in it). */
export async function ruleOwners(db: StepwiseDatabase, ids: readonly string[]): Promise<Map<string, string>> {
  const owners = new Map<string, string>();
  for (const page of pages(ids, RULES_PER_CALL)) {
    for (const record of await db.rules.bulkGet(page)) if (record) owners.set(record.id, record.packId);
  }
  return owners;
}

/** Writes `rules` as the working version of `packId`, in their order (other records are left). */
export async function putRules(db: StepwiseDatabase, packId: string, rules: readonly Rule[]): Promise<void> {
  let position = 0;
  for (const page of pages(rules, RULES_PER_CALL)) {
    await db.rules.bulkPut(
      page.map((rule): RuleRecord => ({ id: rule.id, packId, status: rule.status, rule, position: position++ })),
    );
  }
}

/** Deletes these rule records. */
export async function deleteRules(db: StepwiseDatabase, ids: readonly string[]): Promise<void> {
  for (const page of pages(ids, DELETES_PER_CALL)) await db.rules.bulkDelete(page);
}

/** The rules of the version `packId` replaced, in their order. */
export async function readPreviousRules(db: StepwiseDatabase, packId: string): Promise<Rule[]> {
  return db.transaction('r', db.previousRules, async () => {
    const keys = await db.previousRules.where('packId').equals(packId).primaryKeys();
    keys.sort((a, b) => a[1] - b[1]);
    const rules: Rule[] = [];
    for (const page of pages(keys, Math.max(1, Math.floor(RULES_PER_CALL / PREVIOUS_SLICE)))) {
      for (const slice of await db.previousRules.bulkGet(page))
        if (Array.isArray(slice?.rules)) rules.push(...slice.rules);
    }
    return rules;
  });
}

/** Deletes the rules of the version `packId` replaced. */
export async function deletePreviousRules(db: StepwiseDatabase, packId: string): Promise<void> {
  // By key: a collection's delete() may read each record first.
  await db.previousRules.bulkDelete(await db.previousRules.where('packId').equals(packId).primaryKeys());
}

/** Keeps `rules` as the version `packId` replaced, in slices, instead of those kept so far. */
export async function putPreviousRules(db: StepwiseDatabase, packId: string, rules: readonly Rule[]): Promise<void> {
  await deletePreviousRules(db, packId);
  const slices = [...pages(rules, PREVIOUS_SLICE)].map((list, slice) => ({ packId, slice, rules: list }));
  for (const page of pages(slices, Math.max(1, Math.floor(RULES_PER_CALL / PREVIOUS_SLICE))))
    await db.previousRules.bulkPut(page);
}
