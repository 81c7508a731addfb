// One validator per export format, mirroring what its consumer accepts (see each file for the source it follows).
import type { ExportFormat } from '@/lib/generated/prisma/enums';
import type { Problems } from './common';
import { checkHhRlhf } from './hh-rlhf';
import { checkAlpaca, checkShareGpt } from './llama-factory';
import { checkOpenAiDpo, checkOpenAiSft } from './openai';
import { checkTrlConversational, checkTrlStandard } from './trl';

export { checkAlpaca, checkHhRlhf, checkOpenAiDpo, checkOpenAiSft, checkShareGpt, checkTrlConversational, checkTrlStandard };
export type { Problems };

export const consumerChecks: Partial<Record<ExportFormat, (row: unknown) => Problems>> = {
  OPENAI_SFT: checkOpenAiSft,
  OPENAI_DPO: checkOpenAiDpo,
  TRL_PREFERENCE: checkTrlStandard,
  TRL_KTO: checkTrlStandard,
  TRL_PREFERENCE_CONVERSATIONAL: checkTrlConversational,
  HH_RLHF: checkHhRlhf,
  ALPACA: checkAlpaca,
  SHAREGPT: checkShareGpt,
};
