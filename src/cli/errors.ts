// The CLI's own errors: a problem with the user's input (a file, a column, an option) that is
// reported as one line on stderr with exit code 2, never as a stack trace.
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 2) {
    super(message);
    this.name = "CliError";
    this.exitCode = exitCode;
  }
}

/** A readable reason for a failed file operation (ENOENT → "no such file", …). */
export function fsReason(err: unknown, path: string): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  switch (code) {
    case "ENOENT": return `no such file: ${path}`;
    case "EISDIR": return `${path} is a directory, not a file`;
    case "EACCES": case "EPERM": return `permission denied: ${path}`;
    case "ENOTDIR": return `not a directory on the way to ${path}`;
    default: return `cannot access ${path}: ${(err as Error)?.message ?? String(err)}`;
  }
}
