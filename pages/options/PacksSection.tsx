import { useState } from 'preact/hooks';
import { Async } from '../../components/Async';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useAsync } from '../../components/useAsync';
import type { PackSummary } from '../../messaging/messages';
import { sendMessage } from '../../messaging/send';
import { downloadText, fileDate } from '../lib/download';
import { ImportPack } from './ImportPack';

const SOURCES = { local: 'written here', imported: 'imported', server: 'from your team’s server' } as const;

async function exportPacks(packIds?: string[]) {
  const { packs } = await sendMessage({ type: 'packs.export', ...(packIds && { packIds }) });
  const [only] = packs;
  if (packIds && only && packs.length === 1) {
    downloadText(`${only.id}-v${only.version}.json`, `${JSON.stringify(only, null, 2)}\n`, 'application/json');
  } else {
    downloadText(`stepwise-packs-${fileDate()}.json`, `${JSON.stringify(packs, null, 2)}\n`, 'application/json');
  }
}

function PackItem({ pack, onChange }: { pack: PackSummary; onChange: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const run = (action: () => Promise<unknown>) => async () => {
    setProblem(null);
    try {
      await action();
      onChange();
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    }
  };
  return (
    <li>
      <div>
        <strong>{pack.name}</strong> <span class="muted">version {pack.version}</span>
        <br />
        <span class="muted">
          {pack.published} of {pack.rules} rules published
          {pack.checklists > 0 && `, ${pack.checklists} ${pack.checklists === 1 ? 'checklist' : 'checklists'}`} ·{' '}
          {SOURCES[pack.source]}
        </span>
        {pack.description && <p>{pack.description}</p>}
        {problem && (
          <p class="error" role="alert">
            {problem}
          </p>
        )}
      </div>
      <div class="actions">
        <label>
          <input
            type="checkbox"
            checked={pack.enabled}
            onChange={run(() => sendMessage({ type: 'packs.setEnabled', packId: pack.id, enabled: !pack.enabled }))}
          />{' '}
          Shown on pages
        </label>
        <button
          type="button"
          class="secondary"
          aria-label={`Export ${pack.name}`}
          onClick={run(() => exportPacks([pack.id]))}
        >
          Export
        </button>
        {pack.previousVersion !== undefined && (
          <button
            type="button"
            class="secondary"
            aria-label={`Restore version ${pack.previousVersion} of ${pack.name}`}
            onClick={run(() => sendMessage({ type: 'packs.restorePrevious', packId: pack.id }))}
          >
            Restore version {pack.previousVersion}
          </button>
        )}
        <button type="button" class="secondary" aria-label={`Remove ${pack.name}`} onClick={() => setConfirming(true)}>
          Remove
        </button>
      </div>
      {confirming && (
        <ConfirmDialog
          title={`Remove “${pack.name}”?`}
          confirmLabel="Remove pack"
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            void run(() => sendMessage({ type: 'packs.remove', packId: pack.id }))();
          }}
        >
          <p>
            Its rules stop showing on pages. Usage counts and progress are kept; import the pack again to get it back.
          </p>
        </ConfirmDialog>
      )}
    </li>
  );
}

/** The rule packs: import, list, turn on and off, export, remove. */
export function PacksSection({ revision, onChange }: { revision: number; onChange: () => void }) {
  const [packs] = useAsync(() => sendMessage({ type: 'packs.list' }), [revision]);
  const [exportProblem, setExportProblem] = useState<string | null>(null);
  return (
    <section aria-labelledby="packs-heading">
      <h2 id="packs-heading">Rule packs</h2>
      <ImportPack onImported={onChange} />
      <Async state={packs}>
        {(value) =>
          value.packs.length === 0 ? (
            <p class="muted">
              No rule packs yet. A pack holds the walkthroughs, tips and hints for an app: import the .json file your
              team shared.
            </p>
          ) : (
            <>
              <ul class="plain packs" aria-label="Rule packs">
                {value.packs.map((pack) => (
                  <PackItem key={pack.id} pack={pack} onChange={onChange} />
                ))}
              </ul>
              <p>
                <button
                  type="button"
                  class="secondary"
                  onClick={() => {
                    setExportProblem(null);
                    exportPacks().catch((error: unknown) =>
                      setExportProblem(String(error instanceof Error ? error.message : error)),
                    );
                  }}
                >
                  Export all packs
                </button>
              </p>
              {exportProblem && (
                <p class="error" role="alert">
                  {exportProblem}
                </p>
              )}
            </>
          )
        }
      </Async>
    </section>
  );
}
