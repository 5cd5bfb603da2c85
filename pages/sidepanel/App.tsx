export function App() {
  return (
    <main>
      <h1>Help for this page</h1>
      <p class="muted">
        No help here yet. When Stepwise is on for a site, its checklists and walkthroughs for the page you are on are
        listed here.
      </p>
    </main>
  );
}
