import { describe, expect, it } from 'vitest';
import { factorLabel, reportedDiscoverable } from './factor-label';

const webauthn = { kind: 'webauthn', deviceType: 'singleDevice', backedUp: false, discoverable: null };

describe('factorLabel', () => {
  it('calls a synced or discoverable credential a passkey', () => {
    expect(factorLabel({ ...webauthn, deviceType: 'multiDevice', backedUp: true })).toBe('Passkey');
    expect(factorLabel({ ...webauthn, backedUp: true })).toBe('Passkey');
    // A device-bound passkey (a platform authenticator, a key holding a resident credential).
    expect(factorLabel({ ...webauthn, discoverable: true })).toBe('Passkey');
  });

  it('calls a non-discoverable, non-synced credential a security key', () => {
    expect(factorLabel({ ...webauthn, discoverable: false })).toBe('Security key');
  });

  it('says it cannot tell for a device-bound credential whose discoverability is not known', () => {
    expect(factorLabel(webauthn)).toBe('Security key or passkey');
    expect(factorLabel({ ...webauthn, deviceType: null, backedUp: null })).toBe('Security key or passkey');
  });

  it('calls a TOTP factor an authenticator app', () => {
    expect(factorLabel({ kind: 'totp', deviceType: null, backedUp: false, discoverable: null })).toBe('Authenticator app');
  });
});

describe('reportedDiscoverable', () => {
  it("reads credProps.rk, and nothing else, from the browser's extension results", () => {
    expect(reportedDiscoverable({ credProps: { rk: true } })).toBe(true);
    expect(reportedDiscoverable({ credProps: { rk: false } })).toBe(false);
    expect(reportedDiscoverable({ credProps: {} })).toBeNull();
    expect(reportedDiscoverable({ credProps: { rk: 'yes' } })).toBeNull();
    expect(reportedDiscoverable({})).toBeNull();
    expect(reportedDiscoverable(undefined)).toBeNull();
  });
});
