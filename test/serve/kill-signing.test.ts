// The review server SIGKILLed while the second inspector signs: the record form ends signed by
// both with its audit entry, or as it was (one signature) with none, never half; the database
// passes PRAGMA integrity_check after every kill; a form signed whose PDF the kill cut off is
// offered for printing again. The server runs as `wangjian serve`, over a copy of one prepared
// storage each time.
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordState, signRecord } from '../../src/review/record-steps.js';
import { openDatabase, type Db } from '../../src/store/database.js';
import { getInspection } from '../../src/store/inspections.js';
import { currentRecordForm } from '../../src/store/record-forms.js';
import { serve } from '../helpers/cli.js';
import { HttpClient } from '../helpers/http-client.js';
import { PASSWORD, signableInspection } from '../helpers/signable.js';
import { tempDir } from '../helpers/tmp.js';

const tmp = tempDir('wangjian-kill-signing-');
const prepared = join(tmp.dir, 'prepared');
let inspectionId = 0;

beforeAll(async () => {
  inspectionId = await signableInspection(prepared);
  const db = openDatabase(join(prepared, 'wangjian.sqlite'));
  try {
    const inspection = getInspection(db, inspectionId)!;
    await signRecord(db, inspection, 'jc-01', recordState(db, inspection).contentSha256, join(prepared, 'runs'));
    expect(currentRecordForm(db, inspectionId)).toMatchObject({ status: 'draft', signatures: [{ inspector: 'jc-01' }] });
  } finally {
    db.close();
  }
});

afterAll(() => tmp.remove());

interface Outcome {
  status: string;
  signatures: number;
  signedEntries: number;
  integrity: string;
  pdfKept: boolean;
}

function outcomeIn(db: Db): Outcome {
  const form = currentRecordForm(db, inspectionId)!;
  return {
    status: form.status,
    signatures: form.signatures.length,
    signedEntries: (db.prepare(`SELECT COUNT(*) AS n FROM audit_log WHERE action = 'record-signed'`).get() as { n: number }).n,
    integrity: (db.prepare('PRAGMA integrity_check').get() as { integrity_check: string }).integrity_check,
    pdfKept: form.pdfPath !== null,
  };
}

/**
 * jc-02 signs on a server started over a fresh copy of the prepared storage, and the server is
 * SIGKILLed when `killWhen` resolves; returns the storage as the kill left it.
 */
async function signAndKill(name: string, killWhen: (storage: string, answered: Promise<Response>) => Promise<unknown>): Promise<{ storage: string; outcome: Outcome }> {
  const storage = join(tmp.dir, name);
  cpSync(prepared, storage, { recursive: true });
  const { server, base } = await serve(storage);
  try {
    const client = new HttpClient(base);
    expect((await client.logIn('jc-02', PASSWORD)).status).toBe(303);
    const page = await (await client.request('GET', `/inspections/${inspectionId}/record`)).text();
    const sha = /name="contentSha256" value="([0-9a-f]{64})"/.exec(page)![1]!;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
    const answered = client.request('POST', `/inspections/${inspectionId}/record/sign`, { form: { _csrf: csrf, contentSha256: sha } });
    answered.catch(() => undefined);
    await killWhen(storage, answered);
  } finally {
    server.child.kill('SIGKILL');
    await server.ended;
  }
  const db = openDatabase(join(storage, 'wangjian.sqlite'));
  try {
    return { storage, outcome: outcomeIn(db) };
  } finally {
    db.close();
  }
}

/** Resolves once the second signature is committed, read by a connection of the test's own. */
async function committed(storage: string): Promise<void> {
  const db = openDatabase(join(storage, 'wangjian.sqlite'));
  try {
    while (currentRecordForm(db, inspectionId)?.status !== 'signed') await new Promise((r) => setTimeout(r, 5));
  } finally {
    db.close();
  }
}

const signedWhole = { status: 'signed', signatures: 2, signedEntries: 1, integrity: 'ok' };
const asBefore = { status: 'draft', signatures: 1, signedEntries: 0, integrity: 'ok', pdfKept: false };

describe('a SIGKILL of the server while the second inspector signs', () => {
  it('leaves the signature whole or not there at all, at any moment, and the database sound', async () => {
    for (const [i, ms] of [0, 25, 60].entries()) {
      const { outcome } = await signAndKill(`at-${i}`, () => new Promise((r) => setTimeout(r, ms)));
      expect(outcome.integrity).toBe('ok');
      if (outcome.status === 'signed') expect(outcome).toMatchObject(signedWhole);
      else expect(outcome).toEqual(asBefore);
    }
  });

  it('after the signature is committed and before its PDF is kept: signed, and the PDF offered for printing again', async () => {
    const { storage, outcome } = await signAndKill('after-commit', (s) => committed(s));
    expect(outcome).toMatchObject({ ...signedWhole, pdfKept: false });
    const { server, base } = await serve(storage);
    try {
      const client = new HttpClient(base);
      await client.logIn('jc-02', PASSWORD);
      const page = await (await client.request('GET', `/inspections/${inspectionId}/record`)).text();
      expect(page).toContain(`action="/inspections/${inspectionId}/record/print"`);
    } finally {
      server.child.kill('SIGTERM');
      await server.ended;
    }
  });

  it('after the answer: signed, with the PDF kept', async () => {
    const { outcome } = await signAndKill('answered', async (_s, answered) => expect((await answered).status).toBe(303));
    expect(outcome).toMatchObject({ ...signedWhole, pdfKept: true });
  });
});
