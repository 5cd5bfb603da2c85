/**
 * The developer docs name real things: every project path README.md and DEVELOPERS.md mention (in
 * backticks, in a Markdown link, or in a plain code block such as the layout tree) exists, and
 * every `npm run <script>` they name is in package.json. A file that moves without its docs fails
 * here, with the doc's line.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const DOCS = ['README.md', 'DEVELOPERS.md'];

/** What is not the project's source: dependencies, git, the build output, WXT's generated types. */
const NOT_SOURCE = new Set(['node_modules', '.git', '.output', '.wxt']);

/** Every file and folder of the project, as paths from its root (folders without a trailing slash). */
function projectEntries(dir = root, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (NOT_SOURCE.has(entry.name)) return [];
    const path = prefix + entry.name;
    return entry.isDirectory() ? [path, ...projectEntries(join(dir, entry.name), `${path}/`)] : [path];
  });
}

/** Folders of a built extension that docs name (`content-scripts/overlay.js`): not in the sources. */
const BUILD_OUTPUT = new Set(['content-scripts', 'chunks', 'assets']);

/** Extensions a bare file name must have to be checked (`overlay.js`, `popup.html` are built files). */
const SOURCE_FILE = /\.(ts|tsx|css|sql|md)$/;

/**
 * A word that looks like a project path: lower-case first segment, then segments of file-name
 * characters, with `<placeholder>`s and `*` globs. URLs, absolute paths, `.output/…` and words with
 * `:`, `=`, `|` or quotes are not.
 */
const PATH_LIKE = /^[a-z0-9_][a-z0-9_.<>*+-]*(\/[A-Za-z0-9_.<>*+-]+)*\/?$/;

interface Mention {
  doc: string;
  line: number;
  path: string;
}

/** Whether a word names a project path (not a package, a built file, an address or a name). */
function isProjectPath(word: string, packages: ReadonlySet<string>): boolean {
  if (!PATH_LIKE.test(word)) return false;
  if (!word.includes('/') && !SOURCE_FILE.test(word)) return false;
  const first = word.split('/')[0]!;
  // A package and its subpaths (`preact/hooks`, `wxt/**`, `@wxt-dev/**`) are not project paths.
  return !BUILD_OUTPUT.has(first) && !packages.has(first);
}

/** The words of a Markdown text that name project paths, with their line. */
function pathMentions(doc: string, text: string, packages: ReadonlySet<string>): Mention[] {
  const out: Mention[] = [];
  const add = (raw: string, line: number) => {
    const word = raw.replace(/^[("'[{]+|[)"'\]},;.]+$/g, '');
    if (isProjectPath(word, packages)) out.push({ doc, line, path: word });
  };
  // Plain code blocks (the layout tree) are read word by word; `sh`, `ts` and others are code.
  // Outside them, backticked spans (which may wrap onto the next line) and link targets.
  let fence: string | null = null;
  const prose = text.split('\n').map((lineText, index) => {
    const opening = /^\s*```(\S*)/.exec(lineText);
    if (opening) {
      fence = fence === null ? opening[1]! : null;
      return '';
    }
    if (fence === null) return lineText;
    if (fence === '') for (const word of lineText.split(/\s+/)) add(word, index + 1);
    return '';
  });
  const rest = prose.join('\n');
  const lineAt = (offset: number) => rest.slice(0, offset).split('\n').length;
  for (const m of rest.matchAll(/`([^`]+)`/g)) for (const word of m[1]!.split(/\s+/)) add(word, lineAt(m.index));
  for (const m of rest.matchAll(/\]\(([^)\s#]+)\)/g)) add(m[1]!, lineAt(m.index));
  return out.sort((a, b) => a.line - b.line);
}

/** Whether `path` names an entry: from the root, or as the tail of one (a path within its section). */
function pathExists(path: string, entries: readonly string[]): boolean {
  const body = path
    .replace(/\/$/, '')
    .split(/(<[^>]+>|\*\*|\*)/)
    .map((part) => {
      if (part.startsWith('<')) return '[^/]+';
      if (part === '**') return '.*';
      if (part === '*') return '[^/]*';
      return part.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  // A module as imports name it (`rules/index`, `rules/engine`) stands for its file too.
  const pattern = new RegExp(`(^|/)${body}(\\.tsx?)?$`);
  return entries.some((entry) => pattern.test(entry));
}

const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const dependencies = Object.keys({ ...packageJson.dependencies, ...packageJson.devDependencies });
/** Package names and scopes (`@wxt-dev`), as a path's first segment would show them. */
const packages = new Set(dependencies.map((name) => name.split('/')[0]!));

describe('the docs name paths that exist', () => {
  const entries = projectEntries();

  it('finds a path in a backticked span (wrapped too), a link and the layout tree, and knows a missing one', () => {
    const text = [
      'See `utils/background.ts` and `rules/engine` (`preact/hooks` is a package,',
      '`content-scripts/overlay.js` a built file, `http://127.0.0.1/*` an address).',
      '[Scaling](docs/scaling.md)',
      '```',
      'background/         the service worker -> background/start.ts',
      '```',
      '```sh',
      'npx tsx not-a-path/here.ts',
      '```',
      'A span that wraps: `npx tsx',
      'demo-crm/server.ts [port]`.',
    ].join('\n');
    const found = pathMentions('example.md', text, packages);
    expect(found.map((m) => `${m.line} ${m.path}`)).toEqual([
      '1 utils/background.ts',
      '1 rules/engine',
      '3 docs/scaling.md',
      '5 background/',
      '5 background/start.ts',
      '10 demo-crm/server.ts',
    ]);
    expect(found.filter((m) => !pathExists(m.path, entries)).map((m) => m.path)).toEqual(['utils/background.ts']);
  });

  it('reads placeholders and globs as any name', () => {
    expect(pathExists('test/fixtures/db/v<n>.ts', entries)).toBe(true);
    expect(pathExists('rules/migrations/<n>-to-<n+1>.ts', entries)).toBe(true);
    expect(pathExists('bench/results/*.json', entries)).toBe(true);
    expect(pathExists('test/fixtures/db/w<n>.ts', entries)).toBe(false);
  });

  it.each(DOCS)('%s: every path it names exists', (doc) => {
    const mentions = pathMentions(doc, readFileSync(join(root, doc), 'utf8'), packages);
    // The docs do name paths: an extraction that finds none would check nothing.
    expect(mentions.length).toBeGreaterThan(doc === 'README.md' ? 3 : 100);
    const missing = mentions.filter((m) => !pathExists(m.path, entries)).map((m) => `${m.doc}:${m.line} ${m.path}`);
    expect(missing).toEqual([]);
  });

  it.each(DOCS)('%s: every `npm run` script it names is in package.json', (doc) => {
    const text = readFileSync(join(root, doc), 'utf8');
    const lines = text.split('\n');
    const unknown = lines.flatMap((line, i) =>
      [...line.matchAll(/npm run ([a-z][\w:-]*)(\*)?/g)]
        .filter(([, name, glob]) =>
          glob ? !Object.keys(packageJson.scripts).some((s) => s.startsWith(name!)) : !(name! in packageJson.scripts),
        )
        .map(([, name, glob]) => `${doc}:${i + 1} npm run ${name}${glob ?? ''}`),
    );
    expect(unknown).toEqual([]);
  });
});
