/** Shown when the page was opened without `#token=…` (e.g. a bookmarked bare URL). */
export function MissingToken() {
  return (
    <main className="missing-token" role="main">
      <h1>Mailscope needs its access link</h1>
      <p>
        This page was opened without the access token that Mailscope prints when it starts. Open the full <code>url</code> from the JSON line
        printed by <code>npm run serve</code> (it ends with <code>#token=…</code>), or start the desktop app.
      </p>
    </main>
  );
}
