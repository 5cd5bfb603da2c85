/**
 * Personal tips: the rule a tip is (rules/draft/personal-tip.ts), and the background's handlers
 * through the real message router on a real (in-memory) IndexedDB — a tip shows to its author
 * only, suggesting queues it in the outbox once, and admins publish or decline suggestions.
 */
import { describe, expect, it } from 'vitest';
import type { Parse } from '../../background/db/drafts';
import { readPack, readPackRules, storePack } from '../../background/db/packs';
import { markSuggestionsSent } from '../../background/db/personal-tips';
import { storeHandlers } from '../../background/handlers/store';
import { type TeamInbox, tipHandlers } from '../../background/handlers/tips';
import { createMessageRouter, type Handlers } from '../../background/router';
import { Store } from '../../background/store';
import type { InboxItem } from '../../background/sync/client';
import { outboxSource } from '../../background/sync/outbox';
import type { Suggestion, TeamSuggestions } from '../../messaging/areas/tips';
import { type Envelope, Message, type OverlayState, type PersonalTip } from '../../messaging/messages';
import {
  parsePack,
  personalTipProblems,
  personalTipRule,
  personalTipWhere,
  ruleMayApplyToOrigin,
  ruleProblems,
  withPersonalTipWords,
} from '../../rules/index';
import { pack, rule } from '../fixtures/packs';

const ID = 'stepwiseid';
const ORIGIN = `chrome-extension://${ID}/`;
const popup = { id: ID, url: `${ORIGIN}popup.html` };
const PAGE = 'http://127.0.0.1:4173/opportunities/new';
const overlay = (url = PAGE) => ({ id: ID, url, tab: { id: 3 } as chrome.tabs.Tab, frameId: 0 });
const AMOUNT = { selector: 'input[name="amount"]' };
const NOW = '2026-12-02T08:00:00.000Z';

describe('a personal tip as a rule', () => {
  it('is a tip on the picked element, on pages like the one it was written on, of that site only', () => {
    const made = personalTipRule({
      target: AMOUNT,
      url: PAGE,
      elementName: 'Amount  (USD)',
      random: 'ab12cd34',
      now: NOW,
    });
    expect(made).toMatchObject({
      id: 'my-tip-amount-usd-ab12cd34',
      name: 'My tip: Amount (USD)',
      kind: 'tip',
      status: 'published',
      start: 'auto',
      steps: [{ id: 'step-1', target: AMOUNT, title: '', brief: '' }],
    });
    expect(personalTipWhere('https://crm.example.com/accounts/1042#/notes')).toEqual({
      protocol: 'https',
      hostname: 'crm.example.com',
      pathname: '/accounts/:id',
      hash: '/notes',
    });
    expect(made.where.urls).toEqual([
      { protocol: 'http', hostname: '127.0.0.1', port: '4173', pathname: '/opportunities/new' },
    ]);
    // Only on its own site (and port): another app's page with the same path never gets it.
    expect(ruleMayApplyToOrigin(made, 'http://127.0.0.1:4173/')).toBe(true);
    expect(ruleMayApplyToOrigin(made, 'http://127.0.0.1:9999/opportunities/new')).toBe(false);
    expect(ruleMayApplyToOrigin(made, 'https://erp.example.com/opportunities/new')).toBe(false);
    // With no words yet it is not a tip that can show: the pack checks say so.
    expect(ruleProblems(made).map((p) => p.path)).toContain('steps[0].brief');
  });

  it.each([
    [{ title: '', text: 'Type the amount **before** tax.\nThe total adds it.' }, 'Type the amount before tax.'],
    [{ title: 'Amount', text: 'Before tax.' }, 'Amount'],
    [{ title: '  ', text: 'x'.repeat(100) }, `${'x'.repeat(59)}…`],
  ])('takes its card title from the title given, else the start of the text (%j)', (words, title) => {
    const made = personalTipRule({ target: AMOUNT, url: PAGE, random: 'r', now: NOW });
    const worded = withPersonalTipWords(made, words, NOW);
    expect(worded.steps[0]).toMatchObject({ title, brief: words.text.trim(), target: AMOUNT });
    expect(personalTipProblems(worded, words)).toEqual([]);
  });

  it('says in words what stops a tip, before the pack checks', () => {
    const made = personalTipRule({ target: AMOUNT, url: PAGE, random: 'r', now: NOW });
    expect(personalTipProblems(made, { title: '', text: '  ' })).toEqual([
      { path: 'text', message: 'Write the tip: its text is empty.' },
    ]);
    expect(personalTipProblems(made, { title: 't'.repeat(121), text: 'ok' })[0]?.message).toMatch(
      /title is 121 characters long; keep it under 120/,
    );
    const broken = withPersonalTipWords(
      { ...made, steps: [{ ...made.steps[0]!, target: { selector: 'div >> a' } }] },
      { title: '', text: 'Hi' },
      NOW,
    );
    expect(personalTipProblems(broken, { title: '', text: 'Hi' })).toEqual([
      expect.objectContaining({ path: 'steps[0].target.selector' }),
    ]);
  });
});

/** The team server's inbox as the handlers see it, with what they asked of it. */
class FakeTeam implements TeamInbox {
  items: InboxItem[] | null = null;
  failure: Error | null = null;
  resolved: [string, string][] = [];
  async connected() {
    return this.items !== null;
  }
  async teamSuggestions() {
    if (this.failure) throw this.failure;
    return this.items;
  }
  async resolveTeamItem(id: string, note: string) {
    if (this.items === null) return false;
    this.resolved.push([id, note]);
    return true;
  }
  /** No pack here is the team's: drafts are published in this browser. */
  async publishDraft() {
    return null;
  }
}

const parse: Parse = (input) => {
  const parsed = parsePack(input);
  return { pack: parsed.pack, problems: parsed.problems };
};

function setup() {
  let clock = Date.UTC(2026, 11, 2, 8);
  const store = new Store({ dbName: `tips-${crypto.randomUUID()}`, now: () => clock++ });
  const team = new FakeTeam();
  const handlers = {
    ...storeHandlers(store, (r, url) => ruleMayApplyToOrigin(r, url), ORIGIN),
    ...tipHandlers(store, team, parse),
  } as Handlers;
  const route = createMessageRouter(handlers, ID, ORIGIN, Message);
  const send = async <T = unknown>(message: unknown, sender: object = popup) => {
    const reply = (await route(message, sender as never)) as Envelope<T>;
    if (!reply.ok) throw new Error(reply.error);
    return reply.value;
  };
  const hello = async (url = PAGE) =>
    (await send<OverlayState>({ type: 'overlay.hello', url }, overlay(url))).rules.map((r) => r.id);
  const newTip = async (text: string, title = '', url = PAGE) => {
    const { tip } = await send<{ tip: PersonalTip }>({
      type: 'tips.create',
      url,
      target: AMOUNT,
      element: 'text field “Amount (USD)”',
      elementName: 'Amount (USD)',
    });
    return (await send<{ tip: PersonalTip }>({ type: 'tips.save', id: tip.id, title, text })).tip;
  };
  return { store, team, send, hello, newTip, db: store.db };
}

describe('personal tips in the background', () => {
  it('shows a tip with words to its author alone, on its site, by the same greeting as any rule', async () => {
    const { send, hello, newTip, db, store } = setup();
    const { tip: empty } = await send<{ tip: PersonalTip }>({ type: 'tips.create', url: PAGE, target: AMOUNT });
    // No words yet: nothing to show.
    expect(await hello()).toEqual([]);
    const tip = await newTip('Type the amount before tax.', 'Amount');
    expect(tip).toMatchObject({
      userId: 'local',
      origin: 'http://127.0.0.1:4173',
      title: 'Amount',
      element: 'text field “Amount (USD)”',
    });
    expect(await hello()).toEqual([tip.id]);
    // Pages of other sites never get it (the engine matches the path on the page).
    expect(await hello('http://127.0.0.1:9999/opportunities/new')).toEqual([]);
    const list = await send<{ tips: PersonalTip[]; connected: boolean }>({ type: 'tips.list', url: PAGE });
    expect(list.tips.map((t) => t.id)).toEqual([tip.id, empty.id]);
    expect(list.connected).toBe(false);
    expect((await send<{ tips: PersonalTip[] }>({ type: 'tips.list', url: 'https://erp.example.com/' })).tips).toEqual(
      [],
    );
    // Another person signed in on this browser sees none of it.
    await db.settings.put({ key: 'user.id', value: 'someone-else' });
    expect(await hello()).toEqual([]);
    expect(
      (await send<{ tips: PersonalTip[] }>({ type: 'tips.list', url: 'file:///home/jo/notes.html' })).tips,
    ).toEqual([]);
    await expect(send({ type: 'tips.create', url: 'file:///home/jo/notes.html', target: AMOUNT })).rejects.toThrow(
      'file:///home/jo/notes.html is not a web page: a tip goes on a page of a web app.',
    );
    // A refusal in words, not a storage problem.
    expect(store.health.list()).toEqual([]);
    expect((await send<{ tips: PersonalTip[] }>({ type: 'tips.list' })).tips).toEqual([]);
    await expect(send({ type: 'tips.save', id: tip.id, title: '', text: 'mine now' })).rejects.toThrow(
      `You have no tip "${tip.id}": it was deleted.`,
    );
  });

  it('refuses tips messages from a content script', async () => {
    const { send } = setup();
    await expect(send({ type: 'tips.list' }, overlay())).rejects.toThrow(/not accepted from this sender/);
  });

  it('edits and deletes a tip; deleting withdraws a suggestion not yet sent', async () => {
    const { send, hello, newTip, db } = setup();
    const tip = await newTip('First words');
    const edited = (
      await send<{ tip: PersonalTip }>({ type: 'tips.save', id: tip.id, title: 'Amount', text: 'Better words' })
    ).tip;
    expect(edited.rule.steps[0]).toMatchObject({ title: 'Amount', brief: 'Better words' });
    await send({ type: 'tips.suggest', id: tip.id });
    expect(await db.outbox.count()).toBe(1);
    expect(await send({ type: 'tips.remove', id: tip.id })).toEqual({ removed: true, withdrawn: true });
    expect(await db.outbox.count()).toBe(0);
    expect(await hello()).toEqual([]);
    expect(await send({ type: 'tips.remove', id: tip.id })).toEqual({ removed: false, withdrawn: false });
  });

  it('refuses to suggest a tip with no words, in words, and queues nothing', async () => {
    const { send, db } = setup();
    const { tip } = await send<{ tip: PersonalTip }>({ type: 'tips.create', url: PAGE, target: AMOUNT });
    await expect(send({ type: 'tips.suggest', id: tip.id })).rejects.toThrow(
      'Not suggested: Write the tip: its text is empty.',
    );
    expect(await db.outbox.count()).toBe(0);
    expect((await db.personalTips.get(tip.id))?.suggestion).toBeUndefined();
  });

  it('queues a suggestion in the outbox once, as the server takes it, until the server has it', async () => {
    const { send, newTip, db } = setup();
    const tip = await newTip('Type the amount before tax.');
    const first = await send<{ tip: PersonalTip; connected: boolean }>({ type: 'tips.suggest', id: tip.id });
    expect(first.connected).toBe(false);
    expect(first.tip.suggestion).toMatchObject({ status: 'queued' });
    // Edited and suggested again before it was sent: still one entry, carrying the tip as it is now.
    await send({ type: 'tips.save', id: tip.id, title: '', text: 'Type it before tax, in USD.' });
    await send({ type: 'tips.suggest', id: tip.id });
    const source = outboxSource(db);
    const batches = await source.oldest(10);
    expect(batches).toEqual([
      {
        seq: 1,
        kind: 'suggestion',
        createdAt: expect.any(Number),
        id: first.tip.suggestion?.id,
        text: 'Type it before tax, in USD.',
        rule: expect.objectContaining({
          id: tip.id,
          kind: 'tip',
          steps: [expect.objectContaining({ brief: 'Type it before tax, in USD.' })],
        }),
      },
    ]);
    // The server has it: the entry goes, the tip says sent.
    await source.acknowledge([1]);
    expect(await db.outbox.count()).toBe(0);
    expect((await db.personalTips.get(tip.id))?.suggestion).toMatchObject({
      status: 'sent',
      sentAt: expect.any(Number),
    });
    // Suggested again after it was sent: a new suggestion with a new id and the next number.
    const again = await send<{ tip: PersonalTip }>({ type: 'tips.suggest', id: tip.id });
    expect(again.tip.suggestion?.id).not.toBe(first.tip.suggestion?.id);
    expect((await source.oldest(10)).map((b) => b.seq)).toEqual([2]);
  });

  it('keeps the counts of a tip no pack has in this browser; once a pack has it, they go like any rule’s', async () => {
    const { newTip, db } = setup();
    const tip = await newTip('Before tax.');
    const day = '2026-12-02';
    await db.outbox.add({
      seq: 1,
      batchId: 'c:1',
      createdAt: 1,
      kind: 'usage',
      deltas: [
        { ruleId: tip.id, stepId: 'step-1', event: 'shown', day, count: 2 },
        { ruleId: 'team-rule', stepId: 'step-1', event: 'shown', day, count: 3 },
      ],
    });
    const sent = async () => {
      const [batch] = await outboxSource(db).oldest(10);
      return batch?.kind === 'usage' ? batch.deltas.map((d) => [d.ruleId, d.count]) : null;
    };
    expect(await sent()).toEqual([['team-rule', 3]]);
    // Still in the outbox entry as counted (the person's own figures stay whole).
    expect(await db.outbox.get(1)).toMatchObject({ deltas: [{ ruleId: tip.id }, { ruleId: 'team-rule' }] });
    await storePack(db, pack('team-tips', [rule(tip.id, { kind: 'tip' })]), 'server', 2);
    expect(await sent()).toEqual([
      [tip.id, 2],
      ['team-rule', 3],
    ]);
  });

  it('marks only queued suggestions sent', async () => {
    const { newTip, send, db } = setup();
    const tip = await newTip('words');
    await markSuggestionsSent(db, [tip.id], 5);
    expect((await db.personalTips.get(tip.id))?.suggestion).toBeUndefined();
    await send({ type: 'tips.suggest', id: tip.id });
    await db.transaction('rw', db.personalTips, () => markSuggestionsSent(db, [tip.id, 'gone'], 5));
    expect((await db.personalTips.get(tip.id))?.suggestion).toMatchObject({ status: 'sent', sentAt: 5 });
  });
});

describe('suggestions for admins', () => {
  it('lists this browser’s open suggestions and says when no team server is connected', async () => {
    const { send, newTip } = setup();
    expect(await send({ type: 'suggestions.list' })).toEqual({ local: [], team: { status: 'not-connected' } });
    const tip = await newTip('Type the amount before tax.');
    await newTip('Not suggested');
    await send({ type: 'tips.suggest', id: tip.id });
    const { local } = await send<{ local: Suggestion[] }>({ type: 'suggestions.list' });
    expect(local).toEqual([
      expect.objectContaining({
        source: 'local',
        id: tip.id,
        text: 'Type the amount before tax.',
        from: 'This browser',
        problems: [],
      }),
    ]);
  });

  it('publishes a suggestion, as edited, into a pack through the publish checks; the author sees it once', async () => {
    const { send, newTip, hello, db } = setup();
    const tip = await newTip('Type the amount before tax.');
    await send({ type: 'tips.suggest', id: tip.id });
    const [suggestion] = (await send<{ local: Suggestion[] }>({ type: 'suggestions.list' })).local;
    const rule = suggestion?.rule as PersonalTip['rule'];
    // An edit that breaks it is refused with its path; nothing changes and no draft is left.
    const broken = { ...rule, steps: [{ ...rule.steps[0]!, brief: '' }] };
    const refused = await send({
      type: 'suggestions.publish',
      source: 'local',
      id: tip.id,
      rule: broken,
      packId: 'team-tips',
    });
    expect(refused).toEqual({ published: false, problems: [expect.objectContaining({ path: 'steps[0].brief' })] });
    expect(await db.drafts.count()).toBe(0);
    expect(await db.packs.count()).toBe(0);
    const edited = {
      ...rule,
      name: 'Amount before tax',
      steps: [{ ...rule.steps[0]!, brief: 'Amounts are **before** tax.' }],
    };
    const published = await send({
      type: 'suggestions.publish',
      source: 'local',
      id: tip.id,
      rule: edited,
      packId: 'team-tips',
      packName: 'Team tips',
    });
    expect(published).toEqual({ published: true, packId: 'team-tips', version: 1, serverUpdated: false });
    const stored = await db.packs.get('team-tips');
    expect(await readPack(db, stored!)).toMatchObject({
      name: 'Team tips',
      rules: [{ id: tip.id, name: 'Amount before tax', status: 'published' }],
    });
    expect((await db.personalTips.get(tip.id))?.suggestion).toMatchObject({ status: 'published', packId: 'team-tips' });
    expect((await send<{ local: Suggestion[] }>({ type: 'suggestions.list' })).local).toEqual([]);
    // The pack's rule now shows in its place, once.
    const state = await send<OverlayState>({ type: 'overlay.hello', url: PAGE }, overlay());
    expect(state.rules.filter((r) => r.id === tip.id)).toEqual([
      expect.objectContaining({ name: 'Amount before tax' }),
    ]);
    expect(await hello()).toEqual([tip.id]);
  });

  it('declines a suggestion with a note; one still queued need not be sent at all', async () => {
    const { send, newTip, db } = setup();
    const tip = await newTip('Type the amount before tax.');
    await send({ type: 'tips.suggest', id: tip.id });
    await expect(send({ type: 'suggestions.decline', source: 'local', id: tip.id, note: '  ' })).rejects.toThrow(
      /write a note for the person who suggested it/,
    );
    expect(
      await send({ type: 'suggestions.decline', source: 'local', id: tip.id, note: 'Tax is shown next to it now.' }),
    ).toEqual({
      declined: true,
      serverUpdated: false,
    });
    expect((await db.personalTips.get(tip.id))?.suggestion).toMatchObject({
      status: 'declined',
      note: 'Tax is shown next to it now.',
    });
    expect(await db.outbox.count()).toBe(0);
    // The author still has the tip.
    expect((await send<{ tips: PersonalTip[] }>({ type: 'tips.list' })).tips.map((t) => t.id)).toEqual([tip.id]);
  });

  it('lists the team’s suggestions from the server, once each, and sends decisions there', async () => {
    const { send, newTip, team, db } = setup();
    const mine = await newTip('Mine, already on the server.');
    await send({ type: 'tips.suggest', id: mine.id });
    await db.transaction('rw', [db.outbox, db.personalTips], async () => {
      await markSuggestionsSent(db, [mine.id], 9);
      await db.outbox.clear();
    });
    const teamRule = rule('robins-tip', { kind: 'tip' });
    const item = (id: string, r: unknown, from: string | null): InboxItem => ({
      id,
      kind: 'suggestion',
      status: 'open',
      ruleId: (r as { id: string }).id,
      url: null,
      text: 'From the team',
      details: { rule: r, problems: [] },
      from,
      createdAt: '2026-12-01T10:00:00.000Z',
      receivedAt: '2026-12-01T10:00:01.000Z',
    });
    team.items = [item('srv-1', teamRule, 'Robin'), item('srv-2', (await db.personalTips.get(mine.id))?.rule, null)];
    const listed = await send<{ local: Suggestion[]; team: TeamSuggestions }>({ type: 'suggestions.list' });
    // This browser's own suggestion is the server's srv-2 now: listed once.
    expect(listed.local).toEqual([]);
    expect(listed.team).toEqual({
      status: 'connected',
      items: [
        expect.objectContaining({ source: 'team', id: 'srv-1', from: 'Robin', suggestedAt: Date.UTC(2026, 11, 1, 10) }),
        expect.objectContaining({ source: 'team', id: 'srv-2', from: 'Someone on your team' }),
      ],
    });
    expect(
      await send({ type: 'suggestions.decline', source: 'team', id: 'srv-1', note: 'Covered by the tour.' }),
    ).toEqual({
      declined: true,
      serverUpdated: true,
    });
    const published = await send({
      type: 'suggestions.publish',
      source: 'team',
      id: 'srv-2',
      rule: team.items[1]!.details.rule,
      packId: 'team-tips',
    });
    expect(published).toMatchObject({ published: true, serverUpdated: true });
    expect(team.resolved).toEqual([
      ['srv-1', 'Covered by the tour.'],
      ['srv-2', 'Published in pack "team-tips" (version 1).'],
    ]);
    // The author's copy in this browser knows it was published.
    expect((await db.personalTips.get(mine.id))?.suggestion).toMatchObject({ status: 'published' });
    // The server cannot be read: said in words, and this browser's suggestions still listed.
    team.failure = new Error(
      "The team's suggestions needs an admin token; this browser is connected as Robin. Ask your admin.",
    );
    expect((await send<{ team: TeamSuggestions }>({ type: 'suggestions.list' })).team).toEqual({
      status: 'error',
      message: expect.stringMatching(/admin token/),
    });
  });

  it('says a team suggestion needs a connected server to be declined', async () => {
    const { send } = setup();
    await expect(send({ type: 'suggestions.decline', source: 'team', id: 'srv-1', note: 'No.' })).rejects.toThrow(
      /No team server is connected/,
    );
  });

  it('keeps packs' + "'" + ' other rules when publishing into an existing pack', async () => {
    const { send, newTip, db } = setup();
    await storePack(db, pack('team-tips', [rule('existing', { kind: 'tip' })]), 'local', 1);
    const tip = await newTip('Before tax.');
    await send({ type: 'tips.suggest', id: tip.id });
    const result = await send({
      type: 'suggestions.publish',
      source: 'local',
      id: tip.id,
      rule: (await db.personalTips.get(tip.id))?.rule,
      packId: 'team-tips',
    });
    expect(result).toMatchObject({ published: true, version: 2 });
    expect((await readPackRules(db, 'team-tips')).map((r) => r.id)).toEqual(['existing', tip.id]);
  });
});
