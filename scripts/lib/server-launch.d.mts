// Types of server-launch.mjs for its test (scripts/lib/server-launch.test.ts).
export const SERVER_BUNDLE: string;
export const SERVER_NODE_FLAGS: readonly string[];
export const SERVER_MALLOC_ENV: Readonly<Record<string, string>>;
export function serverLaunch(
  args?: readonly string[],
  env?: Record<string, string | undefined>,
): { command: string; args: string[]; env: Record<string, string | undefined> };
