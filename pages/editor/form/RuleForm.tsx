/**
 * The rule as a form made for people: the rule's fields, where it shows, and its steps, each
 * field with its problems beside it (the same words and JSON paths as import).
 */
import { useState } from 'preact/hooks';
import type { Problem } from '../../../rules/index';
import { FormContext, type FormState } from './context';
import { FieldProblems } from './Field';
import { RuleFields } from './RuleFields';
import { type EditableRule, otherProblems } from './rule-edit';
import { StepList } from './StepList';
import { WhereFields } from './WhereFields';

/** The rule's fields the form has controls for; problems anywhere else are listed on their own. */
const RULE_FIELDS = ['name', 'kind', 'start', 'audience', 'priority', 'owner', 'where', 'steps'];

export function RuleForm({
  rule,
  problems,
  edit,
  initialPageUrl,
}: {
  rule: EditableRule;
  problems: readonly Problem[];
  edit: FormState['edit'];
  initialPageUrl: string;
}) {
  const [pageUrl, setPageUrl] = useState(initialPageUrl);
  const [announcement, setAnnouncement] = useState('');
  const other = otherProblems(problems, '', RULE_FIELDS);
  return (
    <FormContext.Provider value={{ rule, problems, edit, pageUrl }}>
      <form class="rule-form" aria-label="Rule" onSubmit={(e) => e.preventDefault()}>
        <p class="sr-only" aria-live="polite">
          {announcement}
        </p>
        {other.length > 0 && (
          <div class="field invalid">
            <p>Elsewhere in the rule:</p>
            <FieldProblems id="rule-other-problems" problems={other} />
          </div>
        )}
        <RuleFields />
        <WhereFields onPageUrl={setPageUrl} />
        <StepList announce={setAnnouncement} />
      </form>
    </FormContext.Provider>
  );
}
