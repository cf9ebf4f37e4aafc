/**
 * Saved plans: JSON files that are the approval for `apply`. Reading one checks its shape and
 * version before anything else looks at it.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { UsageError } from '../errors.js';
import type { Plan } from './types.js';

const planFileSchema = z.looseObject({
  formatVersion: z.literal(1),
  tool: z.looseObject({ name: z.literal('breakglass'), version: z.string() }),
  createdAt: z.string(),
  tenantId: z.string(),
  model: z.enum(['dedicated', 'exclude-all', 'split']),
  configDigest: z.string(),
  stateDigest: z.string(),
  changes: z.array(
    z.looseObject({
      address: z.string(),
      kind: z.string(),
      action: z.string(),
      dependsOn: z.array(z.string()),
      spec: z.record(z.string(), z.unknown()),
    }),
  ),
  deferred: z.array(z.looseObject({ address: z.string(), reason: z.string() })),
  summary: z.record(z.string(), z.number()),
});

export async function writePlanFile(file: string, plan: Plan): Promise<void> {
  await writeFile(file, JSON.stringify(plan, null, 2) + '\n');
}

export async function readPlanFile(file: string): Promise<Plan> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(
      `cannot read the plan ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
    );
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file} is not a breakglass plan: ${(error as Error).message}`);
  }
  const parsed = planFileSchema.safeParse(document);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(
      `${file} is not a breakglass plan: ${issue.path.join('.') || '(top level)'}: ${issue.message}`,
    );
  }
  return parsed.data as unknown as Plan;
}
