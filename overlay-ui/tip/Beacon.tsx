import { Attached } from '../Attached';
import { follow } from '../position';
import type { TipView } from './tips';

export interface BeaconProps {
  tip: TipView;
  dir: 'ltr' | 'rtl';
  onToggle(): void;
}

/** A pulsing dot at the target's top corner that opens its tip. */
export function Beacon({ tip, dir, onToggle }: BeaconProps) {
  return (
    <Attached
      deps={[tip.target, dir]}
      attach={(beacon) =>
        follow(tip.target, beacon, (rect) => {
          const x = dir === 'rtl' ? rect.x - 8 : rect.x + rect.width - 14;
          beacon.style.left = `${Math.max(2, Math.min(x, innerWidth - 24))}px`;
          beacon.style.top = `${Math.max(2, rect.y - 8)}px`;
        })
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
