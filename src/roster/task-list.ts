// The task and target list the provincial 双随机、一公开 platform exports for a drawn task (抽查任务
// 编号, 检查对象, 统一社会信用代码, 检查实施机关, 检查人员), matched to the platform roster by
// credit code. Read like a roster (XLSX or CSV, title rows, Chinese headers, every problem named by
// row and column, nothing half-read) and kept as a draw-like file: a city's campaign names it in
// `exclude` so that its own draw never repeats the province's picks.
import { z } from 'zod';
import type { PlatformRecord } from '../../rules/types.js';
import { type Headers, InputFileError, readTableFile } from './table-file.js';

export const TASK_HEADERS: Headers = {
  taskId: ['抽查任务编号', '任务编号'],
  name: ['检查对象', '检查对象名称', '企业名称', '主体名称'],
  uscc: ['统一社会信用代码'],
  unit: ['检查实施机关', '实施机关'],
  inspectors: ['检查人员', '执法人员'],
};

const taskRowSchema = z.object({
  taskId: z.string({ message: 'expected the 抽查任务编号' }).trim().min(1, { message: 'expected the 抽查任务编号' }),
  name: z.string().trim().min(1).optional(),
  uscc: z
    .string({ message: 'expected the 统一社会信用代码' })
    .trim()
    .transform((s) => s.toUpperCase())
    .pipe(z.string().regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/, { message: 'expected an 18-character 统一社会信用代码' })),
  unit: z.string().trim().min(1).optional(),
  inspectors: z.string().trim().optional(),
});

export interface ProvincialTarget {
  platformId: string;
  uscc: string;
  name: string;
  unit: string | null;
  /** As the platform lists them (names): matched to accounts only when a person acts. */
  inspectors: string[];
}

/** What the platform's task export becomes: a draw file by its shape (campaignId, targets[].platformId). */
export interface ProvincialTask {
  source: 'provincial-platform';
  /** The 抽查任务编号. */
  campaignId: string;
  importedFrom: string;
  targets: ProvincialTarget[];
}

/** The file `campaign import` writes, as `campaign open` reads it back. */
export const provincialTaskSchema: z.ZodType<ProvincialTask> = z.strictObject({
  source: z.literal('provincial-platform', { message: 'expected "provincial-platform": a file written by wangjian campaign import' }),
  campaignId: z.string().trim().min(1),
  importedFrom: z.string(),
  targets: z
    .array(z.strictObject({ platformId: z.string().min(1), uscc: z.string().min(1), name: z.string(), unit: z.string().nullable(), inspectors: z.array(z.string()) }))
    .min(1, { message: 'expected the task\'s targets' }),
});

/** Reads the export and matches each target to `roster` by credit code; refuses the whole file on any problem. */
export async function readProvincialTask(file: string, roster: readonly PlatformRecord[]): Promise<ProvincialTask> {
  const rows = await readTableFile(file, taskRowSchema, ['taskId', 'uscc'], TASK_HEADERS);
  const byUscc = new Map(roster.map((p) => [p.uscc.toUpperCase(), p]));
  const problems: string[] = [];
  const tasks = new Set(rows.map((r) => r.value.taskId));
  if (tasks.size > 1) problems.push(`holds ${tasks.size} tasks (${[...tasks].join(', ')}): export one 抽查任务 a file`);
  const targets: ProvincialTarget[] = [];
  for (const { value, where, written } of rows) {
    const platform = byUscc.get(value.uscc);
    const column = written.uscc ?? 'uscc';
    if (!platform) problems.push(`${where}, field "${column}": ${value.uscc} is not in the platform roster`);
    else if (targets.some((t) => t.platformId === platform.id)) problems.push(`${where}, field "${column}": ${value.uscc} is listed twice`);
    else targets.push({ platformId: platform.id, uscc: value.uscc, name: value.name ?? platform.name, unit: value.unit ?? null, inspectors: (value.inspectors ?? '').split(/[、,，;；\s]+/).filter(Boolean) });
  }
  if (problems.length) throw new InputFileError(file, problems);
  return { source: 'provincial-platform', campaignId: [...tasks][0]!, importedFrom: file, targets };
}
