// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OverlayState, PageRules } from '../../../messaging/messages';
import {
  HOST_TAG,
  type MountOverlayUi,
  registeredPatterns,
  registeredUi,
  registerPatterns,
  registerUi,
  type Send,
} from '../../../overlay/bridge';
import { Lifetime } from '../../../overlay/lifetime';
import { type OverlayRuntime, PAGE_SETTLES_MS, startOverlay } from '../../../overlay/runtime';
import { createEngine } from '../../../rules/engine';
import type { Rule } from '../../../rules/model';
import { createLinearTester } from '../../../rules/regex/linear';
import { ruleMatchesUrl } from '../../../rules/url/origin';
import { pagePartsRead } from '../../../rules/url/page-parts';
import { urlPatternImpl } from '../../../rules/url/with-polyfill';
import { ScriptedEngine, state, step, walkthrough } from './fakes';

const tour = walkthrough('tour', [step('One')]);
const manual = walkthrough('manual', [step('One')], { start: 'manual' });

function setup(rules: Rule[], overrides: Partial<OverlayState> = {}) {
  const ctx = new Lifetime(() => true);
  const sent: string[] = [];
  const mount = vi.fn<MountOverlayUi>();
  let engine: ScriptedEngine | undefined;
  const send = (async (message: { type: string }) => {
    sent.push(message.type);
    if (message.type === 'overlay.hello') return state({ rules, ...overrides });
    // The background injects the UI bundle, which registers itself in the isolated world.
    if (message.type === 'overlay.loadUi') registerUi(mount);
    if (message.type === 'overlay.loadPatterns') registerPatterns(createLinearTester());
    return {};
  }) as Send;
  const deps = {
    send,
    createEngine: () => {
      engine = new ScriptedEngine(rules);
      return engine;
    },
  };
  return { ctx, sent, mount, deps, engine: () => engine };
}

/** `send`, except that the first two `type` requests fail as when the worker stops mid-request. */
function failingTwice(send: Send, type: string, sent: string[]): Send {
  let failures = 2;
  return (async (message: { type: string }) => {
    if (message.type === type && failures-- > 0) {
      sent.push('failed');
      throw new Error('The message port closed before a response was received.');
    }
    return send(message as Parameters<Send>[0]);
  }) as Send;
}

describe('startOverlay', () => {
  afterEach(() => {
    registerUi(undefined);
    vi.restoreAllMocks();
    registerPatterns(undefined);
  });

  it('stops after saying hello when the site has no rules', async () => {
    const { ctx, sent, deps } = setup([]);
    expect(await startOverlay(ctx, deps)).toBeUndefined();
    expect(sent).toEqual(['overlay.hello']);
    ctx.end();
  });

  it('does not load the UI while no active rule can show anything', async () => {
    const { ctx, sent, deps, mount } = setup([manual]);
    const runtime = await startOverlay(ctx, deps);
    expect(runtime).toBeDefined();
    expect(await runtime?.ui()).toBe(false);
    expect(sent).toEqual(['overlay.hello']);
    expect(mount).not.toHaveBeenCalled();
    ctx.end();
  });

  it('loads the UI bundle once a rule applies and mounts it with the host', async () => {
    const { ctx, sent, deps, mount } = setup([tour]);
    const runtime = await startOverlay(ctx, deps);
    expect(await runtime?.ui()).toBe(true);
    expect(sent).toEqual(['overlay.hello', 'overlay.loadUi']);
    expect(mount).toHaveBeenCalledTimes(1);
    expect(mount.mock.calls[0]?.[0].state.rules).toEqual([tour]);
    ctx.end();
  });

  it('never reuses a UI bundle an earlier version left in the isolated world', async () => {
    const stale = vi.fn<MountOverlayUi>();
    registerUi(stale);
    const { ctx, deps, mount } = setup([tour]);
    await (await startOverlay(ctx, deps))?.ui();
    expect(stale).not.toHaveBeenCalled();
    expect(mount).toHaveBeenCalledTimes(1);
    expect(registeredUi()).toBe(mount);
    ctx.end();
  });

  it("removes the UI an earlier start left in the page (Firefox leaves a reloaded extension's UI behind)", async () => {
    const stale = document.createElement(HOST_TAG);
    document.documentElement.append(stale);
    const { ctx, deps } = setup([]);
    await startOverlay(ctx, deps);
    expect(stale.isConnected).toBe(false);
    expect(document.querySelectorAll(HOST_TAG)).toHaveLength(0);
    ctx.end();
  });

  it('stays quiet when the background cannot be reached, after trying again with back-off', async () => {
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => {});
    const ctx = new Lifetime(() => true);
    let tries = 0;
    const unreachable = new Error('Could not establish connection. Receiving end does not exist.');
    const send = (async () => {
      tries++;
      throw unreachable;
    }) as Send;
    const deps = { send, createEngine: () => new ScriptedEngine([]), retryMs: [1, 2, 3] };
    expect(await startOverlay(ctx, deps)).toBeUndefined();
    expect(tries).toBe(4);
    // A note for whoever debugs the page, nothing louder.
    expect(debug).toHaveBeenCalledWith('Stepwise: no rules for this page', unreachable);
    ctx.end();
  });

  it('tries its first request again while the service worker starts, and help still comes', async () => {
    vi.useFakeTimers();
    try {
      const { ctx, sent, deps, mount } = setup([tour]);
      let failures = 2;
      const send = (async (message: { type: string }) => {
        if (message.type === 'overlay.hello' && failures-- > 0) {
          sent.push('failed');
          throw new Error('Could not establish connection. Receiving end does not exist.');
        }
        return deps.send(message as Parameters<Send>[0]);
      }) as Send;
      const started = startOverlay(ctx, { ...deps, send });
      await vi.advanceTimersByTimeAsync(100 + 250);
      const runtime = await started;
      expect(sent).toEqual(['failed', 'failed', 'overlay.hello', 'overlay.loadUi']);
      expect(await runtime?.ui()).toBe(true);
      expect(mount).toHaveBeenCalledTimes(1);
      ctx.end();
    } finally {
      vi.useRealTimers();
    }
  });

  it("tries loading the checklists' part again when the worker stops mid-request, until it is loaded", async () => {
    vi.useFakeTimers();
    try {
      const checklists = [{ id: 'deal', title: 'A deal', where: { urls: ['*'] }, items: [] }];
      const { ctx, sent, deps } = setup([manual], { checklists } as unknown as Partial<OverlayState>);
      const send = failingTwice(deps.send, 'overlay.loadPanel', sent);
      await startOverlay(ctx, { ...deps, send, retryMs: [10, 20, 40] });
      await vi.advanceTimersByTimeAsync(1000);
      expect(sent).toEqual(['overlay.hello', 'failed', 'failed', 'overlay.loadPanel']);
      ctx.end();
    } finally {
      vi.useRealTimers();
    }
  });

  it("tells the background of a new page once its address has held, not at each of the app's hash changes", async () => {
    const { ctx, sent, deps } = setup([manual]);
    await startOverlay(ctx, deps);
    const told = () => sent.filter((type) => type === 'insights.pageChanged').length;
    for (const hash of ['#one', '#two', '#three']) {
      location.hash = hash;
      await new Promise((r) => setTimeout(r, 150));
    }
    expect(told()).toBe(0);
    await new Promise((r) => setTimeout(r, PAGE_SETTLES_MS + 300));
    expect(told()).toBe(1);
    // Back where it was told of: nothing new to tell.
    location.hash = '#two';
    location.hash = '#three';
    await new Promise((r) => setTimeout(r, PAGE_SETTLES_MS + 300));
    expect(told()).toBe(1);
    ctx.end();
  });

  it('stops observing when its context is invalidated', async () => {
    // Rules that need no UI: the runtimes only observe.
    const { ctx, deps, engine } = setup([manual]);
    await startOverlay(ctx, deps);
    // A second runtime on the same page, started after the first: once it has seen the change, the
    // first one would have seen it too (its flush was queued first).
    const control = setup([manual], {});
    await startOverlay(control.ctx, control.deps);
    ctx.end();
    document.body.append(document.createElement('div'));
    await vi.waitFor(() => {
      if (!control.engine()?.calls.includes('update')) throw new Error('the control runtime to see the change');
    });
    expect(engine()?.calls.filter((c) => c === 'update')).toEqual([]);
    control.ctx.end();
  });

  describe('the pattern engine', () => {
    const typed = walkthrough('typed', [step('One')], {
      where: {
        urls: ['https://crm.example.com/*'],
        when: { value: { target: { selector: '#amount' }, matches: '^\\d+$' } },
      },
    });
    const real = {
      createEngine: (o: Parameters<typeof createEngine>[0]) => createEngine({ ...o, URLPattern: urlPatternImpl() }),
    };

    beforeEach(() => {
      (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(
        'https://crm.example.com/opportunities/new',
      );
    });

    it('is loaded only once a rule whose URL matches tests a pattern, and then that rule applies', async () => {
      document.body.innerHTML = '<input id="amount" value="1200">';
      const { ctx, sent, deps } = setup([typed, tour]);
      const runtime = await startOverlay(ctx, { ...deps, ...real });
      expect(runtime?.host.engine.active().map((a) => a.rule.id)).toEqual(['tour']);
      await vi.waitFor(() => expect(runtime?.host.engine.active().map((a) => a.rule.id)).toEqual(['typed', 'tour']));
      expect(sent.filter((t) => t === 'overlay.loadPatterns')).toEqual(['overlay.loadPatterns']);
      expect(await runtime?.host.patterns()).toBe(registeredPatterns());
      ctx.end();
    });

    it('is asked for again when the worker stops mid-request, on a page where nothing else changes', async () => {
      document.body.innerHTML = '<input id="amount" value="1200">';
      const { ctx, sent, deps } = setup([typed, tour]);
      const send = failingTwice(deps.send, 'overlay.loadPatterns', sent);
      const runtime = await startOverlay(ctx, { ...deps, ...real, send, retryMs: [1, 2, 4] });
      await vi.waitFor(() => expect(runtime?.host.engine.active().map((a) => a.rule.id)).toEqual(['typed', 'tour']));
      expect(sent.filter((t) => t === 'failed' || t === 'overlay.loadPatterns')).toEqual([
        'failed',
        'failed',
        'overlay.loadPatterns',
      ]);
      ctx.end();
    });

    it('is not loaded on a page where no rule tests a pattern', async () => {
      document.body.innerHTML = '<input id="amount" value="1200">';
      const { ctx, sent, deps } = setup([
        tour,
        { ...typed, where: { ...typed.where, urls: ['https://elsewhere.example.com/*'] } },
      ]);
      const runtime = await startOverlay(ctx, { ...deps, ...real });
      expect(await runtime?.ui()).toBe(true);
      document.body.append(document.createElement('p'));
      await new Promise((r) => setTimeout(r, 50));
      expect(sent).not.toContain('overlay.loadPatterns');
      ctx.end();
    });
  });
});

describe('the rules for the addresses the app moves to', () => {
  const at = (id: string, ...urls: string[]) =>
    walkthrough(id, [step('One')], {
      start: 'manual',
      where: { urls: urls.map((u) => `https://crm.example.com${u}`) },
    });
  const contacts = at('contacts', '/app#/contacts', '/app#/contacts/new');
  const deals = at('deals', '/app#/deals');
  const proto = at('__proto__', '/app#/deals');
  const real = {
    createEngine: (o: Parameters<typeof createEngine>[0]) => createEngine({ ...o, URLPattern: urlPatternImpl() }),
  };

  /**
   * A background that answers as the real one does: the rules whose patterns match the address,
   * `more` when the site has others, and the person's state as `stored` holds it.
   */
  function site(rules: Rule[], stored: Partial<PageRules> = {}) {
    const asked: string[] = [];
    const page = (url: string): PageRules => {
      const matching = rules.filter((r) => ruleMatchesUrl(r, url, urlPatternImpl()));
      const ids = new Set(matching.map((r) => r.id));
      const own = <T>(record: Record<string, T> = {}) =>
        Object.fromEntries(Object.entries(record).filter(([id]) => ids.has(id)));
      return {
        rules: matching,
        progress: own(stored.progress),
        completions: own(stored.completions),
        known: (stored.known ?? []).filter((id) => ids.has(id)),
        dismissedTips: (stored.dismissedTips ?? []).filter((id) => ids.has(id)),
        ...(matching.length < rules.length && { more: pagePartsRead(rules.flatMap((r) => r.where.urls)) }),
      };
    };
    const send = (async (message: { type: string; url?: string }) => {
      if (message.type === 'overlay.hello') return state(page(location.href));
      if (message.type === 'overlay.rules') {
        asked.push(message.url!);
        return page(message.url!);
      }
      return {};
    }) as Send;
    const ctx = new Lifetime(() => true);
    return { ctx, asked, deps: { ...real, send } };
  }
  const active = (runtime: OverlayRuntime | undefined) => runtime?.host.engine.active().map((a) => a.rule.id);
  const setURL = (url: string) =>
    (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(url);

  beforeEach(() => setURL('https://crm.example.com/app#/home'));

  it("stays on an address with none of the site's rules, and applies them once the app moves to theirs", async () => {
    const { ctx, asked, deps } = site([contacts, deals]);
    const runtime = await startOverlay(ctx, deps);
    expect(runtime).toBeDefined();
    expect(runtime?.host.state.rules).toEqual([]);
    location.hash = '#/contacts';
    await vi.waitFor(() => expect(active(runtime)).toEqual(['contacts']));
    expect(asked).toEqual(['https://crm.example.com/app#/contacts']);
    ctx.end();
  });

  it('asks once per address that differs in a part the patterns read, and keeps what it was given', async () => {
    const { ctx, asked, deps } = site([contacts, deals]);
    const runtime = await startOverlay(ctx, deps);
    location.hash = '#/contacts';
    await vi.waitFor(() => expect(active(runtime)).toEqual(['contacts']));
    // The hash's own query and the address's query are read by none of the patterns. Each
    // address holds a while, as it does where someone works: the runtime looks once per frame.
    const moveTo = async (move: () => void) => {
      move();
      await new Promise((r) => setTimeout(r, 60));
    };
    await moveTo(() => (location.hash = '#/contacts?filter=open'));
    await moveTo(() => history.pushState({}, '', '/app?view=2#/contacts'));
    await moveTo(() => (location.hash = '#/home'));
    await moveTo(() => (location.hash = '#/contacts/new'));
    expect(active(runtime)).toEqual(['contacts']);
    await moveTo(() => (location.hash = '#/deals'));
    await vi.waitFor(() => expect(active(runtime)).toEqual(['deals']));
    expect(asked).toEqual([
      'https://crm.example.com/app#/contacts',
      'https://crm.example.com/app?view=2#/contacts/new',
      'https://crm.example.com/app?view=2#/deals',
    ]);
    // A rule for other addresses stays with the page (a walkthrough can span them).
    expect(runtime?.host.state.rules.map((r) => r.id)).toEqual(['contacts', 'deals']);
    ctx.end();
  });

  it("adds the person's state for new rules only: what the page holds of its own is newer", async () => {
    // A walkthrough across both addresses: the answer for the second names it again.
    const spanning = at('spanning', '/app#/contacts', '/app#/deals');
    const stored: Partial<PageRules> = {
      progress: { spanning: { stepIndex: 0, status: 'active', updatedAt: 1 } },
      completions: JSON.parse('{"__proto__": 2, "deals": 1}'),
      known: ['deals', 'spanning'],
      dismissedTips: ['__proto__'],
    };
    setURL('https://crm.example.com/app#/contacts');
    const { ctx, deps } = site([spanning, deals, proto], stored);
    const runtime = await startOverlay(ctx, deps);
    const held = runtime!.host.state;
    // What the UI did on this page since it started (the background's copy lags behind).
    held.progress.spanning = { stepIndex: 1, status: 'active', updatedAt: 2 };
    held.known.splice(held.known.indexOf('spanning'), 1);
    location.hash = '#/deals';
    await vi.waitFor(() =>
      expect(runtime?.host.state.rules.map((r) => r.id)).toEqual(['spanning', 'deals', '__proto__']),
    );
    const now = runtime!.host.state;
    expect(now.progress.spanning).toEqual({ stepIndex: 1, status: 'active', updatedAt: 2 });
    expect(now.completions.deals).toBe(1);
    expect(Object.getOwnPropertyDescriptor(now.completions, '__proto__')?.value).toBe(2);
    expect(now.known).toEqual(['deals']);
    expect(now.dismissedTips).toEqual(['__proto__']);
    ctx.end();
  });
});
