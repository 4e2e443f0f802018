// Runs the `wangjian` command (program.ts) and gives every way it can end its exit status
// (exit-codes.ts): errors of input are one line on stderr and status 2, never a stack.
import { CommanderError } from 'commander';
import { InputError } from '../input-error.js';
import { EXIT } from './exit-codes.js';
import { buildProgram } from './program.js';

try {
  await buildProgram().parseAsync(process.argv);
  // Every command has done its work when its action returns (a server's when it is stopped): a
  // socket still open to a site that never answered must not keep the process running after a scan.
  process.exit();
} catch (error) {
  // Commander has already printed its message (usage errors) or the help and version (status 0).
  if (error instanceof CommanderError) process.exit(error.exitCode === EXIT.ok ? EXIT.ok : EXIT.badInput);
  if (error instanceof InputError) {
    process.stderr.write(`wangjian: ${(error as Error).message}\n`);
    process.exit(EXIT.badInput);
  }
  // A server's port taken by another program: the machine's state, not a bug.
  if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    const { address, port } = error as NodeJS.ErrnoException & { address?: string; port?: number };
    process.stderr.write(`wangjian: ${address}:${port} is already in use by another program (another wangjian serve or demo?)\n`);
    process.exit(EXIT.failed);
  }
  throw error;
}
