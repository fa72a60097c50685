import { describe, expect, it } from 'vitest';
import { problemQuery, verifiedProblem } from './problem-message';

const KEY = Buffer.alloc(32, 7);

describe('signed sign-in problem messages', () => {
  it('round-trips a message Gatehouse signed', () => {
    const query = new URLSearchParams(problemQuery('This portal does not take new signups.', KEY));
    expect(verifiedProblem(query.get('message') ?? undefined, query.get('sig') ?? undefined, KEY)).toBe('This portal does not take new signups.');
  });

  it('refuses a message someone else wrote, a changed message, a missing or wrong signature', () => {
    const query = new URLSearchParams(problemQuery('Original', KEY));
    expect(verifiedProblem('Call +1 555 0100 to unlock your account', query.get('sig')!, KEY)).toBeNull();
    expect(verifiedProblem('Original', undefined, KEY)).toBeNull();
    expect(verifiedProblem('Original', 'x', KEY)).toBeNull();
    expect(verifiedProblem('Original', query.get('sig')!, Buffer.alloc(32, 8))).toBeNull();
  });
});
