import { describe, expect, it } from 'vitest';
import { auditSearchSchema } from './schemas';

describe('auditSearchSchema', () => {
  it('refuses a From after To with a reason, instead of silently showing nothing', () => {
    const result = auditSearchSchema.safeParse({ from: '2026-12-07T10:00', to: '2026-12-01T10:00' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('From is after To: no entry can match.');
  });

  it('takes a range in order, one end alone, or none', () => {
    expect(auditSearchSchema.safeParse({ from: '2026-12-01T10:00', to: '2026-12-07T10:00' }).success).toBe(true);
    expect(auditSearchSchema.safeParse({ from: '2026-12-01T10:00', to: '' }).success).toBe(true);
    expect(auditSearchSchema.safeParse({}).success).toBe(true);
  });
});
