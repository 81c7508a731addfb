// The names export files are downloaded under. Pure: the download route and the dataset card's `configs.data_files`
// must name the same files, or the Hub and `datasets` find no data next to the card.
import type { ExportFormat } from '@/lib/generated/prisma/enums';
import { formatCatalog } from './formats';
import type { ExportPart } from './schemas';

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

/** `<project-slug>-<format>-<part>.<jsonl|csv>`, e.g. `support-replies-trl-preference-train.jsonl`. */
export function toExportFileName(projectTitle: string, format: ExportFormat, part: ExportPart): string {
  return `${slugify(projectTitle)}-${format.toLowerCase().replaceAll('_', '-')}-${part}.${formatCatalog[format].extension}`;
}
