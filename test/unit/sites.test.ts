import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { OVERLAY_SCRIPT_ID, originPattern, requestSite } from '../../utils/sites';

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

  it('names the registered overlay script', () => {
    expect(OVERLAY_SCRIPT_ID).toBe('stepwise-overlay');
  });
});
