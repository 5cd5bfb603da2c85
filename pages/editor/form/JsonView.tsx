/** The draft's rule as JSON, for those who want every field as text, with a preview of its steps' words. */
import { Markdown } from '../../../components/Markdown';
import type { Rule } from '../../../rules/index';

export function JsonView({ text, value, onInput }: { text: string; value: unknown; onInput: (text: string) => void }) {
  const steps = Array.isArray((value as Rule | null)?.steps) ? (value as Rule).steps : [];
  return (
    <>
      <label for="rule-json">Rule (JSON)</label>
      <textarea
        id="rule-json"
        class="json"
        rows={24}
        spellcheck={false}
        value={text}
        aria-describedby="rule-problems"
        onInput={(e) => onInput(e.currentTarget.value)}
      />
      {steps.length > 0 && (
        <section aria-label="Preview">
          <h3>Preview</h3>
          {steps.map((s, i) => (
            <article key={i} class="step-preview">
              <h4>
                {i + 1}. {typeof s?.title === 'string' ? s.title : ''}
              </h4>
              {typeof s?.brief === 'string' && <Markdown source={s.brief} />}
              {typeof s?.detail === 'string' && <Markdown source={s.detail} />}
            </article>
          ))}
        </section>
      )}
    </>
  );
}
