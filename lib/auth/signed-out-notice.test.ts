import { describe, expect, it } from 'vitest';
import type { SessionCheck } from '../sessions/validate-session';
import { signedOutNotice } from './signed-out-notice';

const missing: SessionCheck = { status: 'missing' };
const ended = (reason: 'malformed' | 'unknown' | 'revoked' | 'expired' | 'idle' | 'account'): SessionCheck => ({ status: 'invalid', reason });
const signedIn = { status: 'ok' } as SessionCheck;

describe('signedOutNotice', () => {
  it('says "You are signed out." after signing out here', () => {
    expect(signedOutNotice('1', missing)).toEqual({ kind: 'signed-out', title: 'You are signed out.' });
  });

  it('adds that every other browser is signed out after "sign out everywhere"', () => {
    expect(signedOutNotice('everywhere', missing)).toMatchObject({
      kind: 'signed-out',
      title: 'You are signed out.',
      text: expect.stringMatching(/every other browser/),
    });
  });

  it.each([['0'], ['yes'], ['1 '], ['<b>You were hacked</b>'], [['1', '1']], [undefined]])('reads only the exact values the actions send: %j', (param) => {
    expect(signedOutNotice(param, missing)).toBeNull();
  });

  it('says nothing to a visitor who is signed in (the page sends them on)', () => {
    expect(signedOutNotice('1', signedIn)).toBeNull();
  });

  it.each([
    ['revoked', /has ended/],
    ['expired', /has expired/],
    ['idle', /without activity/],
  ] as const)('explains a session that ended elsewhere (%s)', (reason, title) => {
    expect(signedOutNotice(undefined, ended(reason))).toMatchObject({ kind: 'session-ended', title: expect.stringMatching(title) });
  });

  it.each(['malformed', 'unknown', 'account'] as const)('adds nothing for a %s cookie', (reason) => {
    expect(signedOutNotice(undefined, ended(reason))).toBeNull();
  });

  it('shows one notice, not two: signing out wins over the ended session', () => {
    expect(signedOutNotice('1', ended('revoked'))).toMatchObject({ kind: 'signed-out' });
  });
});
