import { ScrollRegion } from '@/components/ui/scroll-region';

/** An upload's problems by line number (line 0 is the file as a whole), in a box that scrolls when there are many. */
export function LineErrorTable({ label, errors, testId }: { label: string; errors: { line: number; reason: string }[]; testId?: string }) {
  return (
    <ScrollRegion label={label} className="max-h-96 overflow-auto rounded-xl border border-zinc-200 dark:border-zinc-800">
      <table data-testid={testId} className="w-full text-left text-sm">
        <thead className="sticky top-0 bg-zinc-50 dark:bg-zinc-900">
          <tr>
            <th scope="col" className="w-20 px-3 py-2 font-medium">Line</th>
            <th scope="col" className="px-3 py-2 font-medium">Reason</th>
          </tr>
        </thead>
        <tbody>
          {errors.map((error, index) => (
            <tr key={index} className="border-t border-zinc-100 align-top dark:border-zinc-800">
              <td className="px-3 py-2 tabular-nums">{error.line === 0 ? 'file' : error.line}</td>
              <td className="px-3 py-2 wrap-anywhere">{error.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
