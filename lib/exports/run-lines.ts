import 'server-only';
// The general export paths, one JS object per unit: judgments page by page (RAW_CSV), or items page by page with
// their aggregates (every other format, and raw formats filtered on agreement).
import type { TaskType } from '@/lib/generated/prisma/enums';
import { aggregateItems } from './aggregate';
import { fitExportAggregation } from './aggregate-read';
import type { ExportPartWriter } from './chunk-writer';
import { toKtoExamples, toPreferencePairs, toSftExamples } from './derive';
import type { LineEncoder, RawJudgmentRow } from './formats';
import { readItemPages, readJudgmentPages, type JudgmentRecord } from './read';
import type { ExportPart, StoredFilters } from './schemas';

function toShownOrder(value: unknown): number[] | null {
  return Array.isArray(value) && value.every((v) => typeof v === 'number') ? (value as number[]) : null;
}

export function toRawRow(j: JudgmentRecord, payload: unknown, pseudonym: (id: string) => string): RawJudgmentRow {
  return {
    id: j.id,
    itemId: j.externalId,
    workerId: pseudonym(j.workerId),
    answer: j.answer,
    shownOrder: toShownOrder(j.shownOrder),
    durationMs: j.durationMs,
    isGold: j.isGold,
    goldCorrect: j.goldCorrect,
    status: j.status,
    createdAt: j.createdAt.toISOString(),
    payload,
  };
}

interface LinesInput {
  projectId: string;
  filters: StoredFilters;
  pseudonym: (workerId: string) => string;
  partOf: ((externalId: string) => ExportPart) | null;
  encoder: LineEncoder;
  /** The part writers, or for Parquet the spool in front of them (parquet/writer.ts). */
  writers: Map<ExportPart, Pick<ExportPartWriter, 'write'>>;
}

/** Every matching judgment, by id, one encoded line each; returns the number of lines. */
export async function writeJudgmentPages({ projectId, filters, pseudonym, partOf, encoder, writers }: LinesInput): Promise<number> {
  let rows = 0;
  for await (const page of readJudgmentPages(projectId, filters)) {
    for (const j of page) await writers.get(partOf ? partOf(j.externalId) : 'all')!.write(encoder.encode(toRawRow(j, j.payload, pseudonym)));
    rows += page.length;
  }
  return rows;
}

/** Items page by page, aggregated, filtered on agreement/confidence, turned into the format's units. */
export async function writeItemUnits({
  projectId,
  project,
  filters,
  pseudonym,
  partOf,
  encoder,
  writers,
}: LinesInput & { project: { taskType: TaskType; typeConfig: unknown } }): Promise<{
  rowsWritten: number;
  itemsPerPart: Record<string, number>;
  dropped: Record<string, number>;
  filteredOut: number;
}> {
  let rowsWritten = 0;
  const itemsPerPart: Record<string, number> = Object.fromEntries([...writers.keys()].map((p) => [p, 0]));
  const dropped: Record<string, number> = { tie: 0, both_bad: 0, no_judgments: 0 };
  let filteredOut = 0;
  const emit = async (part: ExportPart, line: string) => {
    if (line === '') return; // the format can't hold this unit: counted in encoder.fitCounts
    rowsWritten += 1;
    await writers.get(part)!.write(line);
  };
  // Categorical labels come from one model fitted on the whole project (streamed), not per page.
  const model = await fitExportAggregation({ projectId, filters, project, pseudonym });
  for await (const page of readItemPages(projectId, filters)) {
    const aggregated = aggregateItems(
      project.taskType,
      project.typeConfig,
      page.map(({ item, judgments }) => ({
        externalId: item.externalId,
        isGold: item.isGold,
        payload: item.payload,
        judgments: judgments.map((j) => ({ workerId: pseudonym(j.workerId), answer: j.answer })),
      })),
      model,
    );
    for (let i = 0; i < page.length; i++) {
      const agg = aggregated[i];
      const { item, judgments } = page[i];
      if (
        (filters.minAgreement !== undefined && (agg.agreement ?? 0) < filters.minAgreement) ||
        (filters.minConfidence !== undefined && (agg.confidence ?? 0) < filters.minConfidence)
      ) {
        filteredOut += 1;
        continue;
      }
      const part = partOf ? partOf(item.externalId) : 'all';
      const before = rowsWritten;
      if (encoder.source === 'raw') for (const j of judgments) await emit(part, encoder.encode(toRawRow(j, item.payload, pseudonym)));
      else if (encoder.source === 'aggregated') await emit(part, encoder.encode(agg));
      else if (encoder.source === 'sft') for (const e of toSftExamples(project.taskType, agg)) await emit(part, encoder.encode(e));
      else if (encoder.source === 'kto') for (const e of toKtoExamples(agg)) await emit(part, encoder.encode(e));
      else {
        const { pairs, dropped: why } = toPreferencePairs(agg);
        if (why) dropped[why.reason] += why.count;
        for (const pair of pairs) await emit(part, encoder.encode(pair));
      }
      if (rowsWritten > before) itemsPerPart[part] += 1;
    }
  }
  return { rowsWritten, itemsPerPart, dropped, filteredOut };
}
