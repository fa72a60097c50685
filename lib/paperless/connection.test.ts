import { describe, expect, it } from 'vitest';
import { ConnectionInput } from './connection';

const valid = {
  internalUrl: 'http://paperless:8000/',
  publicUrl: 'https://paperless.example.com',
  adminToken: 'A'.repeat(40),
  tokenSource: 'password',
  remoteUserUrl: '',
};
const errors = (input: Record<string, unknown>) => {
  const parsed = ConnectionInput.safeParse(input);
  return parsed.success ? {} : Object.fromEntries(parsed.error.issues.reverse().map((i) => [String(i.path[0]), i.message]));
};

describe('the Paperless connection form', () => {
  it('normalises URLs and lower-cases the token', () => {
    expect(ConnectionInput.parse(valid)).toMatchObject({ internalUrl: 'http://paperless:8000', adminToken: 'a'.repeat(40) });
  });

  it('keeps the saved token when the field is blank', () => {
    expect(ConnectionInput.parse({ ...valid, adminToken: '' }).adminToken).toBe('');
  });

  it.each([
    ['javascript:alert(1)', /must start with http/],
    ['http://user:pass@paperless', /user name or password/],
    ['https://paperless.example.com/?next=evil', /query or fragment/],
    ['', /Enter the/],
    ['not a url', /must start with http/],
  ])('refuses the address %j', (url, message) => {
    expect(errors({ ...valid, internalUrl: url }).internalUrl).toMatch(message);
  });

  it.each(['short', 'g'.repeat(40), 'a'.repeat(41), `${`${'a'.repeat(39)} `.repeat(1)}x`])('refuses the token %j', (token) => {
    expect(errors({ ...valid, adminToken: token }).adminToken).toMatch(/40 characters/);
  });

  it('needs the listener address for the Remote-User source, and a known source', () => {
    expect(errors({ ...valid, tokenSource: 'remote_user' }).remoteUserUrl).toMatch(/Enter the Remote-User listener address/);
    expect(ConnectionInput.safeParse({ ...valid, tokenSource: 'remote_user', remoteUserUrl: 'http://paperless-internal:8001' }).success).toBe(true);
    expect(errors({ ...valid, tokenSource: 'header' }).tokenSource).toMatch(/Choose how/);
  });
});
