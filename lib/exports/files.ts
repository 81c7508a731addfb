// The files an export is downloaded as: extension, content type and name per part, in one place, so the download
// route, the export list and the dataset card's `configs`/`data_files` all name the same files. Isomorphic.
import type { ExportContainer as StoredContainer, ExportFormat } from '@/lib/generated/prisma/enums';
import { formatCatalog } from './formats';
import type { ExportContainer, ExportPart } from './schemas';

export type ExportFileExtension = 'jsonl' | 'csv' | 'parquet';

/** The API's lowercase container from the stored enum, and back. */
export function fromStoredContainer(stored: StoredContainer): ExportContainer {
  return stored === 'PARQUET' ? 'parquet' : 'lines';
}

export function toStoredContainer(container: ExportContainer): StoredContainer {
  return container === 'parquet' ? 'PARQUET' : 'LINES';
}

export function slugify(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'project'
  );
}

/** Parquet holds the rows of a JSONL format only: a CSV format's rows are already a flat table. */
export function canUseContainer(format: ExportFormat, container: ExportContainer): boolean {
  return container === 'lines' || formatCatalog[format].extension === 'jsonl';
}

export function exportFileExtension(format: ExportFormat, container: ExportContainer): ExportFileExtension {
  return container === 'parquet' ? 'parquet' : formatCatalog[format].extension;
}

export function exportContentType(extension: ExportFileExtension): string {
  if (extension === 'parquet') return 'application/vnd.apache.parquet';
  return extension === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8';
}

/**
 * The parts a READY export can be downloaded as. A split export's `all` is train then validation in one stream,
 * which lines allow but Parquet does not (a Parquet file has one footer): a split Parquet export is its two files.
 */
export function exportDownloadParts(isSplit: boolean, container: ExportContainer): ExportPart[] {
  if (!isSplit) return ['all'];
  return container === 'parquet' ? ['train', 'validation'] : ['all', 'train', 'validation'];
}

/** e.g. `my-project-openai-sft-train.parquet`. */
export function exportFileName(input: { projectTitle: string; format: ExportFormat; container: ExportContainer; part: ExportPart }): string {
  const format = input.format.toLowerCase().replaceAll('_', '-');
  return `${slugify(input.projectTitle)}-${format}-${input.part}.${exportFileExtension(input.format, input.container)}`;
}
