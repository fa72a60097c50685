/**
 * What "Test connection" and "Test a user" show on the admin page: a list of steps, each passed
 * or failed with its detail, and for a user what Gatehouse would see and map. Shared by the
 * server (which builds it from the directory's answer) and the page (which shows it); no secret
 * is ever put in it (the bind password is not, and no user password is asked).
 */
export type TestStep = { label: string; ok: boolean; detail: string };

export type TestView =
  | { kind: 'connection'; ok: boolean; steps: TestStep[] }
  | {
      kind: 'user';
      ok: boolean;
      login: string;
      steps: TestStep[];
      /** The entry's attributes as read (name, values joined). */
      attributes: [string, string][];
      /** What Gatehouse would store. */
      mapped: [string, string][];
      groups: string[];
      imported: string[];
      admin: boolean;
      /** What a sign-in would do now, in words, and how it went. */
      decision: string;
      decisionTone: 'green' | 'amber' | 'red';
    };

/** The JSON the page receives, read back (null for anything that is not one). */
export function parseTestView(json: string): TestView | null {
  try {
    const value = JSON.parse(json) as { kind?: unknown };
    return value && (value.kind === 'connection' || value.kind === 'user') ? (value as TestView) : null;
  } catch {
    return null;
  }
}
