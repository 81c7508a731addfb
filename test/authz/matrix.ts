// The authorization matrix: every server action and route handler of the app, and who may call it. The discovery
// test (matrix-discovery.int.test.ts) fails when the source has an entry point that is not listed here, or when
// this list names one that no longer exists, so nothing ships unclassified. The area tests call each entry as each
// actor it refuses (with the owner's real ids) and check that nothing changed.
//
// Actors:
//   anonymous    no session, no API key
//   worker       the WORKER who owns the target (assignment, judgment, withdraw link, settings)
//   otherWorker  a different WORKER aiming at the first worker's target
//   teamMember   a REQUESTER with role MEMBER in the team that owns the target (for /api/v1: that team's write key)
//   teamOwner    an OWNER of that team (people management needs one; elsewhere an owner may do what a member may)
//   teamReader   a READ_ONLY member of that team: may read, may change nothing (no key on /api/v1)
//   otherTeam    an OWNER (or API key) of another team aiming at the first team's target
//   admin        a user with only the ADMIN role (not a team member, no worker profile)
//
// Access:
//   'allow'  may do it to the owner's target
//   'deny'   refused (401/403/404, AppError UNAUTHENTICATED/FORBIDDEN/NOT_FOUND or a sign-in redirect), nothing changes
//   'self'   may call it, but it takes no target id: it only ever acts on the caller's own data, and the owner's
//            data must stay unchanged
//   'public' anyone may call it by design (see `reason`)

export const actors = ['anonymous', 'worker', 'otherWorker', 'teamMember', 'teamOwner', 'teamReader', 'otherTeam', 'admin'] as const;
export type Actor = (typeof actors)[number];
export type Access = 'allow' | 'deny' | 'self' | 'public';

export type Area = 'worker' | 'team' | 'api-v1' | 'admin' | 'public';

export type MatrixEntry = {
  /** `<file>#<export>`: the module path from the repo root and the exported action or HTTP method. */
  id: string;
  area: Area;
  access: Record<Actor, Access>;
  /** Only works in demo mode (BOLTWORK_DEMO=1): outside it every caller is refused. */
  demoOnly?: boolean;
  /** Why an entry is public, or anything non-obvious about a column. */
  reason?: string;
};

/** An owner may do what a member may unless said otherwise; a read-only member is refused unless said otherwise (public stays public). */
const row = (
  anonymous: Access, worker: Access, otherWorker: Access, teamMember: Access, otherTeam: Access, admin: Access,
  roles: { teamOwner?: Access; teamReader?: Access } = {},
): Record<Actor, Access> => ({
  anonymous, worker, otherWorker, teamMember, otherTeam, admin, teamOwner: roles.teamOwner ?? teamMember, teamReader: roles.teamReader ?? (teamMember === 'public' ? 'public' : 'deny'),
});

/** Worker-owned targets: the owner may, every other actor is refused. */
const workerOwned = row('deny', 'allow', 'deny', 'deny', 'deny', 'deny');
/** Worker actions without a target id: any worker acts on themselves. */
const workerSelf = row('deny', 'allow', 'self', 'deny', 'deny', 'deny');
/** Team-owned targets: members of the owner team only. Admins are not team members and use the admin panel. */
const teamOwned = row('deny', 'deny', 'deny', 'allow', 'deny', 'deny');
/** Team reads (dashboards, deposit status, export downloads): read-only members too. */
const teamRead = row('deny', 'deny', 'deny', 'allow', 'deny', 'deny', { teamReader: 'allow' });
/** Team actions without a target id: any REQUESTER in a team acts for their own team. */
const teamSelf = row('deny', 'deny', 'deny', 'allow', 'self', 'deny');
/** People management (invite, roles, removal): owners of the team named in the form only. */
const teamOwnerOnly = row('deny', 'deny', 'deny', 'deny', 'deny', 'deny', { teamOwner: 'allow' });
/** /api/v1: only a key of the owner team; sessions are ignored, so workers and admins are anonymous there. */
const apiOwned = row('deny', 'deny', 'deny', 'allow', 'deny', 'deny');
/** /api/v1 without a target id (list/create): any valid key, acting on its own team. */
const apiSelf = row('deny', 'deny', 'deny', 'allow', 'self', 'deny');
const adminOnly = row('deny', 'deny', 'deny', 'deny', 'deny', 'allow');
const everyone = row('public', 'public', 'public', 'public', 'public', 'public');

const w = (id: string, access = workerOwned, extra: Partial<MatrixEntry> = {}): MatrixEntry => ({ id, area: 'worker', access, ...extra });
const t = (id: string, access = teamOwned, extra: Partial<MatrixEntry> = {}): MatrixEntry => ({ id, area: 'team', access, ...extra });
const v1 = (path: string, method: string, access = apiOwned): MatrixEntry => ({ id: `app/api/v1/${path}/route.ts#${method}`, area: 'api-v1', access });
const a = (id: string): MatrixEntry => ({ id, area: 'admin', access: adminOnly, reason: 'covered by test/authz/admin-access.int.test.ts' });
const p = (id: string, reason: string, extra: Partial<MatrixEntry> = {}): MatrixEntry => ({ id, area: 'public', access: everyone, reason, ...extra });

const demoReason = 'demo mode only; outside it every caller is refused';

export const matrix: MatrixEntry[] = [
  // Worker server actions (session, WORKER role, own worker profile).
  w('lib/workers/actions.ts#startProjectAction', workerSelf, { reason: 'claims the next item for the caller; takes a project id, not an owned target' }),
  w('lib/workers/actions.ts#submitAnswerAction'),
  w('lib/workers/actions.ts#advanceTaskAction'),
  w('lib/workers/actions.ts#prefetchTaskAction', workerSelf, { reason: 'leases the next item for the caller; its ids only say which task is on the caller’s screen' }),
  w('lib/workers/actions.ts#setLocaleAction', workerSelf),
  w('lib/judgments/actions.ts#appealJudgmentAction'),
  w('lib/trees/actions.ts#reportTreeMessageAction'),
  w('lib/payouts/actions.ts#createWithdrawLinkAction', workerSelf),
  w('lib/payouts/actions.ts#getWithdrawStatusAction'),
  w('lib/payouts/actions.ts#saveLightningAddressAction', workerSelf),
  w('lib/payouts/actions.ts#withdrawWithDemoWalletAction', workerSelf, {
    demoOnly: true,
    reason: `${demoReason}; the LNURL it takes is a bearer capability by protocol (LUD-03), paid to the demo wallet`,
  }),

  // Team server actions (session, REQUESTER role, member of the owner team).
  t('lib/projects/actions.ts#createProjectAction', teamSelf),
  t('lib/projects/actions.ts#updateProjectAction'),
  t('lib/projects/actions.ts#setProjectStatusAction'),
  t('lib/projects/actions.ts#closeProjectAction'),
  t('lib/exports/actions.ts#createExportAction'),
  t('lib/api/actions.ts#createApiKeyAction', teamSelf),
  t('lib/api/actions.ts#revokeApiKeyAction'),
  t('lib/funding/actions.ts#createDepositAction'),
  t('lib/funding/actions.ts#getDepositStatusAction', teamRead),
  t('lib/funding/actions.ts#payDepositWithDemoWalletAction', teamOwned, { demoOnly: true, reason: demoReason }),
  t('lib/webhooks/actions.ts#createWebhookAction', teamSelf),
  t('lib/webhooks/actions.ts#setWebhookActiveAction'),
  t('lib/webhooks/actions.ts#deleteWebhookAction'),
  t('lib/webhooks/actions.ts#sendTestEventAction'),
  t('lib/teams/actions.ts#inviteMemberAction', teamOwnerOnly),
  t('lib/teams/actions.ts#changeMemberRoleAction', teamOwnerOnly),
  t('lib/teams/actions.ts#removeMemberAction', teamOwnerOnly),
  t('lib/teams/actions.ts#revokeInviteAction', teamOwnerOnly),
  // Team route handlers (session cookie).
  t('app/api/team/exports/[exportId]/route.ts#GET', teamRead),
  t('app/api/team/projects/[projectId]/batches/route.ts#POST'),
  t('app/api/team/projects/[projectId]/tree-uploads/route.ts#POST'),

  // Team API (Bearer API key).
  v1('projects', 'GET', apiSelf),
  v1('projects', 'POST', apiSelf),
  v1('projects/[projectId]', 'GET'),
  v1('projects/[projectId]', 'PATCH'),
  v1('projects/[projectId]/publish', 'POST'),
  v1('projects/[projectId]/pause', 'POST'),
  v1('projects/[projectId]/resume', 'POST'),
  v1('projects/[projectId]/close', 'POST'),
  v1('projects/[projectId]/stats', 'GET'),
  v1('projects/[projectId]/batches', 'GET'),
  v1('projects/[projectId]/batches', 'POST'),
  v1('projects/[projectId]/items', 'GET'),
  v1('projects/[projectId]/judgments', 'GET'),
  v1('projects/[projectId]/exports', 'GET'),
  v1('projects/[projectId]/exports', 'POST'),
  v1('projects/[projectId]/funding-invoices', 'POST'),
  v1('projects/[projectId]/trees', 'GET'),
  v1('projects/[projectId]/trees', 'POST'),
  v1('projects/[projectId]/trees/oasst', 'GET'),
  v1('projects/[projectId]/trees/oasst', 'POST'),
  v1('projects/[projectId]/trees/[treeId]/model-replies', 'POST'),
  v1('projects/[projectId]/trees/[treeId]', 'GET'),
  v1('projects/[projectId]/trees/seeds', 'POST'),
  v1('projects/[projectId]/trees/model-replies', 'POST'),
  v1('projects/[projectId]/trees/gold-reviews', 'POST'),
  v1('batches/[batchId]', 'GET'),
  v1('exports/[exportId]', 'GET'),
  v1('exports/[exportId]/card', 'GET'),
  v1('exports/[exportId]/download', 'GET'),
  v1('funding-invoices/[invoiceId]', 'GET'),
  v1('webhooks', 'GET', apiSelf),
  v1('webhooks', 'POST', apiSelf),
  v1('webhooks/[webhookId]', 'DELETE'),
  { id: 'app/api/v1/openapi.json/route.ts#GET', area: 'public', access: everyone, reason: 'the API description is public (spec auth: false)' },

  // Admin (session, ADMIN role).
  a('lib/admin/actions.ts#setProjectStatusAsAdminAction'),
  a('lib/admin/actions.ts#retryAgentRefundAction'),
  a('lib/admin/actions.ts#createTeamAction'),
  a('lib/admin/actions.ts#inviteTeamOwnerAction'),
  a('lib/judgments/actions.ts#approveJudgmentAction'),
  a('lib/judgments/actions.ts#rejectJudgmentAction'),
  a('lib/judgments/actions.ts#bulkApproveAction'),
  a('lib/judgments/actions.ts#resolveAppealAction'),
  a('lib/fraud/actions.ts#pauseWorkerAction'),
  a('lib/fraud/actions.ts#banWorkerAction'),
  a('lib/fraud/actions.ts#clearWorkerFlagsAction'),
  a('lib/fraud/actions.ts#reactivateWorkerAction'),
  a('lib/payouts/actions.ts#setPayoutsPausedAction'),
  a('app/(admin)/admin/audit/export/route.ts#GET'),

  // Public by design.
  p('lib/auth/actions.ts#signInWithPasswordAction', 'sign-in: needs the staff password'),
  p('lib/auth/password-reset-actions.ts#requestPasswordResetAction', 'forgot password: mails a link to the address asked for, if it is staff; answers the same for every address'),
  p('lib/auth/password-reset-actions.ts#resetPasswordAction', 'needs the single-use token from the mailed link'),
  p('lib/teams/invite-actions.ts#acceptInviteWithNewAccountAction', 'needs the single-use token from the mailed invite; makes an account only for the invited address'),
  p('lib/teams/invite-actions.ts#acceptInviteAsViewerAction', 'needs the single-use token from the mailed invite and a session of the account with the invited address'),
  p('lib/auth/actions.ts#startWalletLoginAction', 'sign-in: starts an LNURL-auth challenge bound to a cookie'),
  p('lib/auth/actions.ts#claimWalletLoginAction', 'sign-in: binds a pending challenge to the browser holding its id, which only the page that rendered it carries'),
  p('lib/auth/actions.ts#pollWalletLoginAction', 'sign-in: only the browser holding the challenge cookie gets the session'),
  p('lib/auth/actions.ts#signOutAction', 'signs out the caller’s own session only'),
  p('lib/auth/actions.ts#signInWithDemoWalletAction', `sign-in; ${demoReason}`, { demoOnly: true }),
  p('lib/auth/actions.ts#devSignInAction', `dev sign-in as the seeded demo users; ${demoReason}`, { demoOnly: true }),
  p('lib/wallet-sim/actions.ts#runWalletSimAction', `the dev page's simulated wallet, towards our own origin only; ${demoReason}`, { demoOnly: true }),
  p('app/api/health/route.ts#GET', 'load balancer health check: says only whether the database answers'),
  p('app/api/lnurl/auth/route.ts#GET', 'LUD-04: wallets call it without a session; the signed k1 challenge is the credential'),
  p('app/api/lnurl/withdraw/route.ts#GET', 'LUD-03: wallets call it without a session; the secret k1 (only its hash is stored) is the credential'),
  p('app/api/lnurl/withdraw/callback/route.ts#GET', 'LUD-03: as above; a k1 is claimed once, so replay and guessing fail'),
  p('app/api/demo/lnurlp/route.ts#GET', `the wallet simulator's LNURL-pay link (a refund destination for agents trying the API); ${demoReason}`, { demoOnly: true }),
  p('app/api/demo/lnurlp/callback/route.ts#GET', `as above: an invoice from the wallet simulator's node; ${demoReason}`, { demoOnly: true }),
  p('app/api/agent/v1/openapi.json/route.ts#GET', 'agent API: its OpenAPI description is public'),
  p('app/api/agent/v1/quote/route.ts#POST', 'agent API: a free price quote; reads nothing private (test/agents)'),
  p('app/api/agent/v1/jobs/route.ts#POST', 'agent API: without a paid L402 token it only answers 402 with an invoice; a token creates one job (test/agents)'),
  p('app/api/agent/v1/jobs/[jobId]/route.ts#GET', 'agent API: the L402 token that created the job is the credential, and reads only that job (test/agents)'),
  p('app/api/agent/v1/jobs/[jobId]/route.ts#DELETE', 'agent API: as above; cancels only the job its token created (test/agents)'),
  p('app/api/agent/v1/jobs/[jobId]/results/route.ts#GET', 'agent API: as above (test/agents)'),
];

export const matrixById = new Map(matrix.map((entry) => [entry.id, entry]));

export function entriesOf(area: Area): MatrixEntry[] {
  return matrix.filter((entry) => entry.area === area);
}
