/** Checklists the side panel's e2e files share, on the demo CRM at `base`. */
import type { Checklist } from '../../rules/model';

/**
 * "A new deal" on the new opportunity form: a name typed (its item starts `name-tour`), then an
 * amount in digits. Both tick only when the fields hold such values.
 */
export const newDealChecklist = (base: string): Checklist => ({
  id: 'new-deal',
  title: 'A new deal',
  where: { urls: [`${base}/opportunities/new`] },
  items: [
    {
      id: 'named',
      title: 'Give it a name',
      doneWhen: { value: { target: { selector: '#opp-name' }, matches: '\\S' } },
      startsRule: 'name-tour',
    },
    {
      id: 'amount',
      title: 'Enter the amount',
      doneWhen: { value: { target: { selector: '#opp-amount' }, matches: '^[0-9]+$' } },
    },
  ],
});
