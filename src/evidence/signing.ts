// The bureau's signature on an evidence pack, in the anonymous form of WACZ Signing and
// Verification 0.1.0: the datapackage's hash ("sha256:…", as text) signed with the key
// WANGJIAN_SIGNING_KEY names, the public key beside it. The form's domain certificate and RFC 3161
// time stamp need services outside the bureau and are not made here.
import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { TOOL_VERSION } from '../version.js';
import { EvidenceError } from './load.js';

/** The `signedData` of datapackage-digest.json. */
export interface SignedData {
  hash: string;
  created: string;
  software: string;
  /** Base64 of the signature: Ed25519, or ECDSA over SHA-256 as r‖s (what Web Crypto verifies). */
  signature: string;
  /** Base64 of the public key's DER SubjectPublicKeyInfo. */
  publicKey: string;
}

/** A PEM key file: a private key to sign with, or (to verify) a private or public key. */
export function readKeyFile(file: string, use: 'sign' | 'verify'): KeyObject {
  let key: KeyObject;
  try {
    const pem = readFileSync(file);
    key = use === 'sign' ? createPrivateKey(pem) : createPublicKey(pem);
  } catch (error) {
    throw new EvidenceError(`the signing key ${file} cannot be read as a PEM ${use === 'sign' ? 'private ' : ''}key: ${(error as Error).message}`);
  }
  describeKey(key, file);
  return key;
}

/** The algorithm's name; keys of another kind are refused. */
function describeKey(key: KeyObject, where: string): string {
  if (key.asymmetricKeyType === 'ed25519') return 'Ed25519';
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (key.asymmetricKeyType === 'ec' && (curve === 'prime256v1' || curve === 'secp384r1')) return curve === 'prime256v1' ? 'ECDSA P-256' : 'ECDSA P-384';
  throw new EvidenceError(`the key of ${where} is ${key.asymmetricKeyType}${curve ? ` ${curve}` : ''}; an evidence pack is signed with Ed25519 or ECDSA P-256 (or P-384)`);
}

// Ed25519 hashes inside the algorithm; ECDSA signs a SHA-256 digest.
const digestOf = (key: KeyObject) => (key.asymmetricKeyType === 'ed25519' ? null : 'sha256');

export function signHash(hash: string, key: KeyObject, created: Date): SignedData {
  const signature = sign(digestOf(key), Buffer.from(hash), { key, dsaEncoding: 'ieee-p1363' });
  const publicKey = createPublicKey(key).export({ type: 'spki', format: 'der' });
  return { hash, created: created.toISOString(), software: `wangjian ${TOOL_VERSION}`, signature: signature.toString('base64'), publicKey: publicKey.toString('base64') };
}

/** The public key a signature names, as its algorithm and the SHA-256 of its DER form. */
export function keyName(publicKey: KeyObject): string {
  return `${describeKey(publicKey, 'the signature')} key sha256:${createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex')}`;
}

/** Whether a signature of `hash` holds, and with whose key; `trusted` is the key it must be made with, when one is configured. */
export function checkSignature(signed: SignedData, hash: string, trusted: KeyObject | null): { signer: string } | { problem: string } {
  if (signed.hash !== hash) return { problem: `it signs ${signed.hash}, not the datapackage's ${hash}` };
  let publicKey: KeyObject;
  let signer: string;
  try {
    publicKey = createPublicKey({ key: Buffer.from(signed.publicKey, 'base64'), format: 'der', type: 'spki' });
    signer = keyName(publicKey);
  } catch (error) {
    return { problem: `its public key cannot be read: ${(error as Error).message}` };
  }
  if (!verify(digestOf(publicKey), Buffer.from(signed.hash), { key: publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(signed.signature, 'base64'))) return { problem: `the signature does not hold for the ${signer}` };
  if (trusted && !publicKey.equals(createPublicKey(trusted))) return { problem: `it was made with the ${signer}, not the configured WANGJIAN_SIGNING_KEY (${keyName(createPublicKey(trusted))})` };
  return { signer };
}
