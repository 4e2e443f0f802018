// What a user gave was wrong (a file, an argument, a state the command cannot act on): the
// command says so in one line and exits with status 2. Every such error extends this one, so the
// command line's entry (cli/main.ts) recognises them without loading the modules that raise them.
export class InputError extends Error {
  override name = 'InputError';
}
