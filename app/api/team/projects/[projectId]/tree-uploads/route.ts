// Tree uploads of the team UI (session cookie): seed prompts, model replies, gold reviews or oasst trees, chosen by `kind`. The raw
// request body is the file; its format comes from `fileName`. Answers the same counts as the team API.
import { z } from 'zod';
import { isAppError } from '@/lib/errors';
import { refuseCrossSite } from '@/lib/http/same-origin';
import { logError } from '@/lib/log';
import { requireProjectRole } from '@/lib/teams/access';
import { importOasstForTeam, uploadGoldReviewsForTeam, uploadModelRepliesForTeam, uploadSeedPromptsForTeam } from '@/lib/trees/team';
import { MAX_TREE_UPLOAD_BYTES, uploadFormatOf } from '@/lib/trees/upload-lines';

export const dynamic = 'force-dynamic';

const problem = (status: number, message: string, extra: object = {}) => Response.json({ error: message, ...extra }, { status });

const querySchema = z.object({ kind: z.enum(['seeds', 'model-replies', 'gold-reviews', 'oasst']), fileName: z.string().trim().min(1).max(255) });

export async function POST(request: Request, { params }: { params: Promise<{ projectId: string }> }): Promise<Response> {
  try {
    // Cookie-authenticated and state-changing: refuse cross-site posts before reading anything (CSRF).
    const crossSite = refuseCrossSite(request);
    if (crossSite) return crossSite;
    const { projectId } = await params;
    if (!z.uuid().safeParse(projectId).success) return problem(404, 'Project not found.');
    const actor = await requireProjectRole(projectId, 'MEMBER');
    const query = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!query.success) return problem(422, 'Invalid upload options: give kind (seeds, model-replies, gold-reviews or oasst) and fileName.');
    if (!request.body) return problem(422, 'The upload is empty: choose a file.');
    if (Number(request.headers.get('content-length') ?? '0') > MAX_TREE_UPLOAD_BYTES) return problem(413, `The file is larger than ${MAX_TREE_UPLOAD_BYTES / 1024 / 1024} MiB: split it into several uploads.`);
    const format = uploadFormatOf(query.data.fileName);
    if (query.data.kind === 'seeds') {
      if (!format) return problem(422, 'Choose a .jsonl, .csv or .tsv file.');
      return Response.json(await uploadSeedPromptsForTeam(actor, projectId, request.body, format), { status: 201 });
    }
    if (format !== 'jsonl') return problem(422, 'Choose a .jsonl file.');
    if (query.data.kind === 'model-replies') return Response.json(await uploadModelRepliesForTeam(actor, projectId, request.body), { status: 201 });
    if (query.data.kind === 'gold-reviews') return Response.json(await uploadGoldReviewsForTeam(actor, projectId, request.body), { status: 201 });
    const text = await request.text();
    if (text.length > MAX_TREE_UPLOAD_BYTES) return problem(413, `The file is larger than ${MAX_TREE_UPLOAD_BYTES / 1024 / 1024} MiB: split it into several uploads.`);
    return Response.json(await importOasstForTeam(actor, projectId, text), { status: 201 });
  } catch (error) {
    if (isAppError(error)) return problem(error.httpStatus, error.message, { code: error.code });
    const requestId = logError('tree upload failed', error, {});
    return problem(500, 'Something went wrong. Please try again.', { requestId });
  }
}
