/**
 * Reads an untrusted rule pack: migrates it from an older format, validates every rule and
 * checklist, keeps the valid ones and lists every problem with its JSON path. Never throws.
 */
import * as v from 'valibot';
import { migrateToCurrent } from './migrations';
import { type Checklist, FORMAT_VERSION, type Problem, type Rule, type RulePack } from './model';
import { packSizeProblem } from './pack-size';
import { EnvelopeSchema } from './schema/pack';
import { ChecklistSchema, RuleSchema } from './schema/rule';
import { ruleProblems } from './schema/rule-checks';
import { issueWords, jsonPath } from './schema/words';

export interface ParseResult {
  /** The valid part of the pack; `null` when the pack itself is unusable (no id, unknown format…). */
  pack: RulePack | null;
  problems: Problem[];
  /** Rules and checklists left out because they are invalid. */
  skipped: number;
  /** The format the pack was written in, when it was migrated. */
  migratedFrom?: number;
}

/** Deeper than this, a rule or checklist is refused before it is read (conditions nest). */
const MAX_DEPTH = 40;
/** Envelope fields without which a pack cannot be used. */
const VITAL = new Set(['format', 'id', 'name', 'version', 'rules']);

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Keys that objects inherit: the schema never reads them, so they are reported here. */
const INHERITED = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Scans a value without recursion (no stack to overflow): the path to the first value nested
 * deeper than `MAX_DEPTH`, and the paths of inherited-looking keys.
 */
function scan(value: unknown): { deep: unknown[] | null; inherited: unknown[][] } {
  const inherited: unknown[][] = [];
  const stack: [unknown, unknown[]][] = [[value, []]];
  while (stack.length) {
    const [node, path] = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (path.length >= MAX_DEPTH) return { deep: path, inherited };
    for (const key of Object.keys(node)) {
      if (INHERITED.has(key) && !Array.isArray(node)) {
        inherited.push([...path, key]);
        continue;
      }
      stack.push([(node as Record<string, unknown>)[key], [...path, Array.isArray(node) ? Number(key) : key]]);
    }
  }
  return { deep: null, inherited };
}

function issues(prefix: string, list: readonly v.BaseIssue<unknown>[]): Problem[] {
  return list.map((issue) => ({
    path: jsonPath(
      prefix,
      (issue.path ?? []).map((p) => p.key),
    ),
    message: issueWords(issue),
  }));
}

/** Validates one rule or checklist; `null` (and problems) when it is invalid. */
function item<T>(schema: v.GenericSchema<unknown, T>, raw: unknown, prefix: string, problems: Problem[]): T | null {
  const { deep, inherited } = scan(raw);
  if (deep) {
    problems.push({ path: jsonPath(prefix, deep), message: `nests too deeply (more than ${MAX_DEPTH} levels)` });
    return null;
  }
  for (const path of inherited) problems.push({ path: jsonPath(prefix, path), message: 'is not a known field' });
  const result = v.safeParse(schema, raw);
  if (!result.success) problems.push(...issues(prefix, result.issues));
  return result.success && !inherited.length ? result.output : null;
}

/** Parses `input`, yielding between values and rules so a caller can pause between slices. */
function* parse(input: unknown): Generator<void, ParseResult> {
  const problems: Problem[] = [];
  const unusable = (): ParseResult => ({ pack: null, problems, skipped: 0 });
  const tooBig = yield* packSizeProblem(input);
  if (tooBig) {
    problems.push({ path: '', message: tooBig });
    return unusable();
  }
  if (!isObject(input)) {
    problems.push({
      path: '',
      message: `a rule pack must be a JSON object (got ${Array.isArray(input) ? 'a list' : typeof input})`,
    });
    return unusable();
  }
  const format = input.format;
  let migratedFrom: number | undefined;
  if (typeof format !== 'number' || !Number.isInteger(format) || format < 1) {
    problems.push({ path: 'format', message: `must be the pack format, ${FORMAT_VERSION} for this version` });
    return unusable();
  }
  if (format > FORMAT_VERSION) {
    problems.push({
      path: 'format',
      message: `the pack was made for a newer Stepwise (format ${format}); this one reads formats 1 to ${FORMAT_VERSION}`,
    });
    return unusable();
  }
  let pack: unknown = input;
  if (format < FORMAT_VERSION) {
    pack = migrateToCurrent(input, format);
    migratedFrom = format;
  }
  const envelope = v.safeParse(EnvelopeSchema, pack);
  if (!envelope.success) problems.push(...issues('', envelope.issues));
  for (const key of Object.keys(pack as object)) {
    if (INHERITED.has(key)) problems.push({ path: jsonPath('', [key]), message: 'is not a known field' });
  }
  if (!envelope.success && envelope.issues.some((i) => !i.path?.length || VITAL.has(String(i.path[0]!.key)))) {
    return { ...unusable(), migratedFrom };
  }
  const raw = pack as Record<string, unknown>;
  const head = envelope.success ? envelope.output : raw;
  let skipped = 0;

  const rules: Rule[] = [];
  const ruleIds = new Map<string, number>();
  for (const [i, r] of (raw.rules as unknown[]).entries()) {
    yield;
    const prefix = `rules[${i}]`;
    const rule = item(RuleSchema, r, prefix, problems) as Rule | null;
    const own = rule ? ruleProblems(rule) : [];
    const first = rule ? ruleIds.get(rule.id) : undefined;
    if (first !== undefined) own.push({ path: 'id', message: `"${rule!.id}" is already the id of rules[${first}]` });
    problems.push(...own.map((p) => ({ path: `${prefix}.${p.path}`, message: p.message })));
    if (!rule || own.length) skipped++;
    else {
      ruleIds.set(rule.id, i);
      rules.push(rule);
    }
  }

  const kept = new Map(rules.map((r) => [r.id, r]));
  const checklists: Checklist[] = [];
  const checklistIds = new Map<string, number>();
  for (const [i, c] of (Array.isArray(raw.checklists) ? raw.checklists : []).entries()) {
    yield;
    const prefix = `checklists[${i}]`;
    const checklist = item(ChecklistSchema, c, prefix, problems) as Checklist | null;
    if (!checklist) {
      skipped++;
      continue;
    }
    const first = checklistIds.get(checklist.id);
    if (first !== undefined) {
      problems.push({ path: `${prefix}.id`, message: `"${checklist.id}" is already the id of checklists[${first}]` });
      skipped++;
      continue;
    }
    checklistIds.set(checklist.id, i);
    const itemIds = new Map<string, number>();
    checklist.items = checklist.items.flatMap((it, k) => {
      const itemPath = `${prefix}.items[${k}]`;
      const firstItem = itemIds.get(it.id);
      if (firstItem !== undefined) {
        // Progress is kept per item id: a second item with the same id would share the first's ticks.
        problems.push({ path: `${itemPath}.id`, message: `"${it.id}" is already the id of items[${firstItem}]` });
        return [];
      }
      itemIds.set(it.id, k);
      if (it.startsRule === undefined) return [it];
      const target = kept.get(it.startsRule);
      if (target?.kind === 'walkthrough') return [it];
      problems.push({
        path: `${itemPath}.startsRule`,
        message: target
          ? `"${it.startsRule}" is a ${target.kind}, not a walkthrough; the item is kept without it`
          : `no rule "${it.startsRule}" in this pack (or it was skipped); the item is kept without it`,
      });
      const { startsRule: _, ...rest } = it;
      return [rest];
    });
    checklists.push(checklist);
  }

  const result: RulePack = {
    format: FORMAT_VERSION,
    id: head.id as string,
    name: head.name as string,
    version: head.version as number,
    rules,
    checklists,
  };
  if (envelope.success && envelope.output.description !== undefined) result.description = envelope.output.description;
  return { pack: result, problems, skipped, ...(migratedFrom !== undefined && { migratedFrom }) };
}

/**
 * Validates (and migrates from an older format) an untrusted pack. `pack` holds only the valid
 * rules and checklists; `problems` lists every problem as `{ path, message }`, e.g.
 * `rules[3].steps[1].target.selector: "div >> span" is not a valid CSS selector (…)`.
 */
export function parsePack(input: unknown): ParseResult {
  try {
    const steps = parse(input);
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
    }
  } catch (e) {
    return couldNotRead(e);
  }
}

/** A last resort: nothing in a pack may take the caller down. */
const couldNotRead = (e: unknown): ParseResult => ({
  pack: null,
  problems: [{ path: '', message: `the pack could not be read (${String(e)})` }],
  skipped: 0,
});

/** How long `parsePackInSlices` works before it lets other tasks run. */
export const PARSE_SLICE_MS = 20;

/**
 * `parsePack` in slices of about `PARSE_SLICE_MS`, with a macrotask between them: a pack of
 * 10,000 rules takes seconds to validate, and the background must answer other messages meanwhile.
 */
export async function parsePackInSlices(input: unknown, sliceMs = PARSE_SLICE_MS): Promise<ParseResult> {
  try {
    const steps = parse(input);
    let sliceStart = performance.now();
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
      if (performance.now() - sliceStart >= sliceMs) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        sliceStart = performance.now();
      }
    }
  } catch (e) {
    return couldNotRead(e);
  }
}

/** `path: message`, as shown to an author. */
export const formatProblem = (p: Problem): string => (p.path ? `${p.path}: ${p.message}` : p.message);
