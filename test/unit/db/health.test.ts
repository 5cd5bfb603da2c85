import { describe, expect, it, vi } from 'vitest';
import { DATABASE_NAME, StepwiseDatabase } from '../../../background/db/database';
import { describeStoreError, StoreHealth } from '../../../background/db/health';
import { Store } from '../../../background/store';

describe('storage problems in words', () => {
  it.each([
    [
      new DOMException('The quota has been exceeded.', 'QuotaExceededError'),
      'quota',
      /no more room/,
      /Free some disk space/,
    ],
    [{ name: 'OpenFailedError', inner: { name: 'VersionError' } }, 'version', /newer version/, /Update Stepwise/],
    [{ name: 'BlockedError' }, 'blocked', /another open Stepwise page/, /Close or reload the other Stepwise tabs/],
    [
      new Error('Internal error opening backing store'),
      'unavailable',
      /\(Internal error opening backing store\)/,
      /Restart the browser/,
    ],
  ])('%s', (error, kind, message, action) => {
    const described = describeStoreError(error);
    expect(described.kind).toBe(kind);
    expect(described.message).toMatch(message);
    expect(described.action).toMatch(action);
  });

  it('forgets a problem once its area works again', () => {
    const health = new StoreHealth(() => 5);
    health.report('usage', new DOMException('full', 'QuotaExceededError'));
    health.report('packs', new Error('x'));
    health.clear('usage');
    expect(health.list().map((p) => p.area)).toEqual(['packs']);
  });
});

describe('a blocked upgrade', () => {
  it('is reported while another page holds the old version, and the store carries on after', async () => {
    // Dexie warns on the console that the upgrade is blocked: the test reads it rather than print it.
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const name = `blocked-${crypto.randomUUID()}`;
    // An old page's connection at version 1 that does not let go when asked to.
    const old = new StepwiseDatabase({ name, upToVersion: 1 });
    await old.open();
    old.on('versionchange', () => false);
    const store = new Store({ dbName: name });
    const opening = store.db.open();
    await expect.poll(() => store.health.list().map((p) => p.kind)).toContain('blocked');
    expect(store.health.list().find((p) => p.kind === 'blocked')?.action).toMatch(/Close or reload/);
    old.close();
    await opening;
    expect(store.health.list().filter((p) => p.area === 'database')).toEqual([]);
    expect(store.db.verno).toBeGreaterThan(1);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^Upgrade '.+' blocked by other connection/));
    warn.mockRestore();
  });

  it('uses the extension’s one database name', () => {
    expect(new StepwiseDatabase().name).toBe(DATABASE_NAME);
  });
});
