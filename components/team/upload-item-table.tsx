import Link from 'next/link';
import type { ItemDto } from '@/lib/batches/schemas';
import { previewPayload } from '@/lib/batches/preview';
import { ScrollRegion } from '@/components/ui/scroll-region';

/**
 * Uploaded items with a plain-text preview of their payload (never rendered as HTML or markdown). Long tokens
 * wrap anywhere rather than being clipped; the id opens the item with its answers.
 */
export function UploadItemTable({ items, projectId }: { items: ItemDto[]; projectId: string }) {
  return (
    <ScrollRegion label="Items" className="overflow-x-auto rounded-xl border border-zinc-200 dark:border-zinc-800">
      <table className="w-full text-left text-sm" data-testid="item-table">
        <thead className="bg-zinc-50 dark:bg-zinc-900">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">Id</th>
            <th scope="col" className="px-3 py-2 font-medium">Preview</th>
            <th scope="col" className="px-3 py-2 font-medium">Gold</th>
            <th scope="col" className="px-3 py-2 font-medium">Status</th>
            <th scope="col" className="px-3 py-2 text-right font-medium">Judgments</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.id} className="border-t border-zinc-100 align-top dark:border-zinc-800">
              <td className="max-w-40 px-3 py-2 font-mono text-xs wrap-anywhere">
                <Link href={`/team/projects/${projectId}/items/${item.id}`} className="underline underline-offset-2" aria-label={`Item ${item.externalId}: content and answers`}>{item.externalId}</Link>
              </td>
              <td dir="auto" className="min-w-64 px-3 py-2 wrap-anywhere text-zinc-700 dark:text-zinc-300">{previewPayload(item.payload)}</td>
              <td className="px-3 py-2">{item.isGold ? <span className="rounded bg-amber-100 px-1.5 py-0.5 text-xs text-amber-900">gold</span> : <span className="text-zinc-400">—</span>}</td>
              <td className="px-3 py-2">{item.status.toLowerCase()}</td>
              <td className="px-3 py-2 text-right tabular-nums">{item.judgmentsDone} / {item.judgmentsNeeded}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
