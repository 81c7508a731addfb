/** Shown where a read-only member would otherwise find forms: the server refuses their changes anyway. */
export function ReadOnlyNotice({ what }: { what: string }) {
  return (
    <p data-testid="read-only-notice" className="rounded-xl bg-zinc-100 p-3 text-sm text-zinc-700 dark:bg-zinc-900 dark:text-zinc-300">
      You have read-only access to this team, so you cannot {what}. Ask a team owner if you need more.
    </p>
  );
}
