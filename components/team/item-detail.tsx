// One item and its answers. Item content and answers are the team's and workers' text: shown as plain text
// (JSON, pretty-printed), never as HTML or markdown. Long tokens wrap instead of widening the page.
import type { ItemDetailDto } from '@/lib/batches/item-detail';
import { ScrollRegion } from '@/components/ui/scroll-region';

const pretty = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value, null, 2));
const blockClass = 'max-h-96 overflow-auto rounded-lg bg-zinc-50 p-3 text-xs whitespace-pre-wrap break-all dark:bg-zinc-900';

export function ItemDetail({ item }: { item: ItemDetailDto }) {
  return (
    <article className="space-y-4" data-testid="item-detail">
      <header className="space-y-1">
        <h2 className="text-lg font-semibold break-all">Item {item.externalId}</h2>
        <p className="text-sm text-zinc-500">
          {item.status.toLowerCase()} · {item.judgmentsDone} / {item.judgmentsNeeded} judgments{item.isGold && ' · gold'}
        </p>
      </header>
      <section aria-labelledby="item-content" className="space-y-1">
        <h3 id="item-content" className="text-sm font-semibold">Content</h3>
        <pre dir="auto" className={blockClass} tabIndex={0}>{pretty(item.payload)}</pre>
      </section>
      {item.isGold && (
        <section aria-labelledby="item-gold" className="space-y-1">
          <h3 id="item-gold" className="text-sm font-semibold">Gold answer</h3>
          <pre dir="auto" className={blockClass} tabIndex={0}>{pretty(item.goldAnswer)}</pre>
        </section>
      )}
      <section aria-labelledby="item-judgments" className="space-y-2">
        <h3 id="item-judgments" className="text-sm font-semibold">Judgments ({item.judgments.length})</h3>
        {item.judgments.length === 0 ? (
          <p className="text-sm text-zinc-500">No answers yet.</p>
        ) : (
          <ScrollRegion label="Judgments" className="overflow-x-auto rounded-xl border border-zinc-200 dark:border-zinc-800">
            <table className="w-full table-fixed text-left text-sm" data-testid="item-judgments">
              <thead className="bg-zinc-50 dark:bg-zinc-900">
                <tr>
                  <th scope="col" className="w-40 px-3 py-2 font-medium">Worker</th>
                  <th scope="col" className="w-28 px-3 py-2 font-medium">Status</th>
                  <th scope="col" className="px-3 py-2 font-medium">Answer</th>
                </tr>
              </thead>
              <tbody>
                {item.judgments.map((judgment) => (
                  <tr key={judgment.id} className="border-t border-zinc-100 align-top dark:border-zinc-800">
                    <td className="px-3 py-2 font-mono text-xs break-all" title="Pseudonymous worker id, the same as in exports">{judgment.workerPseudonym}</td>
                    <td className="px-3 py-2">{judgment.status.toLowerCase()}{judgment.isExam && ' (exam)'}</td>
                    <td className="px-3 py-2"><pre dir="auto" className="text-xs whitespace-pre-wrap break-all">{pretty(judgment.answer)}</pre></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        )}
      </section>
    </article>
  );
}
