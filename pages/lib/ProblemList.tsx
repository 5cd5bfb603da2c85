/** Problems with a rule, each by its JSON path (`steps[0].title`), as import and publishing word them. */
export function ProblemList({ problems }: { problems: readonly { path: string; message: string }[] }) {
  return (
    <ul aria-label="Problems" class="problems">
      {problems.map((p) => (
        <li key={`${p.path}|${p.message}`}>
          <code>{p.path || 'rule'}</code>: {p.message}
        </li>
      ))}
    </ul>
  );
}
