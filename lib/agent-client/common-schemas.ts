// Schemas shared by the item jobs (schemas.ts) and the conversation-tree jobs (tree-schemas.ts). Plain zod.
import { z } from 'zod';

export const MAX_INSTRUCTIONS_LENGTH = 20_000;
export const MAX_REWARD_SATS = 1_000_000;

// user@domain, as LUD-16 allows it (lowercase letters, digits and -_. in the name).
const LIGHTNING_ADDRESS = /^[a-z0-9\-_.]+@(?:[a-z0-9-]+\.)+[a-z]{2,}$/i;
// A bech32 LUD-01 link (lnurl1…, either case) or a LUD-17 scheme URL.
const LNURL = /^(?:lnurl1[02-9ac-hj-np-z]+|LNURL1[02-9AC-HJ-NP-Z]+|lnurlp:\/\/\S+)$/;

/**
 * Where unused sats go back (a cancelled or expired job, judgments rejected after the job closed): a Lightning
 * Address, or an LNURL-pay link (bech32 `lnurl1…` or `lnurlp://`). We pay to it, so it must be a link that
 * receives: an LNURL-withdraw link would take sats from its owner, not give them.
 */
export const refundDestinationSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('lightning_address'), address: z.string().max(320).regex(LIGHTNING_ADDRESS) }),
  z.object({ type: z.literal('lnurl'), lnurl: z.string().max(2048).regex(LNURL) }),
]);

export const MAX_DEADLINE_HOURS = 30 * 24;


// JSON cannot carry bigint: amounts travel as decimal strings (style M2) and become bigint msats here.
export const msatsSchema = z
  .string()
  .regex(/^(?:0|[1-9][0-9]{0,20})$/)
  .transform((text) => BigInt(text));

