// Path parameters of the v1 routes: every id is a UUID; anything else answers 404 in the wrapper.
import { z } from 'zod';

export const projectParams = z.object({ projectId: z.uuid().describe('Project id') });
export const batchParams = z.object({ batchId: z.uuid().describe('Batch id') });
export const exportParams = z.object({ exportId: z.uuid().describe('Export id') });
export const invoiceParams = z.object({ invoiceId: z.uuid().describe('Funding invoice id') });
export const webhookParams = z.object({ webhookId: z.uuid().describe('Webhook id') });
