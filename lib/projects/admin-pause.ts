// Isomorphic: the service refuses and the header explains with the same words.
// An admin pause is stored as PAUSED with the admin's reason in statusReason (lib/admin/projects.ts, reason required);
// a team pause always clears statusReason. So a PAUSED project with a reason was paused by an admin.
export function isAdminPaused(project: { status: string; statusReason: string | null }): boolean {
  return project.status === 'PAUSED' && project.statusReason !== null && project.statusReason.trim() !== '';
}

export const ADMIN_PAUSE_RESUME_MESSAGE =
  'An admin paused this project, so only an admin can resume it. Contact support if the reason no longer applies.';
