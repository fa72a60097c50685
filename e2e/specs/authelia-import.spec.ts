/**
 * Moving from Authelia, end to end, in Debian's Chromium against a Gatehouse of its own (the
 * import changes portal-wide settings other specs rely on):
 * - a passkey is registered by a Chromium CDP virtual authenticator against a throwaway relying
 *   party page this spec serves on the same RP ID as Gatehouse's (localhost), verified with
 *   @simplewebauthn/server directly (not Gatehouse's code), and written into the fixture's
 *   authelia.db in Authelia's storage format (test/support/authelia: read's fixture builder, with
 *   Debian's argon2 for the password and Authelia's encryption for the TOTP seed and the key);
 * - the admin imports the folder through /admin/import: dry run, then import;
 * - the imported user signs in with the OLD password and a TOTP code computed by otplib from the
 *   ORIGINAL base32 secret with the fixture's parameters (SHA-256, 8 digits, 60 s), and then, on
 *   the page that registered it, with the SAME virtual authenticator, whose passkey returns
 *   Authelia's user handle (kept by the import in SecondFactor.userHandle).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateRegistrationOptions, verifyRegistrationResponse, type RegistrationResponseJSON } from '@simplewebauthn/server';
import { generateSync } from 'otplib';
import type { Page } from '@playwright/test';
import { freeLoopbackPort } from '../../test/support/free-port';
import { startGatehouse, type GatehouseProcess } from '../../test/support/gatehouse-process';
import { buildAutheliaFolder, type AutheliaFixture } from '../../test/support/authelia/authelia-folder';
import { autheliaUserId } from '../../test/support/authelia/webauthn-row';
import { createUser, type Portal, type TestUserWithFactor } from '../support/portal';
import { addVirtualAuthenticator } from '../support/webauthn';
import { expect, passSecondFactor, signIn, test } from '../support/test';
import { join } from 'node:path';

const PASSWORD = 'old authelia password 7 lanterns';
const TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const TOTP = { algorithm: 'SHA256', digits: 8, period: 60 } as const;

test.describe.configure({ mode: 'serial' });

let gatehouse: GatehouseProcess;
let portal: Portal;
let rp: Server;
let rpOrigin: string;
let fixture: AutheliaFixture | undefined;
let admin: TestUserWithFactor;
let rpPage: Page;

test.beforeAll(async ({ browser }) => {
  const port = await freeLoopbackPort();
  const origin = `http://localhost:${port}`;
  // Its public URL on localhost: its RP ID is "localhost", like the throwaway page's.
  gatehouse = await startGatehouse({ port, env: { GATEHOUSE_URL: origin } });
  portal = { url: origin, log: '', db: join(gatehouse.dataDir, 'gatehouse.db') };
  admin = await createUser(portal, { groups: ['admins'], factor: true, prefix: 'importer' });
  rp = createServer((_req, res) =>
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end('<!doctype html><title>Old relying party</title><p>throwaway</p>'),
  );
  await new Promise<void>((resolve) => rp.listen(0, '127.0.0.1', resolve));
  rpOrigin = `http://localhost:${(rp.address() as AddressInfo).port}`;
  rpPage = await (await browser.newContext()).newPage();
});

test.afterAll(async () => {
  await rpPage?.context().close();
  await gatehouse?.stop();
  rp?.close();
  await fixture?.cleanup();
});

/** Registers a passkey on the throwaway page with the page's virtual authenticator; verified by @simplewebauthn/server. */
async function registerOnThrowawayPage(page: Page, userId: string) {
  await addVirtualAuthenticator(page, { residentKeys: true });
  await page.goto(rpOrigin);
  const options = await generateRegistrationOptions({
    rpName: 'Old Authelia',
    rpID: 'localhost',
    userName: 'mia',
    // Authelia's user handle: the bytes of its webauthn_users.userid (model/webauthn.go WebAuthnID).
    userID: new Uint8Array(Buffer.from(userId, 'utf8')),
    attestationType: 'none',
    authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
  });
  const response = await page.evaluate(async (json) => {
    const bytes = (b64url: string) => Uint8Array.from(atob(b64url.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
    const text = (buffer: ArrayBuffer) =>
      btoa(String.fromCharCode(...new Uint8Array(buffer)))
        .replace(/\+/g, '-')
        .replace(/\//g, '_')
        .replace(/=+$/, '');
    const credential = (await navigator.credentials.create({
      publicKey: {
        ...json,
        challenge: bytes(json.challenge),
        user: { ...json.user, id: bytes(json.user.id) },
        excludeCredentials: [],
      } as unknown as PublicKeyCredentialCreationOptions,
    })) as PublicKeyCredential;
    const answer = credential.response as AuthenticatorAttestationResponse;
    return {
      id: credential.id,
      rawId: text(credential.rawId),
      type: 'public-key' as const,
      clientExtensionResults: credential.getClientExtensionResults(),
      response: { clientDataJSON: text(answer.clientDataJSON), attestationObject: text(answer.attestationObject), transports: answer.getTransports() },
    };
  }, options);
  const verified = await verifyRegistrationResponse({
    response: response as RegistrationResponseJSON,
    expectedChallenge: options.challenge,
    expectedOrigin: rpOrigin,
    expectedRPID: 'localhost',
  });
  expect(verified.verified).toBe(true);
  return verified.registrationInfo!;
}

test('an Authelia installation moves over: the old password and the old TOTP secret sign in', async ({ browser }) => {
  const userId = autheliaUserId();
  const info = await registerOnThrowawayPage(rpPage, userId);
  fixture = await buildAutheliaFolder({
    users: [{ username: 'mia', password: PASSWORD, scheme: 'argon2id', displayName: 'Mia Family', email: 'mia@family.example', groups: ['family'] }],
    totp: [{ username: 'mia', secret: TOTP_SECRET, ...TOTP }],
    webauthn: [
      {
        username: 'mia',
        description: 'Laptop passkey',
        rpId: 'localhost',
        credentialId: Buffer.from(info.credential.id, 'base64url'),
        userId,
        publicKey: info.credential.publicKey,
        signCount: info.credential.counter,
        aaguid: info.aaguid,
        transports: info.credential.transports ?? ['internal'],
        discoverable: true,
        backupEligible: info.credentialDeviceType === 'multiDevice',
        backupState: info.credentialBackedUp,
      },
    ],
    // This portal lives on localhost: no cookie domain of the family's.
    configure: (config) => {
      config.session = { expiration: '1 day', inactivity: '2h' };
    },
  });

  // The admin imports the folder through the page: dry run, then import.
  const adminContext = await browser.newContext();
  const page = await adminContext.newPage();
  await signIn(page, admin.username, admin.password, `${portal.url}/sign-in`);
  await passSecondFactor(page, admin.totpSecret);
  await page.goto(`${portal.url}/admin/import`);
  await page.getByLabel('a folder on this server').check();
  await page.getByLabel('Folder', { exact: true }).fill(fixture.dir);
  await page.getByRole('button', { name: 'Dry run' }).click();
  const report = page.getByTestId('dry-run-report');
  await expect(report).toBeVisible({ timeout: 20_000 });
  await expect(report.getByTestId('report-users')).toContainText('1 new');
  await expect(report.getByTestId('report-totp')).toContainText('1 new');
  await expect(report.getByTestId('report-webauthn')).toContainText('1 new');
  await expect(report).not.toContainText(TOTP_SECRET);
  await report.getByRole('button', { name: 'Import' }).click();
  const result = page.getByTestId('import-result');
  await expect(result).toBeVisible({ timeout: 20_000 });
  await expect(result).toContainText('1 created');
  await adminContext.close();

  // The old password, then a code from the ORIGINAL secret with the fixture's parameters (otplib, not Gatehouse's code).
  const miaContext = await browser.newContext();
  const mia = await miaContext.newPage();
  await signIn(mia, 'mia', PASSWORD, `${portal.url}/sign-in`);
  await expect(mia).toHaveURL(/\/sign-in\/second-factor/);
  const code = generateSync({ secret: TOTP_SECRET, algorithm: 'sha256', digits: TOTP.digits, period: TOTP.period });
  await mia.getByLabel('Code from your authenticator app').fill(code);
  await mia.getByRole('button', { name: 'Continue' }).click();
  await expect(mia.getByTestId('signed-in-as')).toHaveText('Mia Family');
  await miaContext.close();
});

test('the same virtual authenticator signs in with the imported passkey', async () => {
  // The passkey returns Authelia's user handle, which the import kept with the credential.
  expect(fixture, 'the import test ran first').toBeDefined();
  // The SAME virtual authenticator, on the page that registered it: a passkey sign-in.
  await rpPage.goto(`${portal.url}/sign-in`);
  await rpPage.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await expect(rpPage.getByTestId('signed-in-as')).toHaveText('Mia Family');
});
