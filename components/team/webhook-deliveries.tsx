import type { WebhookDeliveryDto } from '@/lib/webhooks/schemas';
import { ScrollRegion } from '@/components/ui/scroll-region';

const statusStyle: Record<WebhookDeliveryDto['status'], string> = {
  DELIVERED: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200',
  QUEUED: 'bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300',
  FAILED: 'bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200',
};

const time = (iso: string) => new Date(iso).toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }) + ' UTC';

/** Recent deliveries of one webhook: what was sent, how it went, what the receiver answered. */
export function WebhookDeliveries({ deliveries }: { deliveries: WebhookDeliveryDto[] }) {
  if (deliveries.length === 0) return <p className="text-sm text-zinc-500">No deliveries yet.</p>;
  return (
    <ScrollRegion label="Webhook deliveries" className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <thead className="text-zinc-500">
          <tr>
            <th className="py-1 pr-3 font-medium">Event</th>
            <th className="py-1 pr-3 font-medium">Status</th>
            <th className="py-1 pr-3 text-right font-medium">HTTP</th>
            <th className="py-1 pr-3 text-right font-medium">Attempts</th>
            <th className="py-1 pr-3 font-medium">Created</th>
            <th className="py-1 font-medium">Last error</th>
          </tr>
        </thead>
        <tbody>
          {deliveries.map((delivery) => (
            <tr key={delivery.id} className="border-t border-zinc-200 dark:border-zinc-800">
              <td className="py-1 pr-3 font-mono text-xs">{delivery.event}</td>
              <td className="py-1 pr-3">
                <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${statusStyle[delivery.status]}`}>{delivery.status.toLowerCase()}</span>
              </td>
              <td className="py-1 pr-3 text-right tabular-nums">{delivery.responseStatus ?? '—'}</td>
              <td className="py-1 pr-3 text-right tabular-nums">{delivery.attempts}</td>
              <td className="whitespace-nowrap py-1 pr-3 text-zinc-500">{time(delivery.createdAt)}</td>
              <td className="max-w-xs truncate py-1 text-zinc-500" title={delivery.lastError ?? undefined}>
                {delivery.lastError ?? ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
