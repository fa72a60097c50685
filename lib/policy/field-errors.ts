/** Zod issues as one message per form field, a list's line named ("Line 2: …") so a long list is fixed without guessing. */
import type { z } from 'zod';

export function fieldErrorsOf(issues: readonly z.core.$ZodIssue[]): Record<string, string> {
  const fieldErrors: Record<string, string> = {};
  for (const issue of issues) {
    const field = String(issue.path[0] ?? 'form');
    const line = typeof issue.path[1] === 'number' ? `Line ${issue.path[1] + 1}: ` : '';
    fieldErrors[field] ??= `${line}${issue.message}`;
  }
  return fieldErrors;
}
