import 'server-only';
// Agents have no account: every agent job is a project of one system team, which no person is a member of.
import { db } from '@/lib/db';

export const AGENTS_TEAM_SLUG = 'l402-agents';

export async function getAgentsTeamId(): Promise<string> {
  const existing = await db.team.findUnique({ where: { slug: AGENTS_TEAM_SLUG }, select: { id: true } });
  if (existing) return existing.id;
  await db.team.createMany({ data: [{ name: 'AI agents (L402)', slug: AGENTS_TEAM_SLUG }], skipDuplicates: true });
  return (await db.team.findUniqueOrThrow({ where: { slug: AGENTS_TEAM_SLUG }, select: { id: true } })).id;
}
