// /evidence/:inspectionId/<path>: a file of the inspection's run folder, for those who may see the
// inspection, under a CSP sandbox so a captured page can never act in the app.
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { ServeContext } from '../app.js';
import { runFolder } from '../../review/record-steps.js';
import { contentType, EVIDENCE_CSP, evidencePath } from '../evidence.js';

export function register(app: FastifyInstance, ctx: ServeContext): void {
  app.get<{ Params: { inspectionId: string; '*': string } }>('/evidence/:inspectionId/*', (req, reply) => {
    const user = ctx.requireUser(req, reply);
    if (!user) return reply;
    const inspection = ctx.inspectionFor(req, reply, user, req.params.inspectionId);
    if (!inspection) return reply;
    const runDir = runFolder(ctx.db, ctx.runsRoot, inspection);
    const file = runDir && evidencePath(runDir, inspection.platform.id, req.params['*']);
    if (!file) return ctx.deny(req, reply, 404, '没有这个证据文件', inspection.id);
    return reply
      .header('Content-Security-Policy', EVIDENCE_CSP)
      .header('Cross-Origin-Resource-Policy', 'same-origin')
      .type(contentType(file))
      .send(readFileSync(file));
  });
}
