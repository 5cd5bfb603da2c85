import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { requestServerAccess, serverPattern } from '../../pages/lib/server-access';

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
    request.mockResolvedValue(true);
    await expect(requestServerAccess('https://stepwise.example.com')).resolves.toBeUndefined();
    expect(request).toHaveBeenCalledTimes(2);
  });

  it('does not ask again for an origin already granted', async () => {
    vi.spyOn(fakeBrowser.permissions, 'contains').mockResolvedValue(true);
    const request = vi.spyOn(fakeBrowser.permissions, 'request');
    request.mockClear();
    await requestServerAccess('https://stepwise.example.com');
    expect(request).not.toHaveBeenCalled();
  });
});
