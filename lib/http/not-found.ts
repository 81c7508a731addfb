import 'server-only';
import { forbidden, notFound } from 'next/navigation';
import { z } from 'zod';
import { isAppError } from '@/lib/errors';

// Form actions that return nothing (a plain <form action>) have no result to carry "not found": thrown, an AppError
// NOT_FOUND became a 500. Another team's id, a deleted one or one that is not an id at all is Next's 404 instead.

/** The id in the form field, or Next's 404 when it is missing or not a UUID. */
export function formIdOrNotFound(formData: FormData, field: string): string {
  const parsed = z.uuid().safeParse(formData.get(field));
  return parsed.success ? parsed.data : notFound();
}

/** Runs `work`; an AppError NOT_FOUND from it becomes Next's 404. */
export async function orNotFound<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (isAppError(error) && error.code === 'NOT_FOUND') notFound();
    throw error;
  }
}

/** As orNotFound, and an AppError FORBIDDEN (e.g. a read-only team member's forged post) becomes Next's 403. */
export async function orRefused<T>(work: Promise<T>): Promise<T> {
  try {
    return await orNotFound(work);
  } catch (error) {
    if (isAppError(error) && error.code === 'FORBIDDEN') forbidden();
    throw error;
  }
}
