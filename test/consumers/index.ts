// One validator per export format, mirroring what its consumer accepts (see each file for the source it follows).
import type { ExportFormat } from '@/lib/generated/prisma/enums';
import type { Problems } from './common';
import { checkHhRlhf } from './hh-rlhf';
import { checkAlpaca, checkShareGpt } from './llama-factory';
import { checkOasstTree } from './oasst';
import { checkOpenAiDpo, checkOpenAiSft } from './openai';
import { checkTrlConversational, checkTrlSft, checkTrlStandard } from './trl';

export { checkAlpaca, checkHhRlhf, checkOasstTree, checkOpenAiDpo, checkOpenAiSft, checkShareGpt, checkTrlConversational, checkTrlSft, checkTrlStandard };
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
  OASST_TREES: checkOasstTree,
  // One file for two consumers: TRL's SFTTrainer and OpenAI chat fine-tuning.
  TREE_SFT: (row) => [...checkTrlSft(row), ...checkOpenAiSft(row)],
  TREE_DPO: checkTrlConversational,
};
