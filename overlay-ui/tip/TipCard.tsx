import { Card } from '../Card';
import type { CardLayout } from '../placement';
import type { Tips, TipView } from './tips';

/** An open tip, beside its target. */
export function TipCard({
  tip,
  tips,
  dir,
  layout,
}: {
  tip: TipView;
  tips: Tips;
  dir: 'ltr' | 'rtl';
  layout?: CardLayout;
}) {
  const id = tip.rule.id;
  return (
    <Card
      id={`sw-tip-${id.replace(/[^\w-]/g, '_')}`}
      title={tip.step.title}
      brief={tip.step.brief}
      detail={tip.step.detail}
      detailOpen={tips.detailOpen}
      onToggleDetail={() => tips.toggleDetail()}
      target={tip.target}
      placement={tip.step.placement}
      dir={dir}
      closeLabel="Close tip"
      onClose={() => tips.close()}
      vote={tip.vote}
      onRate={(helpful) => tips.rate(id, helpful)}
      layout={layout}
      rank={1}
      onComment={(text) => tips.comment(id, text)}
      focusKey={`tip:${id}`}
    >
      <button type="button" class="link" onClick={() => tips.dismiss(id)}>
        Don't show again
      </button>
      <span class="spacer" />
      <button type="button" class="primary" onClick={() => tips.close()}>
        Got it
      </button>
    </Card>
  );
}
