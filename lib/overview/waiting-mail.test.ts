import { describe, expect, it } from 'vitest';
import { outboxFileName } from '../mail/transport';
import { linkTokens, outboxFileTime } from './waiting-mail';

describe('outboxFileTime', () => {
  it('reads the time back from an outbox file name', () => {
    const at = new Date('2026-12-03T13:09:02.123Z');
    expect(outboxFileTime(outboxFileName(at))).toEqual(at);
    expect(outboxFileTime('notes.txt')).toBeNull();
  });
});

describe('linkTokens', () => {
  const token = `${'Ab3_-'.repeat(8)}xyz`;
  it('finds each link token once, in text and in HTML', () => {
    expect(token).toHaveLength(43);
    expect(linkTokens(`Open https://auth.example.test/password/${token} now.\n<a href="https://auth.example.test/password/${token}">`)).toEqual([token]);
  });
  it('ignores longer or shorter path segments and text without links', () => {
    expect(linkTokens(`https://x.test/a/${token}x https://x.test/a/${token.slice(1)} ${token}`)).toEqual([]);
  });
});
