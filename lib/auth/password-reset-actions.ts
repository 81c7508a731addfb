'use server';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { requestPasswordReset, resetPassword, resetPasswordSchema, resetRequestSchema } from './password-reset';
import { publicMessage } from './public-message';
import { getRequestMeta } from './request-context';

export type ResetFormState = { error?: string; fieldErrors?: Record<string, string[] | undefined>; email?: string; sent?: boolean };

/** "Forgot your password?": the same answer whether or not an account has this email. */
export async function requestPasswordResetAction(_prev: ResetFormState, formData: FormData): Promise<ResetFormState> {
  const email = typeof formData.get('email') === 'string' ? String(formData.get('email')).slice(0, 254) : '';
  const parsed = resetRequestSchema.safeParse({ email });
  if (!parsed.success) return { fieldErrors: z.flattenError(parsed.error).fieldErrors, email };
  try {
    await requestPasswordReset(parsed.data, await getRequestMeta());
  } catch (error) {
    return { error: publicMessage(error, 'password reset failed'), email };
  }
  return { sent: true, email };
}

/** The form behind the mailed link: a new password, twice. Back to sign-in with a notice when it worked. */
export async function resetPasswordAction(_prev: ResetFormState, formData: FormData): Promise<ResetFormState> {
  const parsed = resetPasswordSchema.safeParse({ token: formData.get('token'), password: formData.get('password'), confirm: formData.get('confirm') });
  if (!parsed.success) {
    const { fieldErrors } = z.flattenError(parsed.error);
    return fieldErrors.token ? { error: fieldErrors.token[0] } : { fieldErrors };
  }
  try {
    await resetPassword(parsed.data, await getRequestMeta());
  } catch (error) {
    return { error: publicMessage(error, 'password reset failed') };
  }
  redirect('/login/email?reset=1');
}
