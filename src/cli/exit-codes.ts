// The exit status of every command (README "Exit status"): it says whether the command ran, not
// what a scan found.
export const EXIT = {
  /** It ran, whatever it found; help and version too. */
  ok: 0,
  /** It ran and failed: a draw that does not verify, a port already in use, or an unexpected error (a bug: its stack is on stderr). */
  failed: 1,
  /** Bad arguments or input: nothing was changed. */
  badInput: 2,
  /** EX_TEMPFAIL: another nightly holds the lock, so this one did not run. */
  locked: 75,
  /** Stopped by Ctrl-C or SIGTERM: what was done is kept, and a resume continues it. */
  interrupted: 130,
} as const;
