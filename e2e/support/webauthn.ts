/**
 * A CDP virtual authenticator (platform, user verification) for passkey tests: with resident keys
 * (a device-bound passkey) by default, or without (a plain security key).
 */
import type { BrowserContext, Page } from '@playwright/test';

export async function addVirtualAuthenticator(
  page: Page,
  kind: { residentKeys: boolean } = { residentKeys: true },
): Promise<{ credentials(): Promise<unknown[]> }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: kind.residentKeys,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return {
    async credentials() {
      return (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials;
    },
  };
}

export type { BrowserContext };
