// File → rows, whatever the format: each yielded entry is a row ready for task-type validation or a line error.
import { AppError } from '@/lib/errors';
import type { TaskType } from '@/lib/generated/prisma/enums';
import { checkCsvColumns } from './csv-columns';
import { readCsvRecords } from './csv-records';
import { readJsonlRecords, type ByteSource, type ReadOptions } from './parse';
import { parseCsvHeader, toRowFromCsv, toRowFromJson, type CsvHeader, type RowInput } from './rows';
import type { BatchFormat } from './schemas';

export type RowEntry = { line: number; row: RowInput } | { line: number; error: string };

export async function* readRows(
  source: ByteSource,
  format: BatchFormat,
  type: TaskType,
  options: ReadOptions = {},
): AsyncGenerator<RowEntry> {
  if (format === 'jsonl') {
    for await (const record of readJsonlRecords(source, options)) {
      if ('error' in record) {
        yield record;
        continue;
      }
      const result = toRowFromJson(record.value);
      yield result.ok ? { line: record.line, row: result.row } : { line: record.line, error: result.reason };
    }
    return;
  }
  let header: CsvHeader | null = null;
  for await (const record of readCsvRecords(source, options)) {
    if (header === null) {
      // The first record is the header row; without a usable one no row can be read.
      const parsed = 'error' in record ? record : parseCsvHeader(record.fields);
      if ('error' in parsed) {
        yield { line: record.line, error: `header row: ${parsed.error}` };
        return;
      }
      // Wrong columns fail every row the same way: one file-level error instead (import.ts shows it as such).
      const columnProblem = checkCsvColumns(type, parsed.header.names);
      if (columnProblem) throw new AppError('INVALID_INPUT', columnProblem);
      header = parsed.header;
      continue;
    }
    if ('error' in record) {
      yield record;
      continue;
    }
    const result = toRowFromCsv(type, header, record.fields);
    yield result.ok ? { line: record.line, row: result.row } : { line: record.line, error: result.reason };
  }
}
