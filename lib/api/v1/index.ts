import 'server-only';
// Every /api/v1 operation. The OpenAPI document is built from this list and a unit test checks it against the
// route files under app/api/v1, so a route cannot ship undocumented.
import type { ApiRoute } from '../handler';
import { getBatchRoute, listBatchesRoute, listItemsRoute, uploadBatchRoute } from './batches';
import { createExportRoute, downloadExportRoute, getExportCardRoute, getExportRoute, listExportsRoute, listJudgmentsRoute } from './exports';
import { createFundingInvoiceRoute, getFundingInvoiceRoute } from './funding';
import { openApiRoute } from './meta';
import {
  closeProjectRoute, createProjectRoute, getProjectRoute, listProjectsRoute, pauseProjectRoute, publishProjectRoute, resumeProjectRoute, updateProjectRoute,
} from './projects';
import { getProjectStatsRoute } from './stats';
import { getTreeRoute } from './tree-detail';
import { uploadGoldReviewsRoute, uploadModelRepliesRoute, uploadSeedPromptsRoute } from './tree-uploads';
import { addModelRepliesRoute, createTreeRoute, exportOasstRoute, importOasstRoute, listTreesRoute } from './trees';
import { createWebhookRoute, deleteWebhookRoute, listWebhooksRoute } from './webhooks';

export const apiRoutes: ApiRoute[] = [
  listProjectsRoute, createProjectRoute, getProjectRoute, updateProjectRoute,
  publishProjectRoute, pauseProjectRoute, resumeProjectRoute, closeProjectRoute, getProjectStatsRoute,
  uploadBatchRoute, listBatchesRoute, getBatchRoute, listItemsRoute,
  listJudgmentsRoute, createExportRoute, listExportsRoute, getExportRoute, downloadExportRoute, getExportCardRoute,
  createFundingInvoiceRoute, getFundingInvoiceRoute,
  listWebhooksRoute, createWebhookRoute, deleteWebhookRoute,
  listTreesRoute, createTreeRoute, exportOasstRoute, importOasstRoute, addModelRepliesRoute,
  uploadSeedPromptsRoute, uploadModelRepliesRoute, uploadGoldReviewsRoute, getTreeRoute,
  openApiRoute,
];
