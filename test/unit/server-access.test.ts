import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { enabledOrigins, releaseServerOnlyOrigin } from '../../background/sites';
import { SERVER_ONLY_ORIGIN_KEY } from '../../messaging/server-address';
import { releaseServerAccess, requestServerAccess, serverPattern } from '../../pages/lib/server-access';

beforeEach(() => {
  fakeBrowser.reset();
  vi.restoreAllMocks();
});

const marked = async () => (await fakeBrowser.storage.local.get(SERVER_ONLY_ORIGIN_KEY))[SERVER_ONLY_ORIGIN_KEY];

describe('host access to the team server', () => {
  it('is asked for the server origin only (any port, no path)', () => {
    expect(serverPattern('https://stepwise.example.com/')).toBe('https://stepwise.example.com/*');
    expect(serverPattern(' http://127.0.0.1:8787 ')).toBe('http://127.0.0.1/*');
    expect(() => serverPattern('stepwise.example.com')).toThrow(/is not a web address/);
    expect(() => serverPattern('https://stepwise.example.com/v1/me')).toThrow(/without a path/);
    expect(() => serverPattern('ws://stepwise.example.com')).toThrow(/must start with https:\/\//);
  });

  it('asks the browser when not yet granted, and says what to do when the person declines', async () => {
    vi.spyOn(fakeBrowser.permissions, 'contains').mockResolvedValue(false);
    const request = vi.spyOn(fakeBrowser.permissions, 'request').mockResolvedValue(false);
    await expect(requestServerAccess('https://stepwise.example.com')).rejects.toThrow(
      "Stepwise needs access to stepwise.example.com to sync with your team's server. Click Connect again and choose Allow.",
    );
    expect(request).toHaveBeenCalledWith({ origins: ['https://stepwise.example.com/*'] });
    // Declined: nothing is left marked.
    expect(await marked()).toBeUndefined();
    request.mockResolvedValue(true);
    await expect(requestServerAccess('https://stepwise.example.com')).resolves.toBe('https://stepwise.example.com/*');
    expect(request).toHaveBeenCalledTimes(2);
    // Granted for the server alone, and marked so.
    expect(await marked()).toBe('https://stepwise.example.com/*');
  });

  it('does not ask again for an origin already granted', async () => {
    vi.spyOn(fakeBrowser.permissions, 'contains').mockResolvedValue(true);
    const request = vi.spyOn(fakeBrowser.permissions, 'request');
    request.mockClear();
    await expect(requestServerAccess('https://stepwise.example.com')).resolves.toBeNull();
    expect(request).not.toHaveBeenCalled();
    // A site Stepwise already runs on is not marked as the server's alone.
    expect(await marked()).toBeUndefined();
  });

  it("does not turn Stepwise on for the server's site when access was granted for syncing alone", async () => {
    let granted = ['https://crm.example.com/*', 'https://stepwise.example.com/*'];
    vi.spyOn(fakeBrowser.permissions, 'getAll').mockImplementation(async () => ({ origins: granted, permissions: [] }));
    const remove = vi.spyOn(fakeBrowser.permissions, 'remove').mockImplementation(async ({ origins = [] }) => {
      granted = granted.filter((o) => !origins.includes(o));
      return true;
    });
    // Already a site when the person connected: it stays one.
    expect(await enabledOrigins()).toEqual(['https://crm.example.com/*', 'https://stepwise.example.com/*']);
    await releaseServerOnlyOrigin();
    expect(remove).not.toHaveBeenCalled();

    await fakeBrowser.storage.local.set({ [SERVER_ONLY_ORIGIN_KEY]: 'https://stepwise.example.com/*' });
    expect(await enabledOrigins()).toEqual(['https://crm.example.com/*']);
    // Disconnecting gives the access back; the site stays.
    await releaseServerOnlyOrigin();
    expect(remove).toHaveBeenCalledWith({ origins: ['https://stepwise.example.com/*'] });
    expect(await marked()).toBeUndefined();
    expect(await enabledOrigins()).toEqual(['https://crm.example.com/*']);
  });

  it('gives access back when the server refused the connection', async () => {
    const remove = vi.spyOn(fakeBrowser.permissions, 'remove').mockResolvedValue(true);
    await fakeBrowser.storage.local.set({ [SERVER_ONLY_ORIGIN_KEY]: 'https://stepwise.example.com/*' });
    await releaseServerAccess('https://stepwise.example.com/*');
    expect(remove).toHaveBeenCalledWith({ origins: ['https://stepwise.example.com/*'] });
    expect(await marked()).toBeUndefined();
  });
});
