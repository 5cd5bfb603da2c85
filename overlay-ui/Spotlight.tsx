import { Attached } from './Attached';
import { follow } from './position';

const PAD = 6;

/** Dims the page around `target`. It takes no pointer events, so it never blocks the target (or anything). */
export function Spotlight({ target }: { target: Element }) {
  return (
    <Attached
      deps={[target]}
      attach={(spot) =>
        follow(target, spot, (rect) => {
          spot.style.left = `${rect.x - PAD}px`;
          spot.style.top = `${rect.y - PAD}px`;
          spot.style.width = `${rect.width + PAD * 2}px`;
          spot.style.height = `${rect.height + PAD * 2}px`;
        })
      }
    >
      <div class="spotlight" aria-hidden="true" />
    </Attached>
  );
}
