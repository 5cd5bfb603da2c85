import { Component } from 'preact';

interface Props {
  id: string;
  onSend(text: string): Promise<unknown>;
}

interface State {
  phase: 'open' | 'sending' | 'sent' | 'closed' | 'failed';
  text: string;
}

/**
 * After "Helpful? No": an optional comment for the people who write the help. Sent, skipped or
 * failed, it says so in words; nothing is sent unless the person writes something and sends it.
 * (A class component: the overlay's UI bundle carries no hooks.)
 */
export class CommentForm extends Component<Props, State> {
  override state: State = { phase: 'open', text: '' };

  send = () => {
    const text = this.state.text.trim();
    if (!text) return;
    this.setState({ phase: 'sending' });
    this.props.onSend(text).then(
      () => this.setState({ phase: 'sent' }),
      () => this.setState({ phase: 'failed' }),
    );
  };

  render({ id }: Props, { phase, text }: State) {
    if (phase === 'sent') return <p class="thanks">Thanks: the people who write this help will read it.</p>;
    if (phase === 'closed') return <p class="thanks">Thanks for the feedback.</p>;
    return (
      <div class="comment">
        <label for={`${id}-comment`}>What was missing or wrong? (optional)</label>
        <textarea
          id={`${id}-comment`}
          rows={2}
          maxLength={2000}
          value={text}
          disabled={phase === 'sending'}
          onInput={(e) => this.setState({ text: e.currentTarget.value })}
        />
        {phase === 'failed' && (
          <p class="missing" role="alert">
            It could not be sent. Try again in a moment.
          </p>
        )}
        <div class="comment-actions">
          <button type="button" class="link" onClick={() => this.setState({ phase: 'closed' })}>
            No thanks
          </button>
          <button type="button" disabled={!text.trim() || phase === 'sending'} onClick={this.send}>
            Send
          </button>
        </div>
      </div>
    );
  }
}
