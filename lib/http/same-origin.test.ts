import { describe, expect, it } from 'vitest';
import { isSameOriginPost } from './same-origin';

const portalUrl = 'https://auth.example.com';
const check = (origin: string | null, host: string | null = 'auth.example.com', portal = portalUrl) => isSameOriginPost({ origin, host, portalUrl: portal });

describe('isSameOriginPost', () => {
  it('accepts the portal origin', () => {
    expect(check('https://auth.example.com')).toBe(true);
    expect(check('https://auth.example.com', null)).toBe(true);
    expect(check('https://auth.example.com', 'something-else')).toBe(true);
  });

  it('accepts the portal origin when the portal URL has a path', () => {
    expect(check('https://example.com', 'example.com', 'https://example.com/sso')).toBe(true);
  });

  it('accepts an origin whose host matches the Host header', () => {
    expect(check('http://localhost:3000', 'localhost:3000')).toBe(true);
    expect(check('https://gatehouse.lan', 'gatehouse.lan')).toBe(true);
  });

  it('refuses an http page of the same host when the portal is https (no downgrade), except on loopback', () => {
    expect(check('http://auth.example.com', 'auth.example.com')).toBe(false);
    expect(check('http://gatehouse.lan', 'gatehouse.lan')).toBe(false);
    expect(check('http://gatehouse.lan', 'gatehouse.lan', 'http://gatehouse.lan')).toBe(true);
    expect(check('http://localhost:3000', 'localhost:3000')).toBe(true);
  });

  it('compares hosts case-insensitively', () => {
    expect(check('HTTPS://AUTH.EXAMPLE.COM')).toBe(true);
    expect(check('https://Gatehouse.LAN:8443', 'GATEHOUSE.lan:8443')).toBe(true);
    expect(check('https://gatehouse.lan', 'Gatehouse.Lan')).toBe(true);
  });

  it.each([
    ['https://evil.com', 'auth.example.com'],
    ['https://auth.example.com.evil.com', 'auth.example.com'],
    ['https://evilauth.example.com', 'auth.example.com'],
    ['https://app.example.com', 'auth.example.com'],
    ['https://auth.example.com:8443', 'auth.example.com'],
    ['https://gatehouse.lan', 'gatehouse.lan:8443'],
    ['https://gatehouse.lan:8443', 'gatehouse.lan'],
    ['https://evil.com', null],
  ])('refuses the foreign origin %s (Host %s)', (origin, host) => {
    expect(check(origin, host)).toBe(false);
  });

  it('refuses http for an https portal unless the Host header says so', () => {
    expect(check('http://auth.example.com', null)).toBe(false);
  });

  it.each([null, '', 'null', 'not a url', 'auth.example.com', '//auth.example.com', 'https://'])('refuses the origin %j', (origin) => {
    expect(check(origin)).toBe(false);
  });

  it.each([
    'ftp://auth.example.com',
    'file:///',
    'javascript:alert(1)',
    'data:text/html,x',
    'chrome-extension://abcdef',
    'ws://auth.example.com',
    'wss://auth.example.com',
  ])('refuses the non-http origin %s', (origin) => {
    expect(check(origin)).toBe(false);
  });
});
