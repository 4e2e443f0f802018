// `wangjian serve`: the review web application for inspectors and leads (src/serve/).
import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { paths } from '../paths.js';
import { EXIT } from './exit-codes.js';

interface ServeFlags {
  port: number;
  host: string;
  tlsCert?: string;
  tlsKey?: string;
  secureCookie?: boolean;
  trustProxy?: string;
}

export const portNumber = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('--port must be a port number (0–65535)');
  return n;
};

export function addServeCommand(program: Command): void {
  program
    .command('serve')
    .description('serve the review web application: inspectors confirm draft findings and sign record forms')
    .option('--port <n>', 'port to listen on', portNumber, 8080)
    .option('--host <address>', 'address to listen on (0.0.0.0 for every interface of the office network)', '127.0.0.1')
    .option('--tls-cert <file>', 'serve https with this certificate (PEM); needs --tls-key')
    .option('--tls-key <file>', 'private key (PEM) of --tls-cert')
    .option('--secure-cookie', 'mark the session cookie Secure: the app is reached over https through a proxy')
    .option('--trust-proxy <address>', 'address (or CIDR) of the reverse proxy in front, whose X-Forwarded-For/-Proto/-Host are believed')
    .action(async (flags: ServeFlags, cmd: Command) => {
      if ((flags.tlsCert === undefined) !== (flags.tlsKey === undefined)) cmd.error('error: --tls-cert and --tls-key go together', { exitCode: EXIT.badInput });
      // Loaded here: the CLI's other commands do not need the web server.
      const [{ buildApp }, { openDatabase }] = await Promise.all([import('../serve/app.js'), import('../store/database.js')]);
      const db = openDatabase(paths.database);
      const https = flags.tlsCert && flags.tlsKey ? { cert: readFileSync(flags.tlsCert), key: readFileSync(flags.tlsKey) } : undefined;
      // Request logs (pino, JSON lines) go to stderr, so stdout carries only where the server listens.
      const { pino } = await import('pino');
      const logger = pino(pino.destination(2));
      const app = await buildApp({ db, logger, https, secureCookie: flags.secureCookie ?? false, ...(flags.trustProxy ? { trustProxy: flags.trustProxy } : {}) });
      const stopped = new Promise<void>((done) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          done();
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      try {
        const address = await app.listen({ port: flags.port, host: flags.host });
        process.stdout.write(`wangjian review server listening on ${address} (database ${paths.database}); Ctrl-C stops it\n`);
        // The command ends when the server is stopped, not when it starts listening.
        await stopped;
      } finally {
        await app.close();
        db.close();
      }
    });
}
