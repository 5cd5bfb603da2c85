/**
 * The Node.js version the project claims to need (`engines.node` in package.json, which the README
 * repeats) is enough for every package `npm ci` installs, on any platform: the lock file records
 * each package's own `engines.node`. A dependency that wants a newer Node fails here, before a new
 * user meets npm's EBADENGINE warning or a crash.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines?: { node?: string } };
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
};

/** The lowest Node.js version the project's `engines.node` range admits. */
function claimedMinimum(): string {
  const range = manifest.engines?.node;
  if (!range) throw new Error('package.json has no engines.node');
  const minimum = semver.minVersion(range);
  if (!minimum) throw new Error(`package.json engines.node "${range}" admits no version`);
  return minimum.version;
}

/** Every locked package whose `engines.node` excludes `version`, as "name@version wants node RANGE". */
function packagesExcluding(version: string, packages = lock.packages): string[] {
  const out: string[] = [];
  for (const [path, entry] of Object.entries(packages)) {
    // Old manifests may list engines as an array of strings: npm ignores those, so does this.
    const range = entry.engines && !Array.isArray(entry.engines) ? entry.engines.node : undefined;
    if (!path || !range) continue;
    if (!semver.satisfies(version, range, { includePrerelease: true })) {
      const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
      out.push(`${name}@${entry.version} wants node ${range}`);
    }
  }
  return out;
}

describe('the Node.js version the project claims', () => {
  it('is the one the README names', () => {
    const minimum = claimedMinimum();
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const [major, minor] = minimum.split('.');
    expect(readme).toContain(`Node.js ${major}.${minor} or later`);
  });

  it('is enough for every package the lock file installs', () => {
    expect(packagesExcluding(claimedMinimum())).toEqual([]);
  });

  it('is checked against each package, so a dependency that wants more is named', () => {
    const packages = {
      '': { version: '0.1.0', engines: { node: '>=20.19.0' } },
      'node_modules/old-enough': { version: '1.0.0', engines: { node: '>=18' } },
      'node_modules/wxt/node_modules/listr2': { version: '10.2.2', engines: { node: '>=22.13.0' } },
      'node_modules/legacy': { version: '0.1.0', engines: ['node >= 0.8'] },
    };
    expect(packagesExcluding('20.19.0', packages)).toEqual(['listr2@10.2.2 wants node >=22.13.0']);
  });
});
