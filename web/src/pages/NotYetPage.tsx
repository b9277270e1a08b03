export function NotYetPage({ title, what }: { title: string; what: string }) {
  return (
    <section class="card">
      <h1>{title}</h1>
      <p class="muted">{what} are not part of this release yet.</p>
    </section>
  );
}
