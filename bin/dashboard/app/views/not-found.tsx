/** A URL no view answers: says so, and links back to the overview. */
export function NotFound({ path }: { path: string }) {
  return (
    <>
      <h1>Page not found</h1>
      <p>
        The dashboard has no page at <code>{path}</code>.
      </p>
      <p>
        <a href="/">Go to the overview</a>
      </p>
    </>
  );
}
