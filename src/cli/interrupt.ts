// Ctrl-C (or SIGTERM) during a long command: the first stops its work cleanly, saying what becomes
// of the work under way; a second quits at once (status 130).
import { EXIT } from './exit-codes.js';

export interface Interruptible {
  /** Aborted at the first signal. */
  signal: AbortSignal;
  /** Stops listening: the command is done. */
  release(): void;
}

export function stopOnSignal(saying: string): Interruptible {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(EXIT.interrupted);
    process.stderr.write(`\n${saying}\n`);
    controller.abort(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    release() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
