import Link from 'next/link';

type Flag = { id: string; kind: string; score: number; status: string; details: unknown; lastSeenAt: Date };

const kindLabels: Record<string, string> = {
  SHARED_PAYOUT_NODE: 'Shared payout node',
  SHARED_LIGHTNING_ADDRESS: 'Shared Lightning Address',
  IP_BURST: 'Sign-in burst (IP / device)',
  SIGNUP_BURST: 'Signup burst',
  SCRIPTED_TIMING: 'Scripted timing',
  REVIEW_RING: 'Review ring (trees)',
  TREE_SHARED_DEVICE: 'Reviews a same-device account (trees)',
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** What a flag's details say, in a line: the shared thing and how many accounts share it, or the timing figures. */
function summarize(details: unknown): string {
  if (!isRecord(details)) return '';
  const shared = details.destination ?? details.address ?? details.ip ?? details.signupIp;
  const parts: string[] = [];
  if (typeof shared === 'string') parts.push(shared.length > 24 ? `${shared.slice(0, 12)}…${shared.slice(-8)}` : shared);
  if (details.sameDevice === true && typeof details.userAgent === 'string') parts.push(`device "${details.userAgent.slice(0, 40)}"`);
  if (typeof details.memberCount === 'number') parts.push(`${details.memberCount} accounts`);
  if (typeof details.judgments === 'number') parts.push(`${details.judgments} judgments`);
  if (typeof details.interactions === 'number') parts.push(`${details.interactions} reviews/rankings between them`);
  if (typeof details.cvDuration === 'number') parts.push(`duration CV ${details.cvDuration}`);
  if (typeof details.cvGap === 'number') parts.push(`gap CV ${details.cvGap}`);
  return parts.join(' · ');
}

/** A worker's flags with scores and cluster members (linked to their own pages). */
export function FraudFlagList({ flags, workerId }: { flags: Flag[]; workerId: string }) {
  return (
    <ul className="space-y-1 text-sm">
      {flags.map((flag) => {
        const members = isRecord(flag.details) && Array.isArray(flag.details.members) ? flag.details.members.filter((m): m is string => typeof m === 'string' && m !== workerId) : [];
        return (
          <li key={flag.id} data-testid="fraud-flag">
            <span className="mr-2 rounded bg-amber-100 px-1.5 font-medium text-amber-900 tabular-nums">{flag.score.toFixed(2)}</span>
            <span className="font-medium">{kindLabels[flag.kind] ?? flag.kind}</span>
            {flag.status !== 'OPEN' && <span className="ml-1 text-xs text-zinc-500">({flag.status.toLowerCase()})</span>}
            <span className="ml-2 text-zinc-500">{summarize(flag.details)}</span>
            {members.length > 0 && (
              <details className="ml-2 inline-block">
                <summary className="cursor-pointer text-xs text-zinc-500">cluster ({members.length} others)</summary>
                <ul className="mt-1 flex flex-wrap gap-1 text-xs">
                  {members.map((id) => (
                    <li key={id}>
                      <Link href={`/admin/workers/${id}`} className="underline">{id.slice(-8)}</Link>
                    </li>
                  ))}
                </ul>
              </details>
            )}
          </li>
        );
      })}
    </ul>
  );
}
