/**
 * The side panel's part on the page (in the `overlay-panel` bundle, injected on demand: where the
 * page has checklists, or when the panel asks the page something). It gives the engine the
 * checklists' probes, reports what holds on the page as it changes, and answers the background's
 * questions: what applies here, the context for "I'm stuck", and starting a walkthrough.
 */
import type { StartOutcome } from '../messaging/areas/catalog';
import type { PageContext, ToPage } from '../messaging/areas/panel';
import { checklistRules, PageReporter, readPage } from './checklists';
import type { PageApi } from './probes';

/** Attaches the panel's part to the runtime's `api`; returns what answers the background. */
export function attachPanel(api: PageApi): NonNullable<PageApi['panel']> {
  const { host } = api;
  const reporter = new PageReporter(api.engine, host.send, host.ctx.timers);
  api.changed = () => reporter.schedule();
  const checklists = host.state.checklists ?? [];
  if (checklists.length) api.setProbes(checklistRules(checklists));
  reporter.schedule(0);

  const start = async (ruleId: string): Promise<StartOutcome> => {
    if (!host.state.rules.some((r) => r.id === ruleId)) return { started: false, reason: 'unknown' };
    if (!host.engine.get(ruleId)) return { started: false, reason: 'elsewhere' };
    const started = (await api.ui()) && host.panel?.start(ruleId);
    return started ? { started: true } : { started: false, reason: 'unreachable' };
  };

  return {
    async command(message: ToPage) {
      switch (message.type) {
        case 'overlay.report':
          return readPage(api.engine, location.href);
        case 'overlay.context':
          return host.panel?.context() ?? ({ url: location.href, events: [] } satisfies PageContext);
        case 'overlay.start':
          return start(message.ruleId);
      }
    },
  };
}
