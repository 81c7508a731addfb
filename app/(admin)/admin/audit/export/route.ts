import { requireRole } from '@/lib/auth/viewer';
import { streamAuditCsv } from '@/lib/admin/audit';
import { auditSearchSchema } from '@/lib/admin/schemas';
import { isAppError } from '@/lib/errors';
import { logError } from '@/lib/log';

/** The audit log search as a CSV download (same query string as /admin/audit). Admins only. */
export async function GET(request: Request): Promise<Response> {
  try {
    await requireRole('ADMIN');
    const params = Object.fromEntries(new URL(request.url).searchParams);
    const parsed = auditSearchSchema.safeParse(params);
    if (!parsed.success) return Response.json({ error: 'Invalid search.' }, { status: 422 });
    const body = await streamAuditCsv(parsed.data);
    const stamp = new Date().toISOString().slice(0, 19).replaceAll(':', '');
    return new Response(body, {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="audit-${stamp}.csv"`,
        'cache-control': 'no-store',
      },
    });
  } catch (error) {
    if (isAppError(error)) return Response.json({ error: error.message }, { status: error.httpStatus });
    logError('audit export failed', error);
    return Response.json({ error: 'Something went wrong.' }, { status: 500 });
  }
}
