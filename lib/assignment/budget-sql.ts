import 'server-only';
import { Prisma } from '@/lib/db';

/**
 * The rewards a project has promised and not yet paid: its pending judgments and its live leases (exam answers pay
 * nothing), as SQL over a row `p` with the Project's id, "rewardMsats" and "treeConfig". An ordinary project's
 * tasks all pay its reward, so it counts them; a tree project's pay by kind (Item."rewardMsats", kept on the
 * judgment), so it sums them: its budget isn't held for cheap reviews as if each were a reply.
 */
export const promisedRewardsSql = Prisma.sql`(CASE WHEN p."treeConfig" IS NULL THEN p."rewardMsats" * (
      (SELECT count(*) FROM "Judgment" WHERE "projectId" = p.id AND status = 'PENDING' AND NOT "isExam")
      + (SELECT count(*) FROM "Assignment" WHERE "projectId" = p.id AND status = 'ACTIVE' AND NOT "isExam"))
    ELSE coalesce((SELECT sum(j."rewardMsats") FROM "Judgment" j WHERE j."projectId" = p.id AND j.status = 'PENDING' AND NOT j."isExam"), 0)
      + coalesce((SELECT sum(coalesce(i."rewardMsats", p."rewardMsats")) FROM "Assignment" a JOIN "Item" i ON i.id = a."itemId"
          WHERE a."projectId" = p.id AND a.status = 'ACTIVE' AND NOT a."isExam"), 0)
    END)::bigint`;
