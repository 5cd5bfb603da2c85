// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { extensionAlive, extensionRuntime } from '../../../overlay/extension';
import { Lifetime } from '../../../overlay/lifetime';
import { watchLocation } from '../../../overlay/location';

describe('Lifetime', () => {
  it('ends when the extension that started it is gone, and its timers with it', () => {
    let alive = true;
    const life = new Lifetime(() => alive);
    const fired = vi.fn();
    vi.useFakeTimers();
    try {
      life.timers.timeout(fired, 100);
      expect(life.isValid).toBe(true);
      alive = false;
      expect(life.isValid).toBe(false);
      expect(life.signal.aborted).toBe(true);
      vi.advanceTimersByTime(200);
      expect(fired).not.toHaveBeenCalled();
    } finally {
      vi.useRealTimers();
    }
  });

  it('hands over to a newer copy through the isolated world, not through the page', () => {
    const world = {};
    const posted = vi.fn();
    const dispatched = vi.fn();
    window.addEventListener('message', posted);
    document.addEventListener('wxt:content-script-started', dispatched);
    const older = new Lifetime(() => true);
    older.takeOver(world);
    const newer = new Lifetime(() => true);
    newer.takeOver(world);
    expect(older.signal.aborted).toBe(true);
    expect(newer.signal.aborted).toBe(false);
    // The slot is a symbol: no string-named global a page element could shadow.
    expect(Object.keys(world)).toEqual([]);
    expect(posted).not.toHaveBeenCalled();
    expect(dispatched).not.toHaveBeenCalled();
    newer.end();
    expect(Object.getOwnPropertySymbols(world)).toEqual([]);
    window.removeEventListener('message', posted);
  });

  it('cannot be stopped by anything the page dispatches', () => {
    const life = new Lifetime(() => true);
    life.takeOver({});
    const detail = { contentScriptName: 'overlay', messageId: 'page' };
    for (const type of ['wxt:content-script-started', 'stepwise:stop', 'abort']) {
      document.dispatchEvent(new CustomEvent(type, { detail }));
      window.dispatchEvent(new CustomEvent(type, { detail }));
    }
    window.postMessage({ type: 'wxt:content-script-started', ...detail }, '*');
    expect(life.isValid).toBe(true);
    life.end();
  });
});

describe('the extension API in the content script', () => {
  it('is the browser’s own object, never a page element that took its name', () => {
    const form = document.createElement('form');
    const field = document.createElement('input');
    field.name = 'runtime';
    form.append(field);
    // What a page's `<form id="chrome"><input name="runtime">` looks like to a script.
    const clobbered = { chrome: Object.assign(form, {}), browser: form };
    expect(extensionRuntime(clobbered)).toBeUndefined();
    expect(extensionAlive(clobbered)).toBe(false);
    const sendMessage = async () => ({ ok: true, value: {} });
    const real = { chrome: { runtime: { id: 'abc', sendMessage } }, browser: { runtime: { id: 'abc', sendMessage } } };
    expect(extensionRuntime(real)?.sendMessage).toBe(sendMessage);
    expect(extensionAlive(real)).toBe(true);
    expect(extensionAlive({ chrome: { runtime: { sendMessage } }, browser: { runtime: { sendMessage } } })).toBe(false);
  });
});

describe('watchLocation', () => {
  afterEach(() => vi.useRealTimers());

  it('does not take a page element called `navigation` for the Navigation API: it checks the URL itself', () => {
    vi.useFakeTimers();
    const life = new Lifetime(() => true);
    const element = document.createElement('div');
    const listen = vi.spyOn(element, 'addEventListener');
    const changed = vi.fn();
    watchLocation(life, changed, { navigation: element });
    expect(listen).not.toHaveBeenCalled();
    history.pushState({}, '', '/moved');
    vi.advanceTimersByTime(1_000);
    expect(changed).toHaveBeenCalledTimes(1);
    life.end();
    history.pushState({}, '', '/moved-again');
    vi.advanceTimersByTime(5_000);
    expect(changed).toHaveBeenCalledTimes(1);
  });

  it('dispatches nothing on the page', () => {
    const life = new Lifetime(() => true);
    const seen = vi.fn();
    const dispatch = vi.spyOn(window, 'dispatchEvent');
    window.addEventListener('wxt:locationchange', seen);
    watchLocation(life, () => {});
    history.pushState({}, '', '/elsewhere');
    window.dispatchEvent(new PopStateEvent('popstate'));
    expect(dispatch).toHaveBeenCalledTimes(1);
    expect(seen).not.toHaveBeenCalled();
    life.end();
  });
});
