// API key and pagination schemas shared by the keys page, the server and the OpenAPI document (style V2).
import { z } from 'zod';
import { hasNoNul, NUL_FIELD_MESSAGE } from '@/lib/http/nul';

export const apiKeyScopes = ['read', 'write'] as const;
export type ApiKeyScope = (typeof apiKeyScopes)[number];

export const createApiKeyInputSchema = z.object({
  name: z.string().trim().min(1, 'Give the key a name.').max(100, 'Keep the name under 100 characters.').refine(hasNoNul, NUL_FIELD_MESSAGE),
  // An empty list means every scope: keys made before scopes existed keep working.
  scopes: z.array(z.enum(apiKeyScopes)).min(1).max(2).optional(),
  expiresAt: z.coerce.date().refine((date) => date.getTime() > Date.now(), 'The expiry must be in the future.').optional(),
});
export type CreateApiKeyInput = z.input<typeof createApiKeyInputSchema>;

export type ApiKeyDto = {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  createdBy: string | null;
};

/** Query-string integer: the document shows it as a digit string, the handler gets a bounded number. */
export function queryInt(options: { min: number; max: number; default: number; description: string }) {
  return z
    .string()
    .regex(/^\d{1,9}$/, 'Must be a whole number.')
    .optional()
    .transform((value) => (value === undefined ? options.default : Number(value)))
    .pipe(z.number().int().min(options.min).max(options.max))
    .describe(`${options.description} (${options.min}–${options.max}, default ${options.default}).`);
}

export const queryBoolean = (description: string) =>
  z
    .enum(['true', 'false', '1', '0'])
    .optional()
    .transform((value) => value === 'true' || value === '1')
    .describe(description);

export const cursorQuery = z.string().min(1).max(500).optional().describe('Opaque cursor from the previous page’s `nextCursor`.');

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    data: z.array(item),
    nextCursor: z.string().nullable().describe('Pass as `cursor` to get the next page; null on the last page.'),
  });
