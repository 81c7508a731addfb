import { isValidElement, type ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import type { BatchDto } from '@/lib/batches/schemas';
import { UploadResult } from './upload-result';

const batch: BatchDto = {
  id: '0196f7a0-0000-7000-8000-000000000001',
  projectId: '0196f7a0-0000-7000-8000-000000000002',
  status: 'FAILED',
  fileName: 'items.jsonl',
  format: 'jsonl',
  isGold: false,
  totalRows: 3,
  importedRows: 0,
  errorRows: 1,
  duplicateRows: 0,
  errors: [{ line: 2, reason: 'Invalid item: <script>alert(1)</script>' }],
  createdAt: '2026-11-25T22:00:00.000Z',
  completedAt: '2026-11-25T22:00:01.000Z',
};

// react-dom/server is unavailable under the react-server condition the unit tests run with: walk the element tree.
function toText(node: ReactNode): string {
  if (node === null || node === undefined || typeof node === 'boolean') return '';
  if (typeof node === 'string' || typeof node === 'number') return String(node);
  if (Array.isArray(node)) return node.map(toText).join('');
  if (isValidElement<{ children?: ReactNode; 'data-testid'?: string }>(node)) {
    // Server components (LineErrorTable, ScrollRegion) are plain functions of their props: render them in place.
    if (typeof node.type === 'function') return toText((node.type as (props: unknown) => ReactNode)(node.props));
    const testId = node.props['data-testid'];
    const inner = toText(node.props.children);
    return testId ? `[${testId}]${inner}[/${testId}]` : typeof node.type === 'string' ? `<${node.type}>${inner}` : inner;
  }
  return '';
}
const renderToStaticMarkup = (props: Parameters<typeof UploadResult>[0]) => toText(UploadResult(props));

describe('UploadResult', () => {
  it('shows the counts, a Line/Reason table with reasons as text, and the retry button when given', () => {
    const html = renderToStaticMarkup({ batch, onImportGoodLines: () => {} });
    expect(html).toContain('[batch-result]');
    expect(html).toContain('0 items imported · 1 error · 0 duplicates');
    expect(html).toContain('[batch-errors]<thead><tr><th>Line<th>Reason');
    expect(html).toContain('<td>2<td>Invalid item: <script>alert(1)</script>'); // a text child: React escapes it
    expect(html).toContain('Import the good lines');
  });

  it('has no error table or retry button for a clean import', () => {
    const html = renderToStaticMarkup({ batch: { ...batch, status: 'IMPORTED', importedRows: 3, errorRows: 0, errors: [] } });
    expect(html).toContain('3 items imported');
    expect(html).not.toContain('batch-errors');
    expect(html).not.toContain('Import the good lines');
  });

  it('shows a file-level problem once, without "0 errors" or an empty retry offer', () => {
    const empty = renderToStaticMarkup({ batch: { ...batch, totalRows: 0, errorRows: 0, errors: [{ line: 0, reason: 'The file is empty: it has no rows to import.' }] }, onImportGoodLines: () => {} });
    expect(empty).toContain('items.jsonl: nothing imported');
    expect(empty).toContain('The file is empty');
    expect(empty).not.toContain('0 errors');
    expect(empty).not.toContain('batch-errors');
    expect(empty).not.toContain('Import the good lines');
    const duplicates = renderToStaticMarkup({ batch: { ...batch, totalRows: 2, errorRows: 0, duplicateRows: 2, errors: [{ line: 0, reason: 'Every line is already in this project; nothing to import.' }, { line: 1, reason: 'duplicate id "a": already in this project' }] }, onImportGoodLines: () => {} });
    expect(duplicates).toContain('Every line is already in this project; nothing to import.');
    expect(duplicates).not.toContain('import only the good lines');
    expect(duplicates).not.toContain('Import the good lines');
  });
});
