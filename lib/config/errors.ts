/** The one error a bad configuration stops the start with: every problem, one per line. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Gatehouse cannot start: the configuration has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n` +
        problems.map((p) => `  - ${p}`).join('\n') +
        '\nSee the "Configuration" section of README.md for every variable and its default.',
    );
    this.name = 'ConfigError';
  }
}
