import { describe, expect, it } from 'vitest';
import { countedEvent } from './audit-labels';

describe('countedEvent', () => {
  it('counts sign-ins, second factors, bans and lifts with bounded labels', () => {
    expect(countedEvent({ type: 'auth.sign_in', outcome: 'failure', data: { method: 'password', reason: 'wrong_password', login: 'anna' } })).toEqual({
      metric: 'sign_in',
      labels: { method: 'password', outcome: 'failure' },
    });
    expect(countedEvent({ type: 'auth.second_factor', outcome: 'success', data: { method: 'totp' } })?.labels).toEqual({ method: 'totp', outcome: 'success' });
    expect(countedEvent({ type: 'regulation.banned', outcome: 'failure', data: { subject: 'address', address: '203.0.113.9' } })).toEqual({
      metric: 'ban',
      labels: { subject: 'address' },
    });
    expect(countedEvent({ type: 'regulation.lifted', outcome: 'success', data: undefined })).toEqual({ metric: 'ban_lifted', labels: {} });
  });

  it('never copies a value it does not know into a label', () => {
    const labels = (event: Parameters<typeof countedEvent>[0]) => countedEvent(event)?.labels as Record<string, string> | undefined;
    expect(labels({ type: 'auth.sign_in', outcome: 'success', data: { method: 'anna@example.com' } })?.method).toBe('other');
    expect(labels({ type: 'auth.sign_in', outcome: 'success', data: undefined })?.method).toBe('other');
    expect(labels({ type: 'auth.second_factor', outcome: 'failure', data: { method: 42 } })?.method).toBe('other');
    expect(labels({ type: 'regulation.banned', outcome: 'failure', data: { subject: 'user:ck123' } })?.subject).toBe('other');
  });

  it('ignores the other audit events', () => {
    expect(countedEvent({ type: 'user.created', outcome: 'success', data: undefined })).toBeNull();
  });
});
