// A time-stamping authority (RFC 3161) of the test's own: a CA and a TSA certificate
// (extendedKeyUsage critical, timeStamping) made by openssl in the test's folder, and OpenSSL's
// `ts -reply` answering requests posted to a server on 127.0.0.1.
import { execFileSync, execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

export interface TestTsa {
  url: string;
  /** The CA certificate that vouches for the TSA (WANGJIAN_TSA_CA). */
  ca: string;
  /** Another CA's certificate, that does not. */
  otherCa: string;
  close(): Promise<void>;
}

const openssl = (cwd: string, ...args: string[]) => execFileSync('openssl', args, { cwd, stdio: 'ignore' });

function makeCa(dir: string, name: string): void {
  openssl(dir, 'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '2', '-subj', `/CN=${name}`, '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
}

export async function startTestTsa(base: string): Promise<TestTsa> {
  const dir = join(base, 'tsa');
  mkdirSync(dir, { recursive: true });
  makeCa(dir, 'test-ca');
  makeCa(dir, 'other-ca');
  writeFileSync(join(dir, 'tsa.ext'), 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=critical,timeStamping\n');
  openssl(dir, 'req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'tsa.key', '-out', 'tsa.csr', '-subj', '/CN=Test TSA');
  openssl(dir, 'x509', '-req', '-in', 'tsa.csr', '-CA', 'test-ca.pem', '-CAkey', 'test-ca.key', '-CAcreateserial', '-out', 'tsa.pem', '-days', '2', '-extfile', 'tsa.ext');
  writeFileSync(join(dir, 'serial'), '01\n');
  writeFileSync(
    join(dir, 'tsa.cnf'),
    ['[ tsa ]', 'default_tsa = test_tsa', '[ test_tsa ]', `serial = ${dir}/serial`, `signer_cert = ${dir}/tsa.pem`, `signer_key = ${dir}/tsa.key`, 'signer_digest = sha256', 'default_policy = 1.2.3.4.1', 'digests = sha256', 'accuracy = secs:1', 'ess_cert_id_alg = sha256', ''].join('\n'),
  );
  let n = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const query = join(dir, `q${++n}.tsq`);
      const reply = join(dir, `r${n}.tsr`);
      writeFileSync(query, Buffer.concat(chunks));
      promisify(execFile)('openssl', ['ts', '-reply', '-config', join(dir, 'tsa.cnf'), '-queryfile', query, '-out', reply]).then(
        () => res.writeHead(200, { 'content-type': 'application/timestamp-reply' }).end(readFileSync(reply)),
        (error: Error) => res.writeHead(500).end(error.message),
      );
    });
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/tsa`,
    ca: join(dir, 'test-ca.pem'),
    otherCa: join(dir, 'other-ca.pem'),
    close: () => new Promise((closed) => server.close(() => closed())),
  };
}
