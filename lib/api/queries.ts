import 'server-only';
// Reads for the team API pages; each checks the viewer itself (style S3).
import { requireTeamMember } from '@/lib/teams/access';
import { listApiKeys } from './keys';

export async function getApiKeysPage() {
  const actor = await requireTeamMember();
  return { keys: await listApiKeys(actor), role: actor.role };
}
