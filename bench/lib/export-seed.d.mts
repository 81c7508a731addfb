export declare const JUDGMENTS_PER_ITEM: number;
export declare const WORKER_COUNT: number;
export declare function seedExportProject(
  query: (sql: string, params: unknown[]) => Promise<unknown>,
  options: { judgments: number; label?: string },
): Promise<{ teamId: string; projectId: string; items: number; judgments: number }>;
