import { useAsync } from '../../components/useAsync';
import { sendMessage } from '../../messaging/send';

/** Storage problems, each with what to do; nothing at all when storage is fine. */
export function StoreProblems({ revision }: { revision: number }) {
  const [health] = useAsync(() => sendMessage({ type: 'store.health' }), [revision]);
  if (health.status !== 'ready' || health.value.problems.length === 0) return null;
  return (
    <section class="problems-box" role="alert" aria-labelledby="problems-heading">
      <h2 id="problems-heading">Storage needs attention</h2>
      <ul>
        {health.value.problems.map((p) => (
          <li key={`${p.area}:${p.kind}`}>
            {p.message} {p.action}
          </li>
        ))}
      </ul>
    </section>
  );
}
