import { useId, useState } from 'preact/hooks';
import type { ImportProblem, Replies } from '../../messaging/messages';
import { sendMessage } from '../../messaging/send';
import { readPackFile } from '../lib/pack-file';

type PackOutcome =
  | { name: string; reply: Replies['packs.import']; confirm?: () => void }
  | { name: string; error: string };
type Outcome = { file: string; packs: PackOutcome[] } | { file: string; error: string };

function packName(pack: unknown, index: number): string {
  const { name, id } = (pack ?? {}) as { name?: unknown; id?: unknown };
  if (typeof name === 'string' && name) return name;
  if (typeof id === 'string' && id) return id;
  return `pack ${index + 1}`;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function Problems({ problems }: { problems: ImportProblem[] }) {
  return (
    <ul class="problems">
      {problems.map((p) => (
        <li key={`${p.path}:${p.message}`}>
          {p.path && <code>{p.path}</code>}
          {p.path && ': '}
          {p.message}
        </li>
      ))}
    </ul>
  );
}

function PackResult({ outcome }: { outcome: PackOutcome }) {
  if ('error' in outcome) {
    return (
      <p class="error">
        “{outcome.name}” was not imported: {outcome.error}
      </p>
    );
  }
  const { reply, name } = outcome;
  if (!reply.packId && reply.dropped?.length && outcome.confirm) {
    return (
      <div>
        <p class="error">
          Nothing was imported from “{name}”: this version would remove {plural(reply.dropped.length, 'rule', 'rules')}{' '}
          of the one in use:
        </p>
        <ul class="problems">
          {reply.dropped.map((r) => (
            <li key={r.id}>
              {r.name} <code>{r.id}</code>
            </li>
          ))}
        </ul>
        <Problems problems={reply.problems.filter((p) => p.path !== 'rules')} />
        <p>The version in use is kept, and can be restored from the list below after the update.</p>
        <button type="button" onClick={outcome.confirm}>
          Update anyway, removing {plural(reply.dropped.length, 'rule', 'rules')}
        </button>
      </div>
    );
  }
  if (!reply.packId) {
    return (
      <div>
        <p class="error">Nothing was imported from “{name}”. Fix these in the file and import it again:</p>
        <Problems problems={reply.problems} />
      </div>
    );
  }
  return (
    <div>
      <p>
        Imported {plural(reply.imported, 'rule', 'rules')} from “{name}”.
        {reply.skipped > 0 && ` ${plural(reply.skipped, 'rule was', 'rules were')} skipped.`}
      </p>
      {reply.problems.length > 0 && (
        <>
          <p>Fix these in the file and import it again to get the rest:</p>
          <Problems problems={reply.problems} />
        </>
      )}
    </div>
  );
}

/** Picks a pack file and imports it; valid rules are kept, problems listed with their JSON paths. */
export function ImportPack({ onImported }: { onImported: () => void }) {
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const importFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file) return;
    setBusy(true);
    setOutcome(null);
    const read = await readPackFile(file);
    if (!read.ok) {
      setOutcome({ file: file.name, error: read.error });
    } else {
      const packs: PackOutcome[] = [];
      const importOne = async (pack: unknown, i: number, confirmDrop: boolean): Promise<PackOutcome> => {
        const name = packName(pack, i);
        try {
          const reply = await sendMessage({ type: 'packs.import', pack, source: 'imported', confirmDrop });
          const prefix = read.list ? `[${i}]` : '';
          const problems = reply.problems.map((p) => ({
            ...p,
            path: prefix && p.path ? `${prefix}.${p.path}` : prefix || p.path,
          }));
          // An update that would remove rules waits for the admin to confirm the loss.
          const confirm = async () => {
            const again = await importOne(pack, i, true);
            setOutcome((o) => (o && 'packs' in o ? { ...o, packs: o.packs.map((p, j) => (j === i ? again : p)) } : o));
            onImported();
          };
          return { name, reply: { ...reply, problems }, ...(!confirmDrop && { confirm: () => void confirm() }) };
        } catch (error) {
          return { name, error: error instanceof Error ? error.message : String(error) };
        }
      };
      for (const [i, pack] of read.packs.entries()) packs.push(await importOne(pack, i, false));
      setOutcome({ file: file.name, packs });
      onImported();
    }
    input.value = '';
    setBusy(false);
  };

  return (
    <div class="import">
      <label for={`${id}-file`}>Import a rule pack (.json file)</label>{' '}
      <input
        id={`${id}-file`}
        type="file"
        accept=".json,application/json"
        disabled={busy}
        aria-describedby={`${id}-result`}
        onChange={(e) => void importFile(e.currentTarget)}
      />
      <div id={`${id}-result`} role="status" aria-live="polite" aria-label="Import result">
        {busy && <p class="muted">Importing…</p>}
        {outcome && 'error' in outcome && <p class="error">{outcome.error}</p>}
        {outcome && 'packs' in outcome && outcome.packs.map((o) => <PackResult key={o.name} outcome={o} />)}
      </div>
    </div>
  );
}
