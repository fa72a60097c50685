/**
 * `npm run import:authelia -- <folder> [--apply] [--on-conflict skip|merge] [--merge-consent]
 * [--file-var AUTHELIA_…_FILE=/path]…` (scripts/start.mjs → dist/server.mjs import-authelia):
 * reads the Authelia folder, prints the dry-run report (never a secret: plan/to-report.ts) and,
 * with --apply, imports it in one transaction (apply/apply-authelia-import.ts), audited as done
 * from the server console. Returns the lines to print and the exit code; reads no argv itself.
 */
import { resolve } from 'node:path';
import type { Env } from '../../config';
import { CONSOLE_ACTOR, CONSOLE_META } from '../../console/console-actor';
import type { Db } from '../../db';
import { isAppError } from '../../errors';
import { applyAutheliaImport } from '../apply/apply-authelia-import';
import { readAutheliaInstallation } from '../read/read-installation';
import { IMPORT_CATEGORIES, IMPORT_CATEGORY_LABELS, type ImportChoices, type ImportReport } from '../types';
import { planAutheliaImport } from './plan-import';
import { toImportReport } from './to-report';

export const IMPORT_COMMAND_USAGE = `Usage: npm run import:authelia -- <folder> [options]

  <folder>                      the Authelia folder: configuration.yml, users_database.yml, authelia.db, .secrets/
  --apply                       import (one transaction); without it, only the dry-run report is printed
  --on-conflict skip|merge      users already in Gatehouse (same username or email): skip them (default) or merge
  --merge-consent               required with --on-conflict merge: you agree to merge those accounts
  --file-var NAME=PATH          a *_FILE variable of the Authelia container, e.g.
                                AUTHELIA_STORAGE_ENCRYPTION_KEY_FILE=/run/secrets/STORAGE_ENCRYPTION_KEY
                                (the file of that name is read from the folder's .secrets/ or secrets/)`;

export type ImportCommandResult = { code: 0 | 1 | 2; lines: string[] };

type Parsed = { folder: string; apply: boolean; choices: ImportChoices; fileVariables: Record<string, string> };

export function parseImportArgs(args: string[]): Parsed | string {
  const parsed: Parsed = { folder: '', apply: false, choices: { onConflict: 'skip', mergeConsent: false }, fileVariables: {} };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--apply') parsed.apply = true;
    else if (arg === '--merge-consent') parsed.choices.mergeConsent = true;
    else if (arg === '--on-conflict') {
      const value = args[++i];
      if (value !== 'skip' && value !== 'merge') return '--on-conflict takes skip or merge.';
      parsed.choices.onConflict = value;
    } else if (arg === '--file-var') {
      const match = /^(AUTHELIA_[A-Z0-9_]+_FILE)=(.+)$/.exec(args[++i] ?? '');
      if (!match) return '--file-var takes AUTHELIA_…_FILE=/path.';
      parsed.fileVariables[match[1]!] = match[2]!;
    } else if (arg.startsWith('-')) return `Unknown option ${arg}.`;
    else if (parsed.folder) return 'Name one folder.';
    else parsed.folder = arg;
  }
  if (!parsed.folder) return 'Name the Authelia folder.';
  if (parsed.choices.onConflict === 'merge' && !parsed.choices.mergeConsent) {
    return '--on-conflict merge needs --merge-consent: merging puts the Authelia data into existing Gatehouse accounts.';
  }
  return parsed;
}

export function formatReport(report: ImportReport): string[] {
  const storage =
    report.storage.kind === 'none'
      ? `no storage read (${report.storage.reason})`
      : `${report.storage.kind} storage, schema version ${report.storage.schemaVersion}`;
  const lines = [`Authelia ${report.source.kind === 'folder' ? `folder ${report.source.path}` : 'upload'}: ${storage}`];
  for (const category of IMPORT_CATEGORIES) {
    const items = report.categories[category];
    const counts = Object.entries(report.counts[category]).map(([action, n]) => `${n} ${action}`);
    lines.push('', `${IMPORT_CATEGORY_LABELS[category]}: ${items.length ? counts.join(', ') : 'none'}`);
    for (const item of items) lines.push(`  ${item.action.padEnd(9)} ${item.key} — ${item.detail}${item.reason ? ` (${item.reason})` : ''}`);
  }
  if (report.problems.length) {
    lines.push('', 'Also noted:');
    for (const p of report.problems) lines.push(`  ${p.where}${p.line ? ` line ${p.line}` : ''}: ${p.message}`);
  }
  if (!report.applicable) lines.push('', 'Some users clash with Gatehouse accounts: choose --on-conflict skip, or merge with --merge-consent.');
  return lines;
}

export async function runImportAutheliaCommand(db: Db, env: Env, args: string[]): Promise<ImportCommandResult> {
  const parsed = parseImportArgs(args);
  if (typeof parsed === 'string') return { code: 2, lines: [parsed, '', IMPORT_COMMAND_USAGE] };
  try {
    const installation = await readAutheliaInstallation({ kind: 'folder', path: resolve(parsed.folder), fileVariables: parsed.fileVariables });
    const plan = await planAutheliaImport(db, installation, { webauthnRpId: env.secondFactor.rpId, encryptionKey: env.secrets.encryptionKey }, parsed.choices);
    const lines = formatReport(toImportReport(plan));
    if (!parsed.apply) return { code: 0, lines: [...lines, '', 'Dry run: nothing was changed. Run again with --apply to import.'] };
    if (!plan.applicable) return { code: 1, lines: [...lines, '', 'Nothing was imported.'] };
    const result = await applyAutheliaImport(db, plan, parsed.choices, CONSOLE_ACTOR, { meta: { ...CONSOLE_META, userAgent: 'npm run import:authelia' }, env });
    const summary = IMPORT_CATEGORIES.map(
      (c) =>
        `${IMPORT_CATEGORY_LABELS[c]}: ${
          Object.entries(result.counts[c])
            .map(([o, n]) => `${n} ${o}`)
            .join(', ') || 'none'
        }`,
    );
    return {
      code: 0,
      lines: [
        ...lines,
        '',
        result.changed ? 'Imported (one transaction, audited as done from the server console):' : 'Nothing to change: everything was already imported.',
        ...summary,
      ],
    };
  } catch (error) {
    if (isAppError(error)) return { code: 1, lines: [error.userMessage, 'Nothing was imported.'] };
    throw error;
  }
}
