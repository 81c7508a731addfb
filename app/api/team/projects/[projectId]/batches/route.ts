// Upload endpoint of the team UI (session cookie). The raw request body is the file: it is streamed into importBatch
// and never buffered, so a 200 MiB upload costs the server a few MB. Options come as query parameters.
import { z } from 'zod';
import { importBatch } from '@/lib/batches/import';
import { uploadQuerySchema } from '@/lib/batches/schemas';
import { isAppError } from '@/lib/errors';
import { refuseCrossSite } from '@/lib/http/same-origin';
import { logError } from '@/lib/log';
import { requireProjectRole } from '@/lib/teams/access';

export const dynamic = 'force-dynamic';

const problem = (status: number, message: string, extra: object = {}) => Response.json({ error: message, ...extra }, { status });

export async function POST(request: Request, { params }: { params: Promise<{ projectId: string }> }): Promise<Response> {
  try {
    // Cookie-authenticated and state-changing: refuse cross-site posts before reading anything (CSRF).
    const crossSite = refuseCrossSite(request);
    if (crossSite) return crossSite;
    const { projectId } = await params;
    if (!z.uuid().safeParse(projectId).success) return problem(404, 'Project not found.');
    const actor = await requireProjectRole(projectId, 'MEMBER');
    const query = uploadQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!query.success) {
      const detail = query.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
      return problem(422, `Invalid upload options: ${detail}`);
    }
    if (!request.body) return problem(422, 'The upload is empty: choose a file.');
    const batch = await importBatch(actor, projectId, { source: request.body, ...query.data });
    return Response.json(batch, { status: 201 });
  } catch (error) {
    if (isAppError(error)) return problem(error.httpStatus, error.message, { code: error.code });
    const requestId = logError('batch upload failed', error);
    return problem(500, 'Something went wrong. Please try again.', { requestId });
  }
}
