// How the CLI fails: a CliError carries the message users see and the exit code. Anything else that escapes
// a command is reported as one line (never a stack trace unless KRO_DEBUG is set) with exit code 1.

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** The single line printed for an error that escaped a command. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message.trim() || err.name;
  return String(err);
}
