/**
 * What every page, server action and API route of the portal needs (the levels are explained
 * in lib/auth/assurance.ts). This is the only place that says it: pages call
 * `requirePage(<their key>)`, route handlers `authorizeRoute(<their key>, …)`
 * (lib/auth/current-session.ts), and actions are made with their key (lib/actions/safe-action.ts),
 * which looks the requirement up here. Keys are spelled as the build's manifests spell them, so
 * e2e/specs/assurance-enumeration.spec.ts checks that everything the build serves is listed and
 * behaves as listed; a page, action or route missing here fails that test.
 *
 * Sudo mode (`admin-sudo`): applications, access rules and the default policy, the two second-factor
 * settings, user deletion, factor resets, approving another user's factor change, the Paperless
 * connection and its group mapping, the proxy's address of Gatehouse, portal, mail and directory settings, audit
 * export and retention, OpenID Connect clients (their secrets and tokens) and the signing keys. Making or unmaking an admin is sudo too, decided where the change is
 * known (see SUDO_WHEN below).
 */
import type { Requirement } from './assurance';

export const PAGES = {
  '/(auth)/logout/page': 'public',
  '/(auth)/password/[token]/page': 'public',
  '/(auth)/setup/[token]/page': 'public',
  '/(auth)/sign-in/email/[token]/page': 'public',
  '/(auth)/sign-in/page': 'public',
  '/(auth)/sign-in/problem/page': 'public',
  '/(auth)/sign-in/waiting/page': 'public',
  // The step itself: any session (it is where a one-factor session goes).
  '/(auth)/sign-in/second-factor/page': 'user',
  // An OpenID Connect sign-in's consent screen: any session (an app's level is stepped up before it).
  '/(auth)/consent/[uid]/page': 'user',
  '/(dashboard)/page': 'user',
  '/(dashboard)/security/page': 'user',
  // Where sudo mode and the second factor are proven again before going back.
  '/(dashboard)/reauth/page': 'user',
  '/(dashboard)/device/[token]/page': 'user-2fa',
  '/(dashboard)/security/approval/[id]/page': 'user-2fa',
  '/(dashboard)/security/add/totp/page': 'user-2fa',
  '/(dashboard)/security/add/webauthn/page': 'user-2fa',
  '/(dashboard)/tokens/page': 'user-2fa',
  '/(dashboard)/admin/page': 'admin',
  '/(dashboard)/admin/applications/page': 'admin',
  '/(dashboard)/admin/applications/[applicationId]/page': 'admin',
  '/(dashboard)/admin/applications/new/page': 'admin',
  '/(dashboard)/admin/applications/[applicationId]/oidc/new/page': 'admin',
  '/(dashboard)/admin/applications/[applicationId]/oidc/[clientId]/page': 'admin',
  '/(dashboard)/admin/oidc/page': 'admin',
  '/(dashboard)/admin/audit/page': 'admin',
  '/(dashboard)/admin/directory/page': 'admin',
  '/(dashboard)/admin/bans/page': 'admin',
  '/(dashboard)/admin/groups/page': 'admin',
  '/(dashboard)/admin/groups/[groupId]/page': 'admin',
  '/(dashboard)/admin/mail/page': 'admin',
  '/(dashboard)/admin/mail/outbox/[id]/page': 'admin',
  '/(dashboard)/admin/paperless/page': 'admin',
  '/(dashboard)/admin/import/page': 'admin',
  '/(dashboard)/admin/proxy/page': 'admin',
  '/(dashboard)/admin/rules/page': 'admin',
  '/(dashboard)/admin/rules/[ruleId]/page': 'admin',
  '/(dashboard)/admin/rules/new/page': 'admin',
  '/(dashboard)/admin/rules/test/page': 'admin',
  '/(dashboard)/admin/rules/transfer/page': 'admin',
  '/(dashboard)/admin/settings/page': 'admin',
  '/(dashboard)/admin/signups/page': 'admin',
  '/(dashboard)/admin/users/page': 'admin',
  '/(dashboard)/admin/users/[userId]/page': 'admin',
  '/(dashboard)/admin/users/new/page': 'admin',
  // Next's own pages.
  '/_global-error/page': 'public',
  '/_not-found/page': 'public',
} as const satisfies Record<string, Requirement>;

export const ROUTES = {
  '/api/admin/audit/export/route': 'admin-sudo',
  '/api/admin/mail/templates/[id]/html/route': 'admin',
  '/api/admin/outbox/[id]/html/route': 'admin',
  '/api/admin/rules/export/route': 'admin',
  // Uploaded application icons: the launcher shows them to every signed-in user.
  '/api/applications/[id]/icon/route': 'user',
  // next-auth's provider handshakes: Gatehouse issues its own session afterwards.
  '/api/auth/[...nextauth]/route': 'public',
  // The verify contract (a session cookie or a device token, judged by lib/verify).
  '/api/authz/auth-request/route': 'public',
  '/api/authz/forward-auth/route': 'public',
  '/api/verify/forward-auth/route': 'public',
  '/api/verify/route': 'public',
  '/api/health/route': 'public',
  // The waiting page's poll: its own request, in the browser that asked (lib/mfa/check-factor-change-request.ts).
  '/api/security/factor-change-requests/[id]/route': 'user-2fa',
  '/icon.svg/route': 'public',
} as const satisfies Record<string, Requirement>;

export const ACTIONS = {
  'app/(auth)/password/[token]/actions.ts#setPasswordAction': 'public',
  'app/(auth)/setup/[token]/actions.ts#completeSetupAction': 'public',
  'app/(auth)/sign-in/actions.ts#passkeyOptionsCall': 'public',
  'app/(auth)/sign-in/actions.ts#passkeySignInCall': 'public',
  'app/(auth)/sign-in/actions.ts#signInAction': 'public',
  'app/(auth)/sign-in/email-actions.ts#confirmEmailLinkAction': 'public',
  'app/(auth)/sign-in/email-actions.ts#requestEmailLinkAction': 'public',
  'app/(dashboard)/actions.ts#signOutAction': 'public',

  // The second-factor step and re-proving for sudo mode: any session.
  'app/(auth)/sign-in/second-factor/actions.ts#recoveryStepAction': 'user',
  'app/(auth)/sign-in/second-factor/actions.ts#totpStepAction': 'user',
  'app/(auth)/sign-in/second-factor/actions.ts#webauthnStepCall': 'user',
  'app/(auth)/sign-in/second-factor/actions.ts#webauthnStepOptionsCall': 'user',
  'app/(dashboard)/reauth/actions.ts#reproveMethodsCall': 'user',
  'app/(dashboard)/reauth/actions.ts#reproveTotpAction': 'user',
  'app/(dashboard)/reauth/actions.ts#reproveRecoveryCodeAction': 'user',
  'app/(dashboard)/reauth/actions.ts#reprovePasswordAction': 'user',
  'app/(dashboard)/reauth/actions.ts#reproveWebauthnOptionsCall': 'user',
  'app/(dashboard)/reauth/actions.ts#reproveWebauthnCall': 'user',

  // A user's own credentials, sign-in providers, sessions, apps with access and device tokens.
  'app/(dashboard)/security/factor-actions.ts#requestFactorLinkAction': 'user-2fa',
  'app/(dashboard)/security/factor-actions.ts#confirmFactorChangeLinkAction': 'user-2fa',
  'app/(dashboard)/security/factor-actions.ts#continueFactorChangeRequestAction': 'user-2fa',
  'app/(dashboard)/security/factor-actions.ts#enrollTotpAction': 'user-2fa',
  'app/(dashboard)/security/factor-actions.ts#webauthnEnrollOptionsCall': 'user-2fa',
  'app/(dashboard)/security/factor-actions.ts#webauthnEnrollCall': 'user-2fa',
  'app/(dashboard)/security/factor-actions.ts#renameFactorAction': 'user-2fa',
  'app/(dashboard)/security/identity-actions.ts#setAllowLinkingAction': 'user-2fa',
  'app/(dashboard)/security/identity-actions.ts#unlinkIdentityAction': 'user-2fa',
  'app/(dashboard)/security/actions.ts#revokeSessionAction': 'user-2fa',
  'app/(dashboard)/security/actions.ts#signOutEverywhereAction': 'user-2fa',
  'app/(dashboard)/security/actions.ts#revokeConsentAction': 'user-2fa',
  'app/(dashboard)/tokens/actions.ts#createDeviceTokenAction': 'user-2fa',
  'app/(dashboard)/tokens/actions.ts#revokeDeviceTokenAction': 'user-2fa',

  'app/(dashboard)/admin/audit/actions.ts#saveRetentionAction': 'admin-sudo',
  'app/(dashboard)/admin/bans/actions.ts#liftBanAction': 'admin',
  // The directory's settings and its tests (the form's values, the service account's password); a sync at once.
  'app/(dashboard)/admin/directory/actions.ts#directorySettingsAction': 'admin-sudo',
  'app/(dashboard)/admin/directory/actions.ts#syncDirectoryNowAction': 'admin',
  'app/(dashboard)/admin/groups/actions.ts#createGroupAction': 'admin',
  'app/(dashboard)/admin/groups/actions.ts#deleteGroupAction': 'admin',
  'app/(dashboard)/admin/groups/actions.ts#removeGroupMemberAction': 'admin',
  'app/(dashboard)/admin/groups/actions.ts#renameGroupAction': 'admin',
  'app/(dashboard)/admin/mail/actions.ts#sendTestMailAction': 'admin',
  'app/(dashboard)/admin/factor-change-actions.ts#approveFactorChangeAction': 'admin-sudo',
  'app/(dashboard)/admin/factor-change-actions.ts#denyFactorChangeAction': 'admin',
  'app/(dashboard)/admin/paperless/actions.ts#checkConnectionAction': 'admin',
  'app/(dashboard)/admin/paperless/actions.ts#saveConnectionAction': 'admin-sudo',
  'app/(dashboard)/admin/paperless/actions.ts#setGroupMappingAction': 'admin-sudo',
  'app/(dashboard)/admin/import/actions.ts#dryRunImportAction': 'admin-sudo',
  'app/(dashboard)/admin/import/actions.ts#applyImportAction': 'admin-sudo',
  'app/(dashboard)/admin/proxy/actions.ts#setProxyUpstreamAction': 'admin-sudo',
  'app/(dashboard)/admin/applications/actions.ts#saveApplicationAction': 'admin-sudo',
  'app/(dashboard)/admin/applications/actions.ts#deleteApplicationAction': 'admin-sudo',
  'app/(dashboard)/admin/applications/actions.ts#moveApplicationAction': 'admin-sudo',
  'app/(dashboard)/admin/applications/[applicationId]/oidc/actions.ts#createOidcClientAction': 'admin-sudo',
  'app/(dashboard)/admin/applications/[applicationId]/oidc/actions.ts#updateOidcClientAction': 'admin-sudo',
  'app/(dashboard)/admin/applications/[applicationId]/oidc/actions.ts#rotateOidcClientSecretAction': 'admin-sudo',
  'app/(dashboard)/admin/applications/[applicationId]/oidc/actions.ts#revokeOidcClientTokensAction': 'admin-sudo',
  'app/(dashboard)/admin/applications/[applicationId]/oidc/actions.ts#deleteOidcClientAction': 'admin-sudo',
  'app/(dashboard)/admin/oidc/actions.ts#rotateSigningKeysAction': 'admin-sudo',
  'app/(dashboard)/admin/rules/actions.ts#deleteRuleAction': 'admin-sudo',
  'app/(dashboard)/admin/rules/actions.ts#importRulesAction': 'admin-sudo',
  'app/(dashboard)/admin/rules/actions.ts#moveRuleAction': 'admin-sudo',
  'app/(dashboard)/admin/rules/actions.ts#saveRuleAction': 'admin-sudo',
  'app/(dashboard)/admin/rules/actions.ts#setDefaultPolicyAction': 'admin-sudo',
  'app/(dashboard)/admin/rules/actions.ts#setRequireTwoFactorAction': 'admin-sudo',
  'app/(dashboard)/admin/rules/actions.ts#setAdminsMustUseSecondFactorAction': 'admin-sudo',
  // The portal's address, cookie domain and mail server; a test message to a server typed in the form.
  'app/(dashboard)/admin/settings/actions.ts#savePortalSettingsAction': 'admin-sudo',
  'app/(dashboard)/admin/settings/actions.ts#mailSettingsAction': 'admin-sudo',
  'app/(dashboard)/admin/settings/actions.ts#dismissChecklistAction': 'admin',
  'app/(dashboard)/admin/signups/actions.ts#approveSignupAction': 'admin',
  'app/(dashboard)/admin/signups/actions.ts#inviteAction': 'admin',
  'app/(dashboard)/admin/signups/actions.ts#rejectSignupAction': 'admin',
  'app/(dashboard)/admin/signups/actions.ts#revokeInvitationAction': 'admin',
  'app/(dashboard)/admin/users/actions.ts#approveUserAction': 'admin',
  'app/(dashboard)/admin/users/actions.ts#createUserAction': 'admin',
  'app/(dashboard)/admin/users/actions.ts#deleteUserAction': 'admin-sudo',
  'app/(dashboard)/admin/users/actions.ts#provisionPaperlessAction': 'admin',
  'app/(dashboard)/admin/users/actions.ts#rejectUserAction': 'admin',
  'app/(dashboard)/admin/users/actions.ts#revokeUserDeviceTokenAction': 'admin',
  'app/(dashboard)/admin/users/actions.ts#revokeUserDeviceTokensAction': 'admin',
  'app/(dashboard)/admin/users/actions.ts#revokeUserSessionsAction': 'admin',
  'app/(dashboard)/admin/users/actions.ts#rotatePaperlessTokenAction': 'admin',
  'app/(dashboard)/admin/users/actions.ts#sendPasswordLinkAction': 'admin',
  'app/(dashboard)/admin/users/actions.ts#setUserGroupsAction': 'admin',
  'app/(dashboard)/admin/users/actions.ts#setUserStatusAction': 'admin',
  'app/(dashboard)/admin/users/actions.ts#setUserStatusOnPageAction': 'admin',
  'app/(dashboard)/security/factor-actions.ts#resetFactorsAction': 'admin-sudo',
  'app/(dashboard)/tokens/actions.ts#adminRevokeDeviceTokenAction': 'admin',
} as const satisfies Record<string, Requirement>;

/**
 * Admin actions that need sudo mode only for some inputs: the lib function refuses with
 * SUDO_REQUIRED (lib/auth/sudo.ts) inside its transaction, where the change is known.
 */
export const SUDO_WHEN = {
  'app/(dashboard)/admin/users/actions.ts#setUserGroupsAction': 'the change adds or removes admins',
  'app/(dashboard)/admin/users/actions.ts#createUserAction': 'the new user is put in admins',
  'app/(dashboard)/admin/signups/actions.ts#approveSignupAction': 'the approved user is put in admins',
  'app/(dashboard)/admin/signups/actions.ts#inviteAction': 'the invitation puts its owner in admins',
  'app/(dashboard)/admin/groups/actions.ts#removeGroupMemberAction': 'the group is admins',
} as const satisfies Partial<Record<keyof typeof ACTIONS, string>>;

export type PageKey = keyof typeof PAGES;
export type RouteKey = keyof typeof ROUTES;
export type ActionKey = keyof typeof ACTIONS;

/** Action keys whose requirement is one of `R` (the factories in safe-action.ts accept only those). */
export type ActionKeyFor<R extends Requirement> = { [K in ActionKey]: (typeof ACTIONS)[K] extends R ? K : never }[ActionKey];
