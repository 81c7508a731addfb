import 'server-only';
// Project CRUD and status changes for a team (UI actions and the team API share these). Every change is audited in
// the transaction that makes it; a project of another team is reported as missing.
import { TRANSACTION_OPTIONS } from '@/lib/assignment/transaction';
import { recordAudit } from '@/lib/audit/record';
import { db, Prisma, type Tx } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { ADMIN_PAUSE_RESUME_MESSAGE, isAdminPaused } from './admin-pause';
import type { ProjectStatus } from '@/lib/generated/prisma/enums';
import { accountKey } from '@/lib/ledger/accounts';
import { msatsToSats, satsToMsats } from '@/lib/ledger/money';
import { parseQualityRules } from '@/lib/quality/rules';
import { defaultTypeConfig, parseTypeConfig } from '@/lib/tasks';
import { auditActorOf, type TeamActor } from '@/lib/teams/actor';
import { parseTreeConfig, toStoredTreeConfig } from '@/lib/trees/config';
import { toTreeSettingsDto } from '@/lib/trees/settings';
import { startMissingWorkerTrees } from '@/lib/trees/start';
import {
  createProjectInputSchema,
  projectSettingsSchema,
  treeProjectSettingsSchema,
  updateProjectInputSchema,
  type ProjectDto,
  type ProjectSettings,
} from './schemas';
import { loadTreeCounts, maxOpenItemRewardMsats, newTreeConfig, treeConfigAfterPatch, treeProjectColumns, newTreeQualityRules } from './tree-project';

const projectSelect = {
  id: true,
  teamId: true,
  title: true,
  instructions: true,
  taskType: true,
  typeConfig: true,
  rewardMsats: true,
  feeBps: true,
  judgmentsPerItem: true,
  maxJudgmentsPerItem: true,
  agreementThreshold: true,
  goldRatio: true,
  minSeconds: true,
  estimatedSeconds: true,
  leaseSeconds: true,
  examGoldCount: true,
  examPassCount: true,
  autoApproveAfterSeconds: true,
  license: true,
  budgetAlertMsats: true,
  qualityRules: true,
  treeConfig: true,
  status: true,
  statusReason: true,
  createdAt: true,
  updatedAt: true,
  closedAt: true,
} satisfies Prisma.ProjectSelect;
type ProjectRow = Prisma.ProjectGetPayload<{ select: typeof projectSelect }>;
type ItemCounts = ProjectDto['items'];
type PlainSettings = Omit<ProjectSettings, 'treeConfig'>;

/** The stored row as settings (sats, hours): what the form edits and what the audit log records (treeConfig apart). */
function toSettings(row: ProjectRow): Required<PlainSettings> {
  return {
    title: row.title,
    instructions: row.instructions,
    taskType: row.taskType,
    typeConfig: row.typeConfig,
    rewardSats: Number(msatsToSats(row.rewardMsats)),
    judgmentsPerItem: row.judgmentsPerItem,
    maxJudgmentsPerItem: row.maxJudgmentsPerItem,
    agreementThreshold: row.agreementThreshold,
    goldRatio: row.goldRatio,
    minSeconds: row.minSeconds,
    estimatedSeconds: row.estimatedSeconds,
    leaseSeconds: row.leaseSeconds,
    examGoldCount: row.examGoldCount,
    examPassCount: row.examPassCount,
    autoApproveAfterHours: row.autoApproveAfterSeconds === null ? null : row.autoApproveAfterSeconds / 3600,
    license: row.license,
    budgetAlertSats: row.budgetAlertMsats === null ? null : Number(msatsToSats(row.budgetAlertMsats)),
    qualityRules: parseQualityRules(row.qualityRules),
  };
}

function toColumns(settings: Partial<ProjectSettings>): Prisma.ProjectUncheckedUpdateInput {
  const { rewardSats, autoApproveAfterHours, budgetAlertSats, typeConfig, license, qualityRules, treeConfig: _tree, ...rest } = settings;
  const data: Prisma.ProjectUncheckedUpdateInput = { ...rest };
  if (qualityRules !== undefined) data.qualityRules = qualityRules as Prisma.InputJsonValue;
  if (typeConfig !== undefined) data.typeConfig = typeConfig as Prisma.InputJsonValue;
  if (rewardSats !== undefined) data.rewardMsats = satsToMsats(rewardSats);
  if (autoApproveAfterHours !== undefined) data.autoApproveAfterSeconds = autoApproveAfterHours === null ? null : Math.round(autoApproveAfterHours * 3600);
  if (budgetAlertSats !== undefined) data.budgetAlertMsats = budgetAlertSats === null ? null : satsToMsats(budgetAlertSats);
  if (license !== undefined) data.license = license || null;
  return data;
}

function toDto(row: ProjectRow, items: ItemCounts, escrowMsats: bigint, trees: ProjectDto['trees']): ProjectDto {
  const { teamId: _teamId, rewardMsats: _r, autoApproveAfterSeconds: _a, budgetAlertMsats: _b, treeConfig, ...rest } = row;
  const isTree = treeConfig !== null;
  const settings = toSettings(row);
  return {
    ...rest,
    rewardSats: settings.rewardSats,
    autoApproveAfterHours: settings.autoApproveAfterHours,
    budgetAlertSats: settings.budgetAlertSats,
    qualityRules: settings.qualityRules,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    closedAt: row.closedAt?.toISOString() ?? null,
    items,
    treeConfig: isTree ? toTreeSettingsDto(parseTreeConfig(treeConfig)) : null,
    trees: isTree ? (trees ?? { GROWING: 0, RANKING: 0, READY: 0, ABORTED: 0, HALTED: 0 }) : null,
    escrowSats: Number(msatsToSats(escrowMsats)),
  };
}

async function loadItemCounts(tx: Tx | typeof db, projectIds: string[]): Promise<Map<string, ItemCounts>> {
  const groups = await tx.item.groupBy({ by: ['projectId', 'status', 'isGold'], where: { projectId: { in: projectIds } }, _count: { _all: true } });
  const counts = new Map(projectIds.map((id) => [id, { total: 0, done: 0, open: 0, gold: 0 }]));
  for (const group of groups) {
    const entry = counts.get(group.projectId)!;
    const n = group._count._all;
    entry.total += n;
    if (group.isGold) entry.gold += n;
    else if (group.status === 'DONE') entry.done += n;
    else if (group.status === 'OPEN') entry.open += n;
  }
  return counts;
}

async function loadEscrows(tx: Tx | typeof db, rows: { id: string; teamId: string }[]): Promise<Map<string, bigint>> {
  const keys = rows.map((row) => accountKey({ kind: 'PROJECT_ESCROW', teamId: row.teamId, projectId: row.id }));
  const accounts = await tx.ledgerAccount.findMany({ where: { key: { in: keys } }, select: { projectId: true, balanceMsats: true } });
  return new Map(accounts.map((account) => [account.projectId!, account.balanceMsats]));
}

async function toDtos(tx: Tx | typeof db, rows: ProjectRow[]): Promise<ProjectDto[]> {
  const ids = rows.map((row) => row.id);
  const treeIds = rows.filter((row) => row.treeConfig !== null).map((row) => row.id);
  const [counts, escrows, trees] = await Promise.all([loadItemCounts(tx, ids), loadEscrows(tx, rows), loadTreeCounts(tx, treeIds)]);
  return rows.map((row) => toDto(row, counts.get(row.id)!, escrows.get(row.id) ?? 0n, trees.get(row.id) ?? null));
}

/** The project of the actor's team, locked for the rest of the transaction; NOT_FOUND otherwise. */
async function lockProject(tx: Tx, actor: TeamActor, projectId: string): Promise<ProjectRow> {
  const locked = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "Project" WHERE id = ${projectId}::uuid AND "teamId" = ${actor.teamId}::uuid FOR UPDATE`;
  if (locked.length === 0) throw new AppError('NOT_FOUND', 'Project not found.');
  return tx.project.findUniqueOrThrow({ where: { id: projectId }, select: projectSelect });
}

const isUuid = (value: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

function assertProjectId(projectId: string): void {
  // A malformed id is simply a project that does not exist (and must not reach a ::uuid cast).
  if (!isUuid(projectId)) throw new AppError('NOT_FOUND', 'Project not found.');
}

export async function createProject(actor: TeamActor, input: unknown): Promise<ProjectDto> {
  const settings = createProjectInputSchema.parse(input);
  const tree = settings.treeConfig ? newTreeConfig(settings.treeConfig) : null;
  // Stored with every default spelled out, so later reads never depend on schema defaults.
  const typeConfig = tree ? undefined : parseTypeConfig(settings.taskType, settings.typeConfig);
  return db.$transaction(async (tx) => {
    const row = await tx.project.create({
      data: {
        ...(toColumns({ ...settings, typeConfig }) as Prisma.ProjectUncheckedCreateInput),
        maxJudgmentsPerItem: settings.maxJudgmentsPerItem ?? null,
        teamId: actor.teamId,
        taskType: settings.taskType,
        createdById: actor.userId,
        status: 'DRAFT',
        ...(tree ? { ...treeProjectColumns(tree), qualityRules: newTreeQualityRules(settings.qualityRules) } : {}),
      } as Prisma.ProjectUncheckedCreateInput,
      select: projectSelect,
    });
    const after = { ...toSettings(row), treeConfig: row.treeConfig };
    await recordAudit({ actor: auditActorOf(actor), action: 'project.create', targetType: 'Project', targetId: row.id, after: after as Prisma.InputJsonValue }, tx);
    return (await toDtos(tx, [row]))[0];
  });
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export async function updateProject(actor: TeamActor, projectId: string, input: unknown): Promise<ProjectDto> {
  assertProjectId(projectId);
  const patch = updateProjectInputSchema.parse(input);
  return db.$transaction(async (tx) => {
    const row = await lockProject(tx, actor, projectId);
    if (row.status === 'DONE') throw new AppError('INVALID_STATE', 'This project is closed; its settings can no longer change.');
    const tree = await treeConfigAfterPatch(tx, row, patch);
    const treeColumns = tree ? treeProjectColumns(tree, await maxOpenItemRewardMsats(tx, projectId)) : null;
    const current = toSettings(row);
    // A tree project's derived settings come from its tree settings, not from the patch (which may not set them).
    const plainPatch = treeColumns
      ? { ...patch, ...treeColumns, typeConfig: treeColumns.typeConfig, rewardSats: Number(msatsToSats(treeColumns.rewardMsats)), treeConfig: undefined }
      : { ...patch, treeConfig: undefined };
    const typeChanged = plainPatch.taskType !== undefined && plainPatch.taskType !== row.taskType;
    // A new type without a config starts from that type's defaults (the old config means nothing to it).
    const nextConfig = plainPatch.typeConfig ?? (typeChanged ? defaultTypeConfig[plainPatch.taskType!] : current.typeConfig);
    const merged = (treeColumns ? treeProjectSettingsSchema : projectSettingsSchema).parse({ ...current, ...plainPatch, typeConfig: nextConfig });
    const parsedConfig = parseTypeConfig(merged.taskType, merged.typeConfig);
    const configChanged = typeChanged || !sameJson(parsedConfig, parseTypeConfig(row.taskType, row.typeConfig));

    if (typeChanged && (await tx.item.count({ where: { projectId } })) > 0) {
      throw new AppError('INVALID_STATE', 'The task type cannot change once items are uploaded.');
    }
    if (configChanged && (await tx.judgment.count({ where: { projectId } })) > 0) {
      throw new AppError('INVALID_STATE', 'The task options cannot change once workers have answered.');
    }

    const next: Record<string, unknown> = { ...merged, typeConfig: parsedConfig, treeConfig: treeColumns?.treeConfig ?? null };
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    const currentWithTree: Record<string, unknown> = { ...current, treeConfig: row.treeConfig };
    for (const [key, value] of Object.entries(next)) {
      const old = currentWithTree[key];
      if (key === 'typeConfig' ? configChanged : !sameJson(old ?? null, value ?? null)) {
        before[key] = old ?? null;
        after[key] = value ?? null;
      }
    }
    const rewardMsatsChanged = treeColumns !== null && treeColumns.rewardMsats !== row.rewardMsats;
    if (Object.keys(after).length === 0 && !rewardMsatsChanged) return (await toDtos(tx, [row]))[0];
    const data = toColumns(after as Partial<ProjectSettings>);
    if (treeColumns) data.rewardMsats = treeColumns.rewardMsats;
    if ('treeConfig' in after) data.treeConfig = treeColumns?.treeConfig ?? Prisma.DbNull;
    const updated = await tx.project.update({ where: { id: projectId }, data, select: projectSelect });
    // Raising the number of trees while the project runs starts them now (a draft starts them when published).
    if (tree && updated.status !== 'DRAFT') await startMissingWorkerTrees(tx, projectId, tree);
    await recordAudit({ actor: auditActorOf(actor), action: 'project.update', targetType: 'Project', targetId: projectId, before: before as Prisma.InputJsonValue, after: after as Prisma.InputJsonValue }, tx);
    return (await toDtos(tx, [updated]))[0];
  }, TRANSACTION_OPTIONS);
}

/** Which states each target may be reached from; DONE is final and only closeProject reaches it. */
const allowedFrom: Record<'ACTIVE' | 'PAUSED', ProjectStatus[]> = { ACTIVE: ['DRAFT', 'PAUSED'], PAUSED: ['ACTIVE'] };

/** Publish (DRAFT→ACTIVE), pause (ACTIVE→PAUSED) or resume (PAUSED→ACTIVE). Asking for the current status is a no-op. */
export async function setProjectStatus(actor: TeamActor, projectId: string, status: 'ACTIVE' | 'PAUSED'): Promise<ProjectDto> {
  assertProjectId(projectId);
  if (status !== 'ACTIVE' && status !== 'PAUSED') throw new AppError('INVALID_INPUT', 'Status must be ACTIVE or PAUSED.');
  return db.$transaction(async (tx) => {
    const row = await lockProject(tx, actor, projectId);
    if (row.status === status) return (await toDtos(tx, [row]))[0];
    if (row.status === 'DONE') throw new AppError('INVALID_STATE', 'This project is closed.');
    // The team must not lift a pause an admin put on (fraud, bad instructions...): only lib/admin resumes it.
    if (isAdminPaused(row)) throw new AppError('FORBIDDEN', ADMIN_PAUSE_RESUME_MESSAGE);
    if (!allowedFrom[status].includes(row.status)) {
      throw new AppError('INVALID_STATE', `A ${row.status.toLowerCase()} project cannot be ${status === 'PAUSED' ? 'paused' : 'activated'}.`);
    }
    // A tree project starts the trees grown from workers' prompts as it goes live (none twice: the row is locked).
    if (row.status === 'DRAFT' && row.treeConfig !== null) await startMissingWorkerTrees(tx, projectId, parseTreeConfig(row.treeConfig));
    if (row.status === 'DRAFT') {
      const workItems = await tx.item.count({ where: { projectId, isGold: false, status: { not: 'CANCELLED' } } });
      if (workItems === 0) {
        throw new AppError('INVALID_STATE', row.treeConfig !== null ? 'Set how many trees to start, or add seed prompts, before publishing.' : 'Upload at least one item before publishing.');
      }
    }
    const updated = await tx.project.update({ where: { id: projectId }, data: { status, statusReason: null }, select: projectSelect });
    const action = row.status === 'DRAFT' ? 'project.publish' : status === 'PAUSED' ? 'project.pause' : 'project.resume';
    await recordAudit({ actor: auditActorOf(actor), action, targetType: 'Project', targetId: projectId, before: { status: row.status }, after: { status } }, tx);
    return (await toDtos(tx, [updated]))[0];
  }, TRANSACTION_OPTIONS);
}

export async function getProject(actor: TeamActor, projectId: string): Promise<ProjectDto> {
  assertProjectId(projectId);
  const row = await db.project.findFirst({ where: { id: projectId, teamId: actor.teamId }, select: projectSelect });
  if (!row) throw new AppError('NOT_FOUND', 'Project not found.');
  return (await toDtos(db, [row]))[0];
}

/** The team's projects, newest first. Ids are UUIDv7 (time-ordered), so the last id is the cursor. */
export async function listProjects(actor: TeamActor, options: { cursor?: string | null; limit: number }): Promise<{ data: ProjectDto[]; nextCursor: string | null }> {
  const limit = Math.min(Math.max(Math.trunc(options.limit) || 20, 1), 100);
  if (options.cursor && !isUuid(options.cursor)) throw new AppError('INVALID_INPUT', 'Invalid cursor.');
  const rows = await db.project.findMany({
    where: { teamId: actor.teamId, ...(options.cursor ? { id: { lt: options.cursor } } : {}) },
    orderBy: { id: 'desc' },
    take: limit + 1,
    select: projectSelect,
  });
  const page = rows.slice(0, limit);
  return { data: await toDtos(db, page), nextCursor: rows.length > limit ? page[page.length - 1].id : null };
}

/** What the settings form must keep fixed: the task type once items exist, its options once workers answered, a tree's shape once trees exist. */
export async function getProjectEditLocks(actor: TeamActor, projectId: string): Promise<{ taskTypeLocked: boolean; typeConfigLocked: boolean; treeShapeLocked: boolean }> {
  assertProjectId(projectId);
  const project = await db.project.findFirst({ where: { id: projectId, teamId: actor.teamId }, select: { id: true } });
  if (!project) throw new AppError('NOT_FOUND', 'Project not found.');
  const [item, judgment, tree] = await Promise.all([
    db.item.findFirst({ where: { projectId }, select: { id: true } }),
    db.judgment.findFirst({ where: { projectId }, select: { id: true } }),
    db.conversationTree.findFirst({ where: { projectId }, select: { id: true } }),
  ]);
  return { taskTypeLocked: item !== null, typeConfigLocked: judgment !== null, treeShapeLocked: tree !== null };
}
