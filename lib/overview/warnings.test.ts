import { describe, expect, it } from 'vitest';
import { hourBuckets, overviewWarnings, type OverviewFacts } from './warnings';

const allWell: OverviewFacts = {
  smtpConfigured: true,
  outboxMessagesWaiting: 0,
  paperless: { configured: false, lastCheckOk: null, checkedAt: null },
  adminsWithoutSecondFactor: [],
  defaultPolicy: 'deny',
};

describe('overviewWarnings', () => {
  it('is empty when all is well', () => {
    expect(overviewWarnings(allWell)).toEqual([]);
  });
  it('warns about mail only without SMTP and with messages waiting', () => {
    expect(overviewWarnings({ ...allWell, smtpConfigured: false, outboxMessagesWaiting: 0 })).toEqual([]);
    expect(overviewWarnings({ ...allWell, smtpConfigured: true, outboxMessagesWaiting: 5 })).toEqual([]);
    const [w] = overviewWarnings({ ...allWell, smtpConfigured: false, outboxMessagesWaiting: 3 });
    expect(w).toMatchObject({ id: 'mail', href: '/admin/mail' });
    expect(w!.detail).toContain('3 messages there carry a link (password, sign-in or second-factor) that is still unused and valid');
    expect(overviewWarnings({ ...allWell, smtpConfigured: false, outboxMessagesWaiting: 1 })[0]!.detail).toContain(
      '1 message there carries a link (password, sign-in or second-factor) that is still unused and valid: its recipient is waiting for it.',
    );
  });
  it('warns about Paperless only when configured and the last check failed', () => {
    expect(overviewWarnings({ ...allWell, paperless: { configured: true, lastCheckOk: true, checkedAt: null } })).toEqual([]);
    expect(overviewWarnings({ ...allWell, paperless: { configured: true, lastCheckOk: null, checkedAt: null } })).toEqual([]);
    expect(overviewWarnings({ ...allWell, paperless: { configured: false, lastCheckOk: false, checkedAt: null } })).toEqual([]);
    expect(overviewWarnings({ ...allWell, paperless: { configured: true, lastCheckOk: false, checkedAt: '2025-01-01T10:00:00Z' } })[0]).toMatchObject({
      id: 'paperless',
      href: '/admin/paperless',
    });
  });
  it('names admins without a second factor and links to one', () => {
    const [one] = overviewWarnings({ ...allWell, adminsWithoutSecondFactor: ['root'] });
    expect(one).toMatchObject({ id: 'admin_2fa', href: '/admin/users?q=root' });
    const [many] = overviewWarnings({ ...allWell, adminsWithoutSecondFactor: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] });
    expect(many!.title).toContain('7 administrators');
    expect(many!.detail).toContain('and 2 more');
    expect(many!.href).toBe('/admin/users');
  });
  it('warns about a bypass default policy only', () => {
    expect(overviewWarnings({ ...allWell, defaultPolicy: 'one_factor' })).toEqual([]);
    expect(overviewWarnings({ ...allWell, defaultPolicy: 'bypass' })[0]).toMatchObject({ id: 'default_policy', href: '/admin/rules' });
  });
  it('lists every warning at once, in a fixed order', () => {
    const ids = overviewWarnings({
      smtpConfigured: false,
      outboxMessagesWaiting: 1,
      paperless: { configured: true, lastCheckOk: false, checkedAt: null },
      adminsWithoutSecondFactor: ['x'],
      defaultPolicy: 'bypass',
    }).map((w) => w.id);
    expect(ids).toEqual(['mail', 'paperless', 'admin_2fa', 'default_policy']);
  });
});

describe('hourBuckets', () => {
  it('gives 24 contiguous hours ending at the next full hour', () => {
    const buckets = hourBuckets(new Date('2025-01-01T10:20:00Z'));
    expect(buckets).toHaveLength(24);
    expect(buckets[23]!.end.toISOString()).toBe('2025-01-01T11:00:00.000Z');
    expect(buckets[0]!.start.toISOString()).toBe('2024-12-31T11:00:00.000Z');
    for (let i = 1; i < 24; i++) expect(buckets[i]!.start.getTime()).toBe(buckets[i - 1]!.end.getTime());
  });
});
