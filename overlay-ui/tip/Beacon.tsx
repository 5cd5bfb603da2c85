import { Attached } from '../Attached';
import type { CardLayout } from '../placement';
import { follow } from '../position';
import type { TipView } from './tips';

export interface BeaconProps {
  tip: TipView;
  dir: 'ltr' | 'rtl';
  onToggle(): void;
  /** Holds the beacon still while the pointer is pressed on the overlay. */
  layout?: CardLayout;
}

/** A pulsing dot at the target's top corner that opens its tip. */
export function Beacon({ tip, dir, onToggle, layout }: BeaconProps) {
  return (
    <Attached
      deps={[tip.target, dir]}
      attach={(beacon) =>
        follow(
          tip.target,
          beacon,
          (rect) => {
            const x = dir === 'rtl' ? rect.x - 8 : rect.x + rect.width - 14;
            beacon.style.left = `${Math.max(2, Math.min(x, innerWidth - 24))}px`;
            beacon.style.top = `${Math.max(2, rect.y - 8)}px`;
          },
          layout,
        )
      }
    >
      <button
        type="button"
        class="beacon"
        aria-label={`Tip: ${tip.step.title}`}
        aria-expanded={tip.open}
        onClick={onToggle}
      >
        ?
      </button>
    </Attached>
  );
}
