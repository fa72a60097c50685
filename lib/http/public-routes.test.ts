import { describe, expect, it } from 'vitest';
import { isPublicPath } from './public-routes';

describe('isPublicPath', () => {
  it.each([
    '/sign-in',
    '/sign-in/',
    '/sign-in/totp',
    '/setup/abc123',
    '/password/abc123',
    '/api/verify',
    '/api/health',
    '/_next/static/chunks/app.js',
    '/favicon.ico',
    '/icon.svg',
  ])('%s is public', (path) => {
    expect(isPublicPath(path)).toBe(true);
  });

  it.each([
    '/',
    '',
    '/security',
    '/admin',
    '/admin/users',
    '/sign-inx',
    '/sign-in-evil',
    '/SIGN-IN',
    '/signin',
    '/setup',
    '/password',
    '/api',
    '/apix/verify',
    '/_next',
    '/favicon.ico/x',
    '/icon.svg.bak',
    'sign-in',
    '//sign-in',
    '/admin/sign-in',
    '/admin?/sign-in',
  ])('%j is not public', (path) => {
    expect(isPublicPath(path)).toBe(false);
  });
});
