import { describe, expect, it } from 'vitest';

import { checkTokenCaveat, formatTokenCaveats, readEffectiveCaveats } from './caveats';

const EXPIRES_AT = new Date('2030-01-01T00:00:00Z');
const CONTEXT = { now: new Date('2029-12-31T23:59:59Z'), endpoint: 'POST /api/agent/v1/jobs', judgments: 5 };

describe('formatTokenCaveats', () => {
  it('writes name=value caveats with expiry in whole unix seconds, rounded down', () => {
    const caveats = formatTokenCaveats({
      endpoint: 'POST /api/agent/v1/jobs',
      maxJudgments: 30,
      expiresAt: new Date(EXPIRES_AT.getTime() + 999),
    });
    expect(caveats).toEqual(['endpoint=POST /api/agent/v1/jobs', 'max_judgments=30', 'expires_at=1893456000']);
  });

  it('throws on values it could not read back', () => {
    const valid = { endpoint: 'GET /x', maxJudgments: 1, expiresAt: EXPIRES_AT };
    expect(() => formatTokenCaveats({ ...valid, endpoint: 'GET /x\n' })).toThrow(RangeError);
    expect(() => formatTokenCaveats({ ...valid, maxJudgments: 1.5 })).toThrow(RangeError);
    expect(() => formatTokenCaveats({ ...valid, maxJudgments: -1 })).toThrow(RangeError);
    expect(() => formatTokenCaveats({ ...valid, expiresAt: new Date(Number.NaN) })).toThrow(RangeError);
  });
});

describe('checkTokenCaveat', () => {
  it.each([
    ['endpoint=POST /api/agent/v1/jobs', true],
    ['endpoint=GET /api/agent/v1/jobs', 'wrong_endpoint'],
    ['max_judgments=5', true],
    ['max_judgments=4', 'caveat_exceeded'],
    ['expires_at=1893456000', true],
    ['expires_at=1893455999', 'expired'],
    ['max_judgments=010', 'malformed'],
    ['max_judgments=1e3', 'malformed'],
    ['max_judgments=', 'malformed'],
    ['expires_at=-1', 'malformed'],
    ['=5', 'malformed'],
    ['no separator', 'malformed'],
    ['admin=true', 'unknown_caveat'],
    ['services=judgments:0', 'unknown_caveat'],
  ])('%s → %s', (caveat, verdict) => {
    expect(checkTokenCaveat(caveat, CONTEXT)).toBe(verdict);
  });

  it('treats the expiry instant itself as expired', () => {
    expect(checkTokenCaveat('expires_at=1893456000', { ...CONTEXT, now: EXPIRES_AT })).toBe('expired');
  });
});

describe('readEffectiveCaveats', () => {
  it('takes the smallest max and the earliest expiry, whatever the order', () => {
    const caveats = [
      'endpoint=GET /x',
      'max_judgments=10',
      'expires_at=1893456000',
      'max_judgments=3',
      'expires_at=1893450000',
      'max_judgments=100',
      'expires_at=1993456000',
    ];
    expect(readEffectiveCaveats(caveats)).toEqual({
      endpoint: 'GET /x',
      maxJudgments: 3,
      expiresAt: new Date(1893450000 * 1000),
    });
  });

  it('returns null when a required caveat is missing, unreadable or contradictory', () => {
    expect(readEffectiveCaveats(['endpoint=GET /x', 'max_judgments=1'])).toBeNull();
    expect(readEffectiveCaveats(['endpoint=GET /x', 'max_judgments=1', 'expires_at=1', 'x=y'])).toBeNull();
    expect(readEffectiveCaveats(['endpoint=GET /x', 'endpoint=GET /y', 'max_judgments=1', 'expires_at=1'])).toBeNull();
  });
});
