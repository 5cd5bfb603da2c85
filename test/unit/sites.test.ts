import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { OVERLAY_SCRIPT_ID, syncOverlayRegistration } from '../../background/sites';
import { originPattern, requestSite } from '../../pages/lib/sites';

describe('originPattern', () => {
  it.each([
    ['https://crm.example.com/accounts/7?x=1#y', 'https://crm.example.com/*'],
    ['http://127.0.0.1:4173/', 'http://127.0.0.1/*'],
  ])('%s -> %s', (url, pattern) => {
    expect(originPattern(url)).toBe(pattern);
  });

  it('refuses pages Stepwise cannot run on, saying why', () => {
    expect(() => originPattern('chrome://settings')).toThrow(
      'Stepwise runs on http and https pages, not chrome: pages',
    );
  });
});

describe('turning a site on', () => {
  it('asks the browser for the origin and reports the answer', async () => {
    const request = vi.spyOn(fakeBrowser.permissions, 'request').mockResolvedValue(false);
    expect(await requestSite('https://crm.example.com/*')).toBe(false);
    expect(request).toHaveBeenCalledWith({ origins: ['https://crm.example.com/*'] });
  });
});

describe('registering the overlay for the sites that are on', () => {
  /** A permission store and a script registry, as the browser keeps them. */
  function fakeRegistry(origins: string[]) {
    let scripts: { id: string; matches?: string[] }[] = [];
    const browser = fakeBrowser as unknown as typeof chrome;
    vi.spyOn(fakeBrowser.permissions, 'getAll').mockImplementation(async () => ({ origins: [...origins] }));
    Object.assign(browser, {
      scripting: {
        getRegisteredContentScripts: async ({ ids }: { ids: string[] }) => scripts.filter((s) => ids.includes(s.id)),
        registerContentScripts: async (added: typeof scripts) => {
          if (added.some((a) => scripts.some((s) => s.id === a.id))) throw new Error('Duplicate script ID');
          scripts = [...scripts, ...added];
        },
        updateContentScripts: async (updated: typeof scripts) => {
          scripts = scripts.map((s) => updated.find((u) => u.id === s.id) ?? s);
        },
        unregisterContentScripts: async ({ ids }: { ids: string[] }) => {
          scripts = scripts.filter((s) => !ids.includes(s.id));
        },
      },
    });
    return { origins, scripts: () => scripts };
  }

  it('registers once, follows grants and revocations, and unregisters when no site is left', async () => {
    const registry = fakeRegistry(['https://crm.example.com/*']);
    expect(await syncOverlayRegistration()).toEqual(['https://crm.example.com/*']);
    expect(registry.scripts()).toMatchObject([{ id: OVERLAY_SCRIPT_ID, matches: ['https://crm.example.com/*'] }]);

    registry.origins.push('https://erp.example.com/*');
    await syncOverlayRegistration();
    expect(registry.scripts()).toHaveLength(1);
    expect(registry.scripts()[0]?.matches).toEqual(['https://crm.example.com/*', 'https://erp.example.com/*']);

    registry.origins.length = 0;
    expect(await syncOverlayRegistration()).toEqual([]);
    expect(registry.scripts()).toEqual([]);
  });

  it('leaves out granted origins that are not web pages', async () => {
    const registry = fakeRegistry(['chrome://favicon/*', 'http://127.0.0.1/*']);
    await syncOverlayRegistration();
    expect(registry.scripts()[0]?.matches).toEqual(['http://127.0.0.1/*']);
  });
});
