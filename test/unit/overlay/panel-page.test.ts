// @vitest-environment happy-dom
/**
 * The side panel's part on the page, loaded on demand: the runtime asks for it only where the page
 * has checklists; once attached, the checklists share the page's engine (hidden from the UI), what
 * holds is reported, and the background's questions are answered.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { PageReport } from '../../../messaging/areas/checklists';
import type { OverlayState } from '../../../messaging/messages';
import { registerUi, type Send } from '../../../overlay/bridge';
import { Lifetime } from '../../../overlay/lifetime';
import { attachPanel } from '../../../overlay/panel-page';
import { registeredRuntime } from '../../../overlay/probes';
import { startOverlay } from '../../../overlay/runtime';
import { createEngine } from '../../../rules/engine';
import type { Checklist, Rule } from '../../../rules/index';
import { urlPatternImpl } from '../../../rules/index';
import { state, step, walkthrough } from './fakes';

const here = `${location.origin}/*`;
const tour = walkthrough('tour', [step('One')], { start: 'manual', where: { urls: [here] } } as Partial<Rule>);
const elsewhere = walkthrough('elsewhere', [step('One')], {
  start: 'manual',
  where: { urls: ['https://other.example.com/*'] },
} as Partial<Rule>);
const list: Checklist = {
  id: 'setup',
  title: 'Set up',
  where: { urls: [here] },
  items: [
    { id: 'has-form', title: 'Open the form', doneWhen: { exists: { selector: '#form' } } },
    { id: 'saved', title: 'Save', doneWhen: { exists: { selector: '.saved' } } },
  ],
};

function setup(overrides: Partial<OverlayState>) {
  const ctx = new Lifetime(() => true);
  const sent: { type: string }[] = [];
  const send = (async (message: { type: string }) => {
    sent.push(message);
    if (message.type === 'overlay.hello') return state({ rules: [tour, elsewhere], ...overrides });
    // The background injects the panel bundle, which attaches to the runtime in the isolated world.
    if (message.type === 'overlay.loadPanel') {
      const api = registeredRuntime()!;
      api.panel ??= attachPanel(api);
    }
    if (message.type === 'overlay.loadUi') registerUi(() => {});
    return {};
  }) as Send;
  const deps = {
    send,
    createEngine: (o: Parameters<typeof createEngine>[0]) => createEngine({ ...o, URLPattern: urlPatternImpl() }),
  };
  return { ctx, sent, deps };
}

const reports = (sent: { type: string }[]) => sent.filter((m) => m.type === 'page.report') as unknown as PageReport[];

describe('the side panel part on the page', () => {
  afterEach(() => {
    document.body.innerHTML = '';
    registerUi(undefined);
  });

  it('is not loaded where the page has no checklists, and the UI never sees a probe', async () => {
    const { ctx, sent, deps } = setup({});
    const runtime = await startOverlay(ctx, deps);
    expect(sent.map((m) => m.type)).toEqual(['overlay.hello']);
    expect(registeredRuntime()?.panel).toBeUndefined();
    expect(runtime!.host.engine.active().map((a) => a.rule.id)).toEqual(['tour']);
    ctx.end();
  });

  it('loads where the page has checklists, reports what holds, and answers the background', async () => {
    document.body.innerHTML = '<form id="form"></form>';
    const { ctx, sent, deps } = setup({ checklists: [list] });
    const runtime = await startOverlay(ctx, deps);
    expect(sent.map((m) => m.type)).toContain('overlay.loadPanel');
    await expect.poll(() => reports(sent).length).toBeGreaterThan(0);
    expect(reports(sent)[0]).toMatchObject({ rules: ['tour'], checklists: [{ id: 'setup', met: ['has-form'] }] });
    // The UI's engine is without the probes.
    expect(runtime!.host.engine.active().map((a) => a.rule.id)).toEqual(['tour']);

    const saved = document.createElement('p');
    saved.className = 'saved';
    document.body.append(saved);
    await expect
      .poll(() => reports(sent).at(-1)?.checklists[0]?.met.sort(), { timeout: 3000 })
      .toEqual(['has-form', 'saved']);

    const panel = registeredRuntime()!.panel!;
    expect(await panel.command({ type: 'overlay.report' })).toMatchObject({ checklists: [{ id: 'setup' }] });
    expect(await panel.command({ type: 'overlay.start', ruleId: 'nope' })).toEqual({
      started: false,
      reason: 'unknown',
    });
    expect(await panel.command({ type: 'overlay.start', ruleId: 'elsewhere' })).toEqual({
      started: false,
      reason: 'elsewhere',
    });
    expect(await panel.command({ type: 'overlay.context' })).toEqual({ url: location.href, events: [] });
    ctx.end();
  });
});
