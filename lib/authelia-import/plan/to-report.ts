/**
 * The report: the plan without its data, so no secret (hashes, TOTP seeds, the SMTP password,
 * client secret digests) can reach the CLI's output, a page or a log. The one way to make an
 * ImportReport; items keep only key, action, reason and detail, which never hold a secret.
 */
import { IMPORT_CATEGORIES, type ImportAction, type ImportCategory, type ImportPlan, type ImportReport, type ReportItem } from '../types';

export function toImportReport(plan: ImportPlan): ImportReport {
  const categories = {} as Record<ImportCategory, ReportItem[]>;
  const counts = {} as ImportReport['counts'];
  for (const category of IMPORT_CATEGORIES) {
    categories[category] = plan[category].map(({ key, action, reason, detail }) => ({ key, action, detail, ...(reason !== undefined && { reason }) }));
    const tally: Partial<Record<ImportAction, number>> = {};
    for (const item of categories[category]) tally[item.action] = (tally[item.action] ?? 0) + 1;
    counts[category] = tally;
  }
  return {
    source: plan.source,
    storage: plan.storage,
    choices: plan.choices,
    categories,
    counts,
    problems: plan.problems.map(({ where, message, line }) => ({ where, message, ...(line !== undefined && { line }) })),
    applicable: plan.applicable,
  };
}
