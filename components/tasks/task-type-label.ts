import type { TaskType } from '@/lib/generated/prisma/enums';

export const taskTypeLabel: Record<TaskType, string> = {
  CLASSIFICATION: 'Classification',
  MULTI_LABEL: 'Multi-label',
  PAIRWISE: 'Compare two answers',
  RANKING: 'Ranking',
  RATING: 'Rating',
  WRITING: 'Writing',
};
