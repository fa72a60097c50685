/**
 * The vocabulary of the audit log. Adding an event type here is the only way to log one, so
 * the admin filter can list every type and nothing is spelled two ways.
 */
export const AUDIT_EVENT_TYPES = {
  'setup.link_issued': 'Setup link issued',
  'setup.completed': 'First admin created',
  'auth.sign_in': 'Sign-in',
  'auth.sign_out': 'Sign-out',
  'session.revoked': 'Session revoked',
  'user.created': 'User created',
  'user.password_set': 'Password set',
  'user.password_link_sent': 'Password link sent',
  'mail.test_sent': 'Test email sent',
  'auth.second_factor': 'Second factor check',
  'mfa.device_link_sent': 'Device link sent',
  'mfa.device_link_used': 'Device link used',
  'mfa.factor_added': 'Second factor added',
  'mfa.factor_removed': 'Second factor removed',
  'mfa.factor_renamed': 'Second factor renamed',
  'mfa.recovery_codes_generated': 'Recovery codes generated',
  'mfa.recovery_code_used': 'Recovery code used',
  'mfa.locked': 'Second-factor step locked',
  'mfa.reset': 'Second factors reset by an admin',
  'rules.created': 'Access rule added',
  'rules.updated': 'Access rule changed',
  'rules.deleted': 'Access rule deleted',
  'rules.moved': 'Access rule moved',
  'rules.imported': 'Access rules imported',
  'rules.default_policy_changed': 'Default access policy changed',
  'rules.require_two_factor_changed': 'Second factor for everyone changed',
  'user.disabled': 'User disabled',
  'user.enabled': 'User enabled',
  'paperless.connection_saved': 'Paperless connection saved',
  'paperless.connection_checked': 'Paperless connection checked',
  'paperless.group_mapped': 'Paperless group mapping changed',
  'paperless.user_provisioned': 'Paperless account provisioned',
  'paperless.user_deactivated': 'Paperless account deactivated',
  'paperless.real_token_obtained': 'Paperless token obtained',
  'paperless.real_token_rotated': 'Paperless token rotated',
  'device_token.created': 'Device token created',
  'device_token.revoked': 'Device token revoked',
  'signup.requested': 'Signup requested',
  'signup.approved': 'Signup approved',
  'signup.rejected': 'Signup rejected',
  'signup.invited': 'Invitation sent',
  'signup.invitation_revoked': 'Invitation revoked',
  'signup.linked': 'Sign-in provider linked',
  'signup.unlinked': 'Sign-in provider unlinked',
  'signup.linking_changed': 'Provider linking allowed or not',
  'auth.email_link_sent': 'Email sign-in link sent',
  'auth.email_link_used': 'Email sign-in link used',
} as const;

export type AuditEventType = keyof typeof AUDIT_EVENT_TYPES;
export type AuditOutcome = 'success' | 'failure';

export function isAuditEventType(value: string): value is AuditEventType {
  return Object.hasOwn(AUDIT_EVENT_TYPES, value);
}
