'use server';
// The /invite/<token> page. Public by design: the token from the mail is the credential (matrix: test/authz).
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { publicMessage } from '@/lib/auth/public-message';
import { getRequestMeta, sessionCookieName, writeCookie } from '@/lib/auth/request-context';
import { getViewer } from '@/lib/auth/viewer';
import { AppError } from '@/lib/errors';
import { acceptInviteAsViewer, acceptInviteWithNewAccount } from './accept';
import { acceptWithNewAccountSchema } from './schemas';

export type AcceptFormState = { error?: string; fieldErrors?: Record<string, string[] | undefined>; name?: string };

/** A new account with the invited address: name and password, then signed in and on to the team. */
export async function acceptInviteWithNewAccountAction(_prev: AcceptFormState, formData: FormData): Promise<AcceptFormState> {
  const name = typeof formData.get('name') === 'string' ? String(formData.get('name')).slice(0, 120) : '';
  const parsed = acceptWithNewAccountSchema.safeParse({ token: formData.get('token'), name: formData.get('name'), password: formData.get('password'), confirm: formData.get('confirm') });
  if (!parsed.success) {
    const { fieldErrors } = z.flattenError(parsed.error);
    return fieldErrors.token ? { error: fieldErrors.token[0], name } : { fieldErrors, name };
  }
  try {
    const session = await acceptInviteWithNewAccount(parsed.data, await getRequestMeta());
    await writeCookie(sessionCookieName(), session.token, session.expiresAt);
  } catch (error) {
    return { error: publicMessage(error, 'invite accept failed'), name };
  }
  redirect('/team');
}

/** The signed-in account, whose address the invite names, joins the team. */
export async function acceptInviteAsViewerAction(_prev: AcceptFormState, formData: FormData): Promise<AcceptFormState> {
  try {
    const viewer = await getViewer();
    if (!viewer) throw new AppError('UNAUTHENTICATED', 'Please sign in.');
    const token = formData.get('token');
    await acceptInviteAsViewer(viewer, typeof token === 'string' ? token : '', await getRequestMeta());
  } catch (error) {
    return { error: publicMessage(error, 'invite accept failed') };
  }
  redirect('/team');
}
