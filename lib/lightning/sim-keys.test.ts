import { decode as bolt11Decode } from 'bolt11';
import { describe, expect, it } from 'vitest';
import { linkingKeyFor } from '@/lib/wallet-sim/keys';
import { decodeInvoice } from './invoice';
import { BOLT11_NETWORKS, deriveSimNodeKey, signInvoice } from './sim-keys';

const SEED = '00'.repeat(31) + '01';
const input = {
  network: 'regtest' as const,
  amountMsats: 21_000n,
  paymentHash: 'ab'.repeat(32),
  paymentSecret: 'cd'.repeat(32),
  description: 'Boltwork earnings',
  expirySeconds: 600,
  timestamp: 1_760_000_000,
};

describe('deriveSimNodeKey', () => {
  it('gives each seed one stable key, apart from the LNURL-auth keys of the same seed', () => {
    const key = deriveSimNodeKey(SEED);
    expect(deriveSimNodeKey(SEED.toUpperCase())).toEqual(key);
    expect(key.publicKeyHex).toMatch(/^0[23][0-9a-f]{64}$/);
    expect(deriveSimNodeKey('42'.repeat(32)).publicKeyHex).not.toBe(key.publicKeyHex);
    expect(linkingKeyFor(SEED, '127.0.0.1').publicKeyHex).not.toBe(key.publicKeyHex);
    expect(() => deriveSimNodeKey('abc')).toThrow(TypeError);
  });
});

describe('signInvoice', () => {
  it('signs an invoice that both decoders read the same way', () => {
    const key = deriveSimNodeKey(SEED);
    const bolt11 = signInvoice(key, input);
    expect(bolt11.startsWith('lnbcrt210n1')).toBe(true);
    const ours = decodeInvoice(bolt11);
    expect(ours).toMatchObject({
      network: 'regtest',
      amountMsats: 21_000n,
      paymentHash: input.paymentHash,
      paymentSecret: input.paymentSecret,
      description: input.description,
      expirySeconds: 600,
      timestamp: input.timestamp,
      payeePubkey: key.publicKeyHex,
      minFinalCltvExpiryDelta: 18,
      featureBits: [9, 14, 17],
    });
    const reference = bolt11Decode(bolt11, BOLT11_NETWORKS.regtest);
    expect(reference.payeeNodeKey).toBe(key.publicKeyHex);
    expect(reference.millisatoshis).toBe('21000');
  });

  it('signs for signet with the tbs prefix bolt11 does not know by itself', () => {
    const bolt11 = signInvoice(deriveSimNodeKey(SEED), { ...input, network: 'signet' });
    expect(bolt11.startsWith('lntbs210n1')).toBe(true);
    expect(decodeInvoice(bolt11).network).toBe('signet');
  });

  it('refuses what no invoice can carry', () => {
    const key = deriveSimNodeKey(SEED);
    expect(() => signInvoice(key, { ...input, description: 'x'.repeat(640) })).toThrow(RangeError);
    expect(() => signInvoice(key, { ...input, expirySeconds: 0 })).toThrow(RangeError);
    expect(() => signInvoice(key, { ...input, amountMsats: 0n })).toThrow(RangeError);
  });
});
