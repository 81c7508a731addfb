// Anthropic HH-RLHF (anthropics/hh-rlhf README): each line is {"chosen", "rejected"}, full transcripts of
// "\n\nHuman: ..." and "\n\nAssistant: ..." turns that share everything up to the last assistant reply.
import { checkKeys, isRecord, type Problems } from './common';

const TURN = /\n\n(Human|Assistant): /g;

function checkTranscript(text: unknown, name: string): Problems {
  if (typeof text !== 'string') return [`${name} must be text`];
  if (!text.startsWith('\n\nHuman: ')) return [`${name} must start with "\\n\\nHuman: "`];
  const roles = [...text.matchAll(TURN)].map((m) => m[1]);
  const problems: Problems = [];
  roles.forEach((role, i) => {
    if (role !== (i % 2 === 0 ? 'Human' : 'Assistant')) problems.push(`${name}: turn ${i} is ${role}, roles must alternate`);
  });
  if (roles[roles.length - 1] !== 'Assistant') problems.push(`${name} must end with an assistant turn`);
  return problems;
}

export function checkHhRlhf(row: unknown): Problems {
  if (!isRecord(row)) return ['not an object'];
  const problems = [...checkKeys(row, ['chosen', 'rejected']), ...checkTranscript(row.chosen, 'chosen'), ...checkTranscript(row.rejected, 'rejected')];
  if (typeof row.chosen === 'string' && typeof row.rejected === 'string') {
    if (row.chosen === row.rejected) problems.push('chosen equals rejected');
    const promptOf = (t: string) => t.slice(0, t.lastIndexOf('\n\nAssistant: '));
    if (promptOf(row.chosen) !== promptOf(row.rejected)) problems.push('chosen and rejected must share the prompt');
  }
  return problems;
}
