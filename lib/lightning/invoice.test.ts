import { decode as bolt11Decode } from 'bolt11';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import vectorsJson from './__fixtures__/bolt11_vectors.json';
import { makeTestInvoice, replaceHrp, TEST_PAYMENT_HASH, TEST_PUBKEY } from './__fixtures__/test-invoices';
import type { LightningNetwork } from './backend';
import { checkPayoutInvoice, decodeInvoice, describeMsats, InvoiceError, type PayoutInvoiceRules } from './invoice';
import { BOLT11_NETWORKS } from './sim-keys';

const vectorSchema = z.object({
  invoice: z.string(),
  valid: z.boolean(),
  network: z.enum(['bitcoin', 'testnet']).optional(),
  msat: z.number().nullable().optional(),
  timestamp: z.number().optional(),
  payment_hash: z.string().optional(),
  payment_secret: z.string().optional(),
  description: z.string().optional(),
  description_hash: z.string().optional(),
  expiry_effective: z.number().optional(),
  min_final_cltv_expiry_delta: z.number().optional(),
  features_bits: z.array(z.number()).optional(),
  payee: z.string().optional(),
  why: z.string().optional(),
});
const vectors = z.array(vectorSchema).parse(vectorsJson);
const valid = vectors.filter((vector) => vector.valid);
const invalid = vectors.filter((vector) => !vector.valid);

const NOW = new Date();
const nowSeconds = Math.floor(NOW.getTime() / 1000);
const rules: PayoutInvoiceRules = { network: 'regtest', minMsats: 1_000n, maxMsats: 1_500_000n, now: NOW };
const check = (bolt11: string, overrides: Partial<PayoutInvoiceRules> = {}) =>
  checkPayoutInvoice(bolt11, { ...rules, ...overrides });
const reasonOf = (bolt11: string, overrides: Partial<PayoutInvoiceRules> = {}) => {
  const result = check(bolt11, overrides);
  return result.ok ? 'accepted' : result.reason;
};

describe('BOLT #11 spec vectors', () => {
  it('has the 16 valid and 10 invalid examples', () => {
    expect([valid.length, invalid.length]).toEqual([16, 10]);
  });

  it.each(valid.map((vector, index) => [index, vector] as const))('decodes valid example %i', (_, vector) => {
    const decoded = decodeInvoice(vector.invoice);
    expect(decoded.network).toBe(vector.network === 'bitcoin' ? 'mainnet' : 'testnet');
    expect(decoded.amountMsats).toBe(vector.msat == null ? null : BigInt(vector.msat));
    expect(decoded.timestamp).toBe(vector.timestamp);
    expect(decoded.paymentHash).toBe(vector.payment_hash);
    expect(decoded.paymentSecret).toBe(vector.payment_secret);
    expect(decoded.description).toBe(vector.description ?? null);
    expect(decoded.descriptionHash).toBe(vector.description_hash ?? null);
    expect(decoded.expirySeconds).toBe(vector.expiry_effective);
    expect(decoded.featureBits).toEqual(vector.features_bits);
    // The high-S example's payee is what libsecp256k1 (and eclair) recover; see the fixture's SOURCE.txt.
    expect(decoded.payeePubkey).toBe(vector.payee);
    if (vector.min_final_cltv_expiry_delta) {
      expect(decoded.minFinalCltvExpiryDelta).toBe(vector.min_final_cltv_expiry_delta);
    }
    expect(decoded.bolt11).toBe(vector.invoice.toLowerCase());
  });

  // Each one must be refused for the reason the spec gives, not merely refused.
  const expectedReasons: Record<string, string> = {
    'Same, but adding invalid unknown feature 100': 'The invoice requires feature 100, which we do not support.',
    'Bech32 checksum is invalid': 'The invoice checksum is wrong: it was mistyped or cut off.',
    'Malformed bech32 string (no 1)': 'This is not a valid BOLT11 invoice.',
    'Malformed bech32 string (mixed case)': 'The invoice mixes upper and lower case letters.',
    'Signature is not recoverable': 'The invoice signature is not valid.',
    'String is too short': 'The invoice is too short to be valid.',
    'Invalid multiplier': 'The invoice amount is malformed.',
    'Invalid sub-millisatoshi precision': 'The invoice amount has a fraction of a millisatoshi.',
    'Missing required `s` field': 'The invoice has no payment secret, which every payment needs.',
    "Non canonical signature (high-S) with 'n' field defined": 'The invoice signature is not valid.',
  };

  it.each(invalid.map((vector) => [vector.why, vector] as const))('refuses invalid example: %s', (why, vector) => {
    const expected = expectedReasons[why ?? ''];
    expect(expected).toBeDefined();
    expect(() => decodeInvoice(vector.invoice)).toThrow(new InvoiceError(expected));
    const result = checkPayoutInvoice(vector.invoice, { network: 'mainnet', minMsats: 0n, maxMsats: 10n ** 18n });
    expect(result).toEqual({ ok: false, reason: expected });
  });

  it('accepts each valid example with an amount at the time it was made', () => {
    for (const vector of valid.filter((v) => v.msat != null && v.timestamp)) {
      const network = vector.network === 'bitcoin' ? 'mainnet' : 'testnet';
      const at = new Date((vector.timestamp ?? 0) * 1000);
      const result = checkPayoutInvoice(vector.invoice, { network, minMsats: 0n, maxMsats: 10n ** 18n, now: at });
      expect(result.ok, vector.invoice).toBe(true);
    }
  });
});

describe('decodeInvoice on invoices signed by the bolt11 package', () => {
  it.each(['regtest', 'signet', 'testnet', 'mainnet'] as const)('reads %s invoices and their fields', (network) => {
    const bolt11 = makeTestInvoice({ network, amountMsats: 1_234_567n, expirySeconds: 600, description: 'héllo' });
    expect(bolt11.startsWith(`ln${BOLT11_NETWORKS[network].bech32}12345670p1`)).toBe(true);
    const decoded = decodeInvoice(bolt11);
    const reference = bolt11Decode(bolt11, BOLT11_NETWORKS[network]);
    expect(decoded).toMatchObject({
      network: network satisfies LightningNetwork,
      amountMsats: 1_234_567n,
      paymentHash: TEST_PAYMENT_HASH,
      description: 'héllo',
      expirySeconds: 600,
      payeePubkey: TEST_PUBKEY,
      timestamp: reference.timestamp,
    });
    expect(decoded.payeePubkey).toBe(reference.payeeNodeKey);
  });

  it('decodes case-insensitively but refuses mixed case', () => {
    const bolt11 = makeTestInvoice();
    expect(decodeInvoice(bolt11.toUpperCase()).paymentHash).toBe(TEST_PAYMENT_HASH);
    expect(reasonOf(bolt11.toUpperCase())).toBe('accepted');
    const mixed = bolt11.slice(0, 10).toUpperCase() + bolt11.slice(10);
    expect(reasonOf(mixed)).toBe('The invoice mixes upper and lower case letters.');
  });
});

describe('checkPayoutInvoice: one check at a time', () => {
  it('accepts a good invoice and returns its decoded fields', () => {
    const result = check(`  ${makeTestInvoice()}\n`);
    expect(result).toMatchObject({ ok: true, invoice: { amountMsats: 1_000_000n, paymentHash: TEST_PAYMENT_HASH } });
  });

  it('wants exactly one invoice, with nothing around it', () => {
    const one = makeTestInvoice();
    const single = 'Send exactly one BOLT11 invoice, with nothing around it.';
    expect(reasonOf(`${one},${one}`)).toBe(single);
    expect(reasonOf(`${one} ${one}`)).toBe(single);
    expect(reasonOf(`lightning:${one}`)).toBe(single);
    expect(reasonOf('')).toBe('No invoice was sent.');
  });

  it('bounds the length', () => {
    expect(reasonOf(`lnbcrt1${'q'.repeat(2100)}`)).toBe('The invoice is too long (at most 2,048 characters).');
  });

  it('refuses garbage and a bad checksum', () => {
    expect(reasonOf('hello')).toBe('This is not a valid BOLT11 invoice.');
    const bolt11 = makeTestInvoice();
    const typo = bolt11.slice(0, -3) + (bolt11.at(-3) === 'q' ? 'p' : 'q') + bolt11.slice(-2);
    expect(reasonOf(typo)).toBe('The invoice checksum is wrong: it was mistyped or cut off.');
  });

  it.each([
    ['signet', 'The invoice is for signet (lntbs) but we pay on regtest (lnbcrt).'],
    ['testnet', 'The invoice is for testnet (lntb) but we pay on regtest (lnbcrt).'],
    ['mainnet', 'The invoice is for mainnet (lnbc) but we pay on regtest (lnbcrt).'],
  ] as const)('refuses a %s invoice on regtest', (network, reason) => {
    expect(reasonOf(makeTestInvoice({ network }))).toBe(reason);
    expect(reasonOf(makeTestInvoice({ network }), { network })).toBe('accepted');
  });

  it('refuses an amountless invoice', () => {
    expect(reasonOf(makeTestInvoice({ amountMsats: null }))).toBe(
      'The invoice has no amount: create one for a specific amount.',
    );
  });

  it('compares the amount with the bounds in exact msats', () => {
    expect(reasonOf(makeTestInvoice({ amountMsats: 1_500_000n }))).toBe('accepted');
    expect(reasonOf(makeTestInvoice({ amountMsats: 1_500_001n }))).toBe(
      'Invoice is for 1,500.001 sats but this link allows at most 1,500 sats.',
    );
    expect(reasonOf(makeTestInvoice({ amountMsats: 2_000_000n }))).toBe(
      'Invoice is for 2,000 sats but this link allows at most 1,500 sats.',
    );
    expect(reasonOf(makeTestInvoice({ amountMsats: 1_000n }))).toBe('accepted');
    expect(reasonOf(makeTestInvoice({ amountMsats: 999n }))).toBe(
      'Invoice is for 0.999 sats but this link needs at least 1 sat.',
    );
    // Above 2^53 msats: a float comparison would call these equal.
    const big = 2n ** 60n;
    expect(reasonOf(makeTestInvoice({ amountMsats: big + 10n }), { maxMsats: big })).toMatch(/allows at most/);
  });

  it('requires a payment secret', () => {
    expect(reasonOf(makeTestInvoice({ paymentSecret: null }))).toBe(
      'The invoice has no payment secret, which every payment needs.',
    );
  });

  it('refuses an unknown required feature', () => {
    expect(reasonOf(makeTestInvoice({ extraFeatureBits: [100] }))).toBe(
      'The invoice requires feature 100, which we do not support.',
    );
    expect(reasonOf(makeTestInvoice({ extraFeatureBits: [101] }))).toBe('accepted');
  });

  it('refuses a timestamp in the future, allowing a minute of clock skew', () => {
    expect(reasonOf(makeTestInvoice({ timestamp: nowSeconds + 30 }))).toBe('accepted');
    expect(reasonOf(makeTestInvoice({ timestamp: nowSeconds + 120 }))).toBe(
      'The invoice is dated in the future: check the clock of your wallet.',
    );
  });

  it('wants at least a minute left before expiry, reading a missing expiry as 3600 s', () => {
    const expired = makeTestInvoice({ timestamp: nowSeconds - 700, expirySeconds: 600 });
    expect(reasonOf(expired)).toBe('The invoice has expired: create a new one.');
    const soon = makeTestInvoice({ timestamp: nowSeconds - 570, expirySeconds: 600 });
    expect(reasonOf(soon)).toBe('The invoice expires in 30 s: send one valid for at least 60 s.');
    expect(reasonOf(soon, { minSecondsLeft: 20 })).toBe('accepted');
    const noExpiry = makeTestInvoice({ timestamp: nowSeconds - 3500, expirySeconds: null });
    expect(decodeInvoice(noExpiry).expirySeconds).toBe(3600);
    expect(reasonOf(noExpiry)).toBe('accepted');
    expect(reasonOf(makeTestInvoice({ timestamp: nowSeconds - 3590, expirySeconds: null }))).toBe(
      'The invoice expires in 10 s: send one valid for at least 60 s.',
    );
  });

  it('recovers the payee from the signature and can insist on one', () => {
    const bolt11 = makeTestInvoice();
    expect(reasonOf(bolt11, { expectedPayee: TEST_PUBKEY })).toBe('accepted');
    expect(reasonOf(bolt11, { expectedPayee: TEST_PUBKEY.toUpperCase() })).toBe('accepted');
    expect(reasonOf(bolt11, { expectedPayee: `02${'ab'.repeat(32)}` })).toBe(
      'The invoice is not payable to the expected node.',
    );
  });

  it('sees through an amount changed after signing (the signature then names another payee)', () => {
    const bolt11 = makeTestInvoice({ amountMsats: 1_000_000n });
    const tampered = replaceHrp(bolt11, 'lnbcrt15u');
    const decoded = decodeInvoice(tampered);
    expect(decoded.amountMsats).toBe(1_500_000n);
    expect(decoded.payeePubkey).not.toBe(TEST_PUBKEY);
    expect(reasonOf(tampered, { expectedPayee: TEST_PUBKEY })).toBe('The invoice is not payable to the expected node.');
  });

  it('refuses a corrupted signature', () => {
    const bolt11 = makeTestInvoice();
    const lower = bolt11.toLowerCase();
    const separator = lower.lastIndexOf('1');
    // Set the recovery id to 31 (not 0..3): the last data word before the checksum.
    const corrupted = replaceHrp(`${lower.slice(0, -7)}l${lower.slice(-6)}`, lower.slice(0, separator));
    expect(reasonOf(corrupted)).toBe('The invoice signature is not valid.');
  });
});

describe('describeMsats', () => {
  it('shows whole sats like the ledger and keeps a fraction visible', () => {
    expect(describeMsats(1_500_000n)).toBe('1,500 sats');
    expect(describeMsats(1_000n)).toBe('1 sat');
    expect(describeMsats(1_500_500n)).toBe('1,500.5 sats');
    expect(describeMsats(1n)).toBe('0.001 sats');
  });
});
