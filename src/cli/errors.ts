// How the CLI fails: a CliError carries the message users see and the exit code. Anything else that escapes
// a command is reported as one line (never a stack trace unless KRO_DEBUG is set) with exit code 1.
//
// Exit codes (docs/cli.md): 0 success, 1 the input is invalid (validation or render errors, an unreachable
// cluster), 2 the command was used wrongly (unknown flags or values, missing or unreadable files).

export const EXIT_OK = 0;
export const EXIT_INVALID = 1;
export const EXIT_USAGE = 2;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = EXIT_INVALID,
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
