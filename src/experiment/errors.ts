/**
 * Errors of the experiment layer. `UserError` is a mistake in what the user asked for (exit code 2
 * in the CLI, message without a stack); `RunAbortedError` is a run stopped by its AbortSignal
 * (Ctrl-C); anything else is an internal error.
 */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}

export class RunAbortedError extends Error {
  constructor(message = 'run interrupted') {
    super(message);
    this.name = 'RunAbortedError';
  }
}

/** A replication failed inside the model (a bug or an impossible parameter combination). */
export class ReplicationError extends Error {
  constructor(
    readonly arm: string,
    readonly replication: number,
    message: string,
    readonly workerStack?: string,
  ) {
    super(`replication ${replication} of arm "${arm}" failed: ${message}`);
    this.name = 'ReplicationError';
  }
}

/** True for errors caused by user input (scenario files, options), which the CLI reports plainly. */
export function isUserError(e: unknown): e is Error & { format?: () => string } {
  return e instanceof Error && (e instanceof UserError || e.name === 'ScenarioError' || e.name === 'UserError' || e.name === 'ChartsError');
}
