import 'server-only';
// /api/v1/projects...: thin adapters from the API wrapper to the PROJECTS service (lib/projects).
import { AppError } from '@/lib/errors';
import { closeProject } from '@/lib/projects/close';
import { createProjectInputSchema, listProjectsQuerySchema, projectDtoSchema, updateProjectInputSchema } from '@/lib/projects/schemas';
import { createProject, getProject, listProjects, setProjectStatus, updateProject } from '@/lib/projects/service';
import { assertTeamProject, type TeamActor } from '@/lib/teams/actor';
import { apiRoute } from '../handler';
import { pageOf } from '../schemas';
import { projectParams } from './params';

const project = { schema: projectDtoSchema, name: 'Project' } as const;

export const listProjectsRoute = apiRoute(
  {
    method: 'GET', path: '/projects', operationId: 'listProjects', tag: 'Projects', summary: 'List the team’s projects, newest first',
    query: listProjectsQuerySchema,
    response: { description: 'A page of projects', schema: pageOf(projectDtoSchema), name: 'ProjectPage' },
    errors: ['VALIDATION_FAILED', 'INVALID_INPUT'],
  },
  async ({ actor, query }) => listProjects(actor, query),
);

export const createProjectRoute = apiRoute(
  {
    method: 'POST', path: '/projects', operationId: 'createProject', tag: 'Projects', summary: 'Create a project (status DRAFT)',
    body: createProjectInputSchema, idempotent: true,
    response: { status: 201, description: 'The new project', ...project },
    errors: ['VALIDATION_FAILED', 'INVALID_INPUT', 'MALFORMED_JSON', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'IDEMPOTENCY_KEY_REUSED', 'IDEMPOTENCY_IN_PROGRESS'],
  },
  async ({ actor, body }) => createProject(actor, body),
);

export const getProjectRoute = apiRoute(
  {
    method: 'GET', path: '/projects/{projectId}', operationId: 'getProject', tag: 'Projects', summary: 'Get a project with item counts and escrow',
    params: projectParams, response: { description: 'The project', ...project }, errors: ['NOT_FOUND'],
  },
  async ({ actor, params }) => getProject(actor, params.projectId),
);

export const updateProjectRoute = apiRoute(
  {
    method: 'PATCH', path: '/projects/{projectId}', operationId: 'updateProject', tag: 'Projects',
    summary: 'Change some settings', description: 'Send only the fields to change. The task type cannot change once items exist.',
    params: projectParams, body: updateProjectInputSchema,
    response: { description: 'The updated project', ...project },
    errors: ['NOT_FOUND', 'VALIDATION_FAILED', 'INVALID_INPUT', 'INVALID_STATE', 'MALFORMED_JSON', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE'],
  },
  async ({ actor, params, body }) => updateProject(actor, params.projectId, body),
);

const statusErrors = ['NOT_FOUND', 'INVALID_STATE', 'IDEMPOTENCY_KEY_REUSED', 'IDEMPOTENCY_IN_PROGRESS'] as const;

function statusRoute(action: 'publish' | 'pause' | 'resume', status: 'ACTIVE' | 'PAUSED', summary: string) {
  return apiRoute(
    {
      method: 'POST', path: `/projects/{projectId}/${action}`, operationId: `${action}Project`, tag: 'Projects', summary,
      params: projectParams, idempotent: true, response: { description: 'The project', ...project }, errors: [...statusErrors],
    },
    async ({ actor, params }) => setProjectStatus(actor, params.projectId, status),
  );
}

export const publishProjectRoute = statusRoute('publish', 'ACTIVE', 'Publish a draft: workers start getting its items');
export const pauseProjectRoute = statusRoute('pause', 'PAUSED', 'Pause: no new work goes out');
export const resumeProjectRoute = statusRoute('resume', 'ACTIVE', 'Resume a paused project');

/**
 * closeProject checks membership of a user; an API key acts for the member who created it. A key whose creator
 * was deleted cannot close projects (the team closes them in the UI).
 */
async function closeProjectAs(actor: TeamActor, projectId: string) {
  await assertTeamProject(actor, projectId);
  if (!actor.userId) throw new AppError('FORBIDDEN', 'This key’s creator no longer exists; close the project in the app.');
  await closeProject({ userId: actor.userId }, projectId);
  return getProject(actor, projectId);
}

export const closeProjectRoute = apiRoute(
  {
    method: 'POST', path: '/projects/{projectId}/close', operationId: 'closeProject', tag: 'Projects',
    summary: 'Close for good and release unneeded escrow',
    description: 'Ends live tasks and returns the escrow that pending judgments cannot need to the team balance. Final.',
    params: projectParams, idempotent: true, response: { description: 'The closed project', ...project }, errors: [...statusErrors],
  },
  async ({ actor, params }) => closeProjectAs(actor, params.projectId),
);
