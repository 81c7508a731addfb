import { describe, expect, it, vi } from 'vitest';
import { AppError } from '@/lib/errors';

// Next's notFound() throws an error with this digest, which makes the response a 404 (a thrown AppError is a 500).
// next/navigation does not load outside Next's react-server bundling, so it is stood in for with that behaviour.
vi.mock('next/navigation', () => ({
  notFound: () => {
    throw Object.assign(new Error('NEXT_HTTP_ERROR_FALLBACK;404'), { digest: 'NEXT_HTTP_ERROR_FALLBACK;404' });
  },
  forbidden: () => {
    throw Object.assign(new Error('NEXT_HTTP_ERROR_FALLBACK;403'), { digest: 'NEXT_HTTP_ERROR_FALLBACK;403' });
  },
}));
const { formIdOrNotFound, orNotFound, orRefused } = await import('./not-found');

async function statusOf(work: () => unknown): Promise<number | 'ok'> {
  try {
    await work();
    return 'ok';
  } catch (error) {
    const digest = (error as { digest?: string }).digest ?? '';
    return /;40[34]$/.test(digest) ? Number(digest.slice(-3)) : 500;
  }
}

describe('form actions answer another team\'s id with a 404', () => {
  it('turns an AppError NOT_FOUND into Next\'s 404 and lets everything else through', async () => {
    expect(await statusOf(() => orNotFound(Promise.reject(new AppError('NOT_FOUND', 'Project not found.'))))).toBe(404);
    expect(await statusOf(() => orNotFound(Promise.reject(new AppError('FORBIDDEN', 'No.'))))).toBe(500);
    expect(await orNotFound(Promise.resolve(7))).toBe(7);
  });

  it('with orRefused, also turns FORBIDDEN (a read-only member) into Next\'s 403', async () => {
    expect(await statusOf(() => orRefused(Promise.reject(new AppError('FORBIDDEN', 'No.'))))).toBe(403);
    expect(await statusOf(() => orRefused(Promise.reject(new AppError('NOT_FOUND', 'Project not found.'))))).toBe(404);
    expect(await statusOf(() => orRefused(Promise.reject(new AppError('INVALID_STATE', 'Closed.'))))).toBe(500);
  });

  it('reads a UUID from the form, or answers 404 for a missing or malformed one', async () => {
    const id = '019ab000-0000-7000-8000-000000000001';
    const form = (value?: string) => {
      const data = new FormData();
      if (value !== undefined) data.set('projectId', value);
      return data;
    };
    expect(formIdOrNotFound(form(id), 'projectId')).toBe(id);
    expect(await statusOf(() => formIdOrNotFound(form('not-an-id'), 'projectId'))).toBe(404);
    expect(await statusOf(() => formIdOrNotFound(form(), 'projectId'))).toBe(404);
  });
});
