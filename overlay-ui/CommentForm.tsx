import { useState } from 'preact/hooks';

/**
 * After "Helpful? No": an optional comment for the people who write the help. Sent, skipped or
 * failed, it says so in words; nothing is sent unless the person writes something and sends it.
 */
export function CommentForm({ id, onSend }: { id: string; onSend(text: string): Promise<unknown> }) {
  const [state, setState] = useState<'open' | 'sending' | 'sent' | 'closed' | 'failed'>('open');
  const [text, setText] = useState('');
  if (state === 'sent') return <p class="thanks">Thanks: the people who write this help will read it.</p>;
  if (state === 'closed') return <p class="thanks">Thanks for the feedback.</p>;
  const send = () => {
    if (!text.trim()) return;
    setState('sending');
    onSend(text.trim()).then(
      () => setState('sent'),
      () => setState('failed'),
    );
  };
  return (
    <div class="comment">
      <label for={`${id}-comment`}>What was missing or wrong? (optional)</label>
      <textarea
        id={`${id}-comment`}
        rows={2}
        maxLength={2000}
        value={text}
        disabled={state === 'sending'}
        onInput={(e) => setText(e.currentTarget.value)}
      />
      {state === 'failed' && (
        <p class="missing" role="alert">
          It could not be sent. Try again in a moment.
        </p>
      )}
      <div class="comment-actions">
        <button type="button" class="link" onClick={() => setState('closed')}>
          No thanks
        </button>
        <button type="button" disabled={!text.trim() || state === 'sending'} onClick={send}>
          Send
        </button>
      </div>
    </div>
  );
}
