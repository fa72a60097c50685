/**
 * "Test connection" and "Test a user" on the admin page, with the values in the form (nothing is
 * saved; a kept bind password is the stored one): core's testDirectoryConnection and
 * lookUpDirectoryUser, described for the page as steps and, for a user, what Gatehouse would see,
 * store and decide. No password is asked or checked, nobody is signed in. Each test is audited
 * (kind and outcome; the login for a user test), never with a secret.
 */
import { type AuditParty, logEvent } from '../../audit/log-event';
import type { DirectoryConfig } from '../../config';
import type { Db } from '../../db';
import { displayNameOf } from '../apply-directory-user';
import { lookUpDirectoryUser } from '../look-up-directory-user';
import type { TlsDetails } from '../open-connection';
import { testDirectoryConnection } from '../test-directory-connection';
import type { RequestMeta } from '../../http/request-meta-types';
import type { DirectorySettingsForm } from './directory-form';
import { previewDirectory } from './preview-directory';
import type { TestStep, TestView } from './test-view';

const STEP_LABEL = { connect: 'Connect', 'service-bind': 'Service account', users: 'Users', groups: 'Groups' } as const;

export type DirectoryTestResult = { ok: boolean; summary: string; view: TestView };

async function testConnection(directory: DirectoryConfig): Promise<DirectoryTestResult> {
  const report = await testDirectoryConnection(directory);
  const steps: TestStep[] = report.steps.map((s) => ({ label: STEP_LABEL[s.step], ok: s.ok, detail: s.message }));
  if (report.tls) steps.splice(1, 0, { label: 'Certificate', ok: directory.tlsVerify, detail: describeTls(report.tls, directory.tlsVerify) });
  const failed = report.steps.find((s) => !s.ok);
  return {
    ok: report.ok,
    summary: report.ok
      ? `The directory answers: ${report.users ?? 0} users and ${report.groups ?? 0} groups found. Nothing is saved yet.`
      : `${STEP_LABEL[failed?.step ?? 'connect']} failed: ${failed?.message ?? ''}`,
    view: { kind: 'connection', ok: report.ok, steps },
  };
}

function describeTls(tls: TlsDetails, verified: boolean): string {
  const parts = [
    tls.peerSubject && `for ${tls.peerSubject}`,
    tls.peerIssuer && `issued by ${tls.peerIssuer}`,
    tls.validTo && `valid until ${tls.validTo}`,
    tls.protocol && tls.cipher && `${tls.protocol} ${tls.cipher}`,
  ].filter(Boolean);
  return `${parts.join(', ')}${verified ? ' (checked)' : ' (NOT checked: certificate checking is off)'}.`;
}

async function testUser(db: Db, directory: DirectoryConfig, login: string): Promise<DirectoryTestResult> {
  const report = await lookUpDirectoryUser(db, directory, login);
  const base = { kind: 'user' as const, login, attributes: [], mapped: [], groups: [], imported: [], admin: false };
  const refused = (detail: string, label = 'Find the entry'): DirectoryTestResult => ({
    ok: false,
    summary: detail,
    view: { ...base, ok: false, steps: [{ label, ok: false, detail }], decision: detail, decisionTone: 'red' },
  });
  switch (report.status) {
    case 'local-account':
      return refused(
        `“${report.account.username}” is a local account of this portal: its sign-in is checked here, never by the directory (local and directory accounts are never merged).`,
        'Local account',
      );
    case 'not-found':
      return refused(
        `No entry under the user base matches the user filter with this username${report.referrals ? ` (the directory answered ${report.referrals} referral(s), which are not followed)` : ''}.`,
      );
    case 'ambiguous':
      return refused(`Two or more entries match this login (${report.dns.join('; ')}): such a login is refused at sign-in.`);
    case 'unusable':
      return refused(`The entry ${report.dn} has no username or no unique id attribute: it cannot be an account.`);
    case 'error':
      return refused(report.message, 'Search');
  }
  const { user, groups, decision } = report;
  const tone = decision.outcome === 'refuse' ? 'red' : decision.outcome === 'create' && decision.status === 'pending' ? 'amber' : 'green';
  const text =
    decision.outcome === 'refuse'
      ? `A sign-in would be refused: ${decision.message}`
      : decision.outcome === 'create'
        ? `A first sign-in would create the account “${decision.username}”, ${decision.status === 'active' ? 'active at once' : 'pending an admin’s approval'}.`
        : `A sign-in would update the account “${decision.account.username}” (${decision.status}).`;
  return {
    ok: decision.outcome !== 'refuse',
    summary: text,
    view: {
      kind: 'user',
      ok: decision.outcome !== 'refuse',
      login,
      steps: [{ label: 'Find the entry', ok: true, detail: user.dn }],
      attributes: [
        ['dn', user.dn],
        ['unique id', user.uid],
        ['disabled', user.disabled ? `yes (${user.disabledBy})` : 'no'],
      ],
      mapped: [
        ['username', user.username],
        ['email', user.email ?? ''],
        ['display name', displayNameOf(user)],
        ['given name', user.givenName ?? ''],
        ['family name', user.familyName ?? ''],
      ],
      groups: user.groups,
      imported: groups.gatehouseGroups,
      admin: groups.admin,
      decision: text,
      decisionTone: tone,
    },
  };
}

export async function testDirectoryForm(
  db: Db,
  input: { settings: DirectorySettingsForm; login?: string; actor: AuditParty; meta: RequestMeta },
): Promise<DirectoryTestResult> {
  const directory = await previewDirectory(db, input.settings);
  const login = input.login?.trim();
  const result = login ? await testUser(db, directory, login) : await testConnection(directory);
  await logEvent(db, {
    type: 'directory.tested',
    outcome: result.ok ? 'success' : 'failure',
    actor: input.actor,
    target: { type: 'setting', id: 'directory', name: 'Directory' },
    meta: input.meta,
    data: login ? { kind: 'user', login: login.slice(0, 100) } : { kind: 'connection' },
  });
  return result;
}
