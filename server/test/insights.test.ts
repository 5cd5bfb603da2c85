/**
 * The team's insights endpoints on PGlite and PostgreSQL: a generated data set with known totals,
 * pushed by members (part rolled up into the daily counters, part still in the ledger), gives
 * the funnels, outcomes and health that the same counters give through the browser's aggregation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { teamInsights } from '../../background/sync/client';
import { buildReport, CHECKLIST_FINISHED, HINT_CORRECTED } from '../../insights/aggregate';
import { ruleInfosOf } from '../../insights/rule-infos';
import type { Batch } from '../sync/schemas';
import { DATABASE_KINDS } from './helpers/databases';
import { startServer, type TestServer } from './helpers/server';

const steps = (prefix: string) =>
  ['open', 'fill', 'save'].map((id) => ({
    id,
    target: { selector: `#${prefix}-${id}` },
    title: `${prefix} ${id}`,
    brief: 'b',
  }));
const walkthrough = (id: string) => ({
  id,
  name: `Walkthrough ${id}`,
  kind: 'walkthrough',
  status: 'published',
  where: { urls: ['https://crm.example.com/*'] },
  start: 'manual',
  steps: steps(id),
});
const acme = {
  format: 2,
  id: 'acme',
  name: 'Acme',
  version: 1,
  rules: [
    walkthrough('w0'),
    walkthrough('w1'),
    {
      id: 'amount-hint',
      name: 'Amount hint',
      kind: 'hint',
      status: 'published',
      where: { urls: ['https://crm.example.com/*'] },
      start: 'auto',
      steps: [{ id: 'h', target: { selector: 'input[name=amount]' }, title: 'Amount', brief: 'USD' }],
    },
  ],
  checklists: [
    {
      id: 'first-week',
      title: 'First week',
      where: { urls: ['https://crm.example.com/*'] },
      items: [{ id: 'a', title: 'A', doneWhen: { exists: { selector: '#a' } } }],
    },
  ],
};
const beta = { format: 2, id: 'beta', name: 'Beta', version: 1, rules: [walkthrough('w2')], checklists: [] };

const DAYS = ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04'];
type Delta = { ruleId: string; stepId: string; event: string; day: string; count: number };

/** The data set: per day, w0 loses most at "fill", w1 at "save", w2's "save" target is often missing. */
function dataSet(): Delta[] {
  const out: Delta[] = [];
  DAYS.forEach((day, d) => {
    const add = (ruleId: string, stepId: string, event: string, count: number) =>
      out.push({ ruleId, stepId, event, day, count });
    add('w0', 'open', 'shown', 10 + d);
    add('w0', 'fill', 'shown', 4);
    add('w0', 'save', 'shown', 3);
    add('w0', 'fill', 'dismissed', 2);
    add('w0', 'save', 'completed', 3);
    add('w0', 'fill', 'unhelpful', 1);
    add('w1', 'open', 'shown', 6);
    add('w1', 'fill', 'shown', 6);
    add('w1', 'save', 'shown', 2);
    add('w1', 'save', 'completed', 1);
    add('w1', 'open', 'helpful', 2);
    add('w2', 'open', 'shown', 5);
    add('w2', 'fill', 'shown', 5);
    add('w2', 'save', 'target-missing', 4);
    add('amount-hint', 'h', 'shown', 7);
    add('amount-hint', 'h', HINT_CORRECTED, 3);
    add('first-week', '', CHECKLIST_FINISHED, 1);
  });
  return out;
}

const usageBatch = (seq: number, deltas: Delta[]): Batch => ({
  seq,
  kind: 'usage',
  createdAt: Date.now(),
  deltas: deltas as never,
});

describe.each(DATABASE_KINDS)('insights endpoints on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer(kind);
  });
  afterAll(() => server?.close());

  async function seeded() {
    const ws = await server.workspace();
    expect((await ws.admin.post('/v1/packs', acme)).status).toBe(201);
    expect((await ws.admin.post('/v1/packs', beta)).status).toBe(201);
    const { client } = await ws.member();
    const data = dataSet();
    const half = Math.floor(data.length / 2);
    // Half rolled up into the daily counters, half still in the ledger: the sums read both.
    const first = await client.post('/v1/sync/push', {
      installationId: 'install-a',
      batches: [usageBatch(1, data.slice(0, half))],
    });
    expect(first.body).toMatchObject({ applied: [1] });
    await server.rollup();
    const second = await client.post('/v1/sync/push', {
      installationId: 'install-b',
      batches: [
        usageBatch(1, data.slice(half)),
        {
          seq: 2,
          kind: 'comment',
          createdAt: Date.parse('2026-10-02T10:00Z'),
          id: 'c-1',
          ruleId: 'w0',
          stepId: 'fill',
          text: 'Which currency?',
        },
        {
          seq: 3,
          kind: 'help',
          createdAt: Date.parse('2026-10-03T10:00Z'),
          id: 'h-1',
          url: 'https://crm.example.com/x',
          text: 'Save is grey',
          ruleId: 'w1',
          stepId: 'save',
        },
        {
          seq: 4,
          kind: 'comment',
          createdAt: Date.parse('2026-09-01T10:00Z'),
          id: 'c-old',
          ruleId: 'w0',
          text: 'Too old',
        },
      ],
    });
    expect(second.body).toMatchObject({ applied: [1, 2, 3, 4] });
    return { ws, client };
  }

  it('gives the funnels, outcomes and health of the generated data set, with known totals', async () => {
    const { ws } = await seeded();
    const q = `from=${DAYS[0]}&to=${DAYS[3]}`;
    const funnels = (await ws.admin.get(`/v1/insights/funnels?${q}`)).body.funnels;
    expect(funnels.map((f: { ruleId: string }) => f.ruleId)).toEqual(['w0', 'w1', 'w2']);
    const [w0, w1] = funnels;
    // w0: shown 10+11+12+13 = 46, fill 16, save 12, completed 12: most lost at "open" → "fill".
    expect(w0.stages.map((s: { count: number }) => s.count)).toEqual([46, 16, 12, 12]);
    expect(w0).toMatchObject({ started: 46, completed: 12, abandoned: 8, unhelpful: 4 });
    expect(w0.dropOff).toMatchObject({ stepId: 'open', lost: 30 });
    expect(w0.comments).toEqual([
      { ruleId: 'w0', stepId: 'fill', text: 'Which currency?', at: Date.parse('2026-10-02T10:00Z') },
    ]);
    expect(w0.daily).toEqual(DAYS.map((day, d) => ({ day, started: 10 + d, completed: 3 })));
    expect(w1.dropOff).toMatchObject({ stepId: 'fill', lost: 16 });
    expect(w1.stuck).toEqual([
      { ruleId: 'w1', stepId: 'save', text: 'Save is grey', at: Date.parse('2026-10-03T10:00Z') },
    ]);

    const outcomes = (await ws.admin.get(`/v1/insights/outcomes?${q}`)).body.outcomes;
    expect(outcomes).toMatchObject({
      completed: 16,
      abandoned: 8,
      hintsCorrected: 12,
      checklistsFinished: 4,
      helpful: 8,
      unhelpful: 4,
      stuck: 1,
    });
    expect(outcomes.daily[1]).toEqual({
      day: DAYS[1],
      completed: 4,
      abandoned: 2,
      hintsCorrected: 3,
      checklistsFinished: 1,
    });

    const health = (await ws.admin.get(`/v1/insights/health?${q}`)).body.health;
    expect(health[0]).toMatchObject({ ruleId: 'w2', status: 'failing', step: { stepId: 'save', missing: 16 } });
    expect(health.find((h: { ruleId: string }) => h.ruleId === 'w0').status).toBe('working');
    expect(health[0].steps.map((s: { stepId: string }) => s.stepId)).toEqual(['open', 'fill', 'save']);
    // What the page draws: the same statuses and worst steps, without the steps it does not show.
    const summary = (await ws.admin.get(`/v1/insights/health?${q}&detail=summary`)).body.health;
    expect(summary).toEqual(health.map((h: object) => ({ ...h, steps: [] })));
    expect(JSON.stringify(summary).length).toBeLessThan(JSON.stringify(health).length / 2);
    expect((await ws.admin.get(`/v1/insights/health?${q}&detail=some`)).status).toBe(400);

    // The most started only (as the Insights page asks): the same funnels, and how many there are.
    const limited = (await ws.admin.get(`/v1/insights/funnels?${q}&limit=2`)).body;
    expect(limited.walkthroughs).toBe(3);
    expect(limited.funnels).toEqual(funnels.slice(0, 2));
    expect((await ws.admin.get(`/v1/insights/funnels?${q}&limit=0`)).status).toBe(400);

    // A pack, a rule, and a range with one day only.
    const beta = (await ws.admin.get(`/v1/insights/funnels?${q}&packId=beta`)).body.funnels;
    expect(beta.map((f: { ruleId: string }) => f.ruleId)).toEqual(['w2']);
    const oneDay = (await ws.admin.get(`/v1/insights/funnels?from=${DAYS[2]}&to=${DAYS[2]}&ruleId=w0`)).body.funnels;
    expect(oneDay).toHaveLength(1);
    expect(oneDay[0]).toMatchObject({ started: 12, completed: 3 });
    expect((await ws.admin.get('/v1/insights/rules')).body.packs).toEqual([
      { id: 'acme', name: 'Acme' },
      { id: 'beta', name: 'Beta' },
    ]);
  });

  it('agrees with the browser’s aggregation over the same counters, for every filter', async () => {
    const { ws } = await seeded();
    const counters = (await ws.admin.get('/v1/usage')).body.counters;
    expect(counters).toHaveLength(dataSet().length);
    const { rules, checklists } = ruleInfosOf([
      { id: 'acme', name: 'Acme', pack: acme },
      { id: 'beta', name: 'Beta', pack: beta },
    ]);
    for (const filter of [
      { range: { from: DAYS[0]!, to: DAYS[3]! } },
      { range: { from: DAYS[1]!, to: DAYS[2]! }, packId: 'acme' },
      { range: { from: '2026-09-01', to: DAYS[3]! }, ruleId: 'w1' },
    ]) {
      const local = buildReport(
        { rules, checklists, counters, probes: [], probeStates: [], comments: [], stuck: [], outgrow: [], now: 0 },
        filter,
      );
      const q = `from=${filter.range.from}&to=${filter.range.to}${filter.packId ? `&packId=${filter.packId}` : ''}${filter.ruleId ? `&ruleId=${filter.ruleId}` : ''}`;
      const funnels = (await ws.admin.get(`/v1/insights/funnels?${q}`)).body.funnels;
      const strip = (f: object) => ({ ...f, comments: [], stuck: [] });
      expect(funnels.map(strip)).toEqual(local.funnels.map(strip));
      const first = (await ws.admin.get(`/v1/insights/funnels?${q}&limit=1`)).body.funnels;
      expect(first.map(strip)).toEqual(local.funnels.slice(0, 1).map(strip));
      const outcomes = (await ws.admin.get(`/v1/insights/outcomes?${q}`)).body.outcomes;
      expect({ ...outcomes, stuck: 0 }).toEqual({ ...local.outcomes, stuck: 0 });
    }
  });

  it('gives the extension’s Insights page a whole team report, and a member token a clear refusal', async () => {
    const { ws } = await seeded();
    const filter = { from: DAYS[0]!, to: DAYS[3]! };
    const report = await teamInsights({ serverUrl: server.url, token: ws.adminToken }, filter, 1);
    expect(report).toMatchObject({ range: filter, hasData: true, outcomes: { completed: 16, hintsCorrected: 12 } });
    expect(report.funnels.map((f) => [f.ruleId, f.started])).toEqual([
      ['w0', 46],
      ['w1', 24],
      ['w2', 20],
    ]);
    expect(report.walkthroughs).toBe(3);
    expect(report.rules.map((r) => r.id)).toEqual(['w0', 'w1', 'amount-hint', 'w2']);
    expect(report.health[0]).toMatchObject({ ruleId: 'w2', status: 'failing' });
    const { token } = await ws.member();
    await expect(teamInsights({ serverUrl: server.url, token }, filter, 1)).rejects.toMatchObject({
      kind: 'forbidden',
    });
  });

  it('answers admins of the workspace only, and says what is wrong with a range', async () => {
    const { ws, client } = await seeded();
    const q = `from=${DAYS[0]}&to=${DAYS[3]}`;
    expect((await client.get(`/v1/insights/funnels?${q}`)).status).toBe(403);
    const other = await server.workspace();
    expect((await other.admin.get(`/v1/insights/funnels?${q}`)).body.funnels).toEqual([]);
    expect((await other.admin.get(`/v1/insights/outcomes?${q}`)).body.outcomes.completed).toBe(0);
    const backwards = await ws.admin.get(`/v1/insights/health?from=${DAYS[3]}&to=${DAYS[0]}`);
    expect(backwards.status).toBe(400);
    expect(backwards.body.message).toContain('before from');
    const long = await ws.admin.get('/v1/insights/outcomes?from=2020-01-01&to=2026-01-01');
    expect(long.status).toBe(400);
    expect(long.body.message).toContain('at most 366');
    expect((await ws.admin.get('/v1/insights/funnels?from=yesterday&to=2026-01-01')).status).toBe(400);
  });
});
