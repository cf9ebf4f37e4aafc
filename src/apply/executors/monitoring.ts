/**
 * Executor for the monitoring resources: one ARM PUT of the whole resource body. Alert rules get
 * their query built here, once every account id is known, and parsed with Microsoft's Kusto
 * language service against the table schemas — an invalid query is refused before it is written.
 */
import type { Executor } from '../executor.js';
import { UsageError } from '../../errors.js';
import { signInAlertQuery, auditAlertQuery } from '../../kql/queries.js';
import { parseKql, formatDiagnostics } from '../../kql/parse.js';
import { SIGNIN_LOGS, AUDIT_LOGS } from '../../kql/schemas.js';

interface QuerySpec {
  which: 'signIns' | 'changes';
  accounts: { id: string; userPrincipalName: string }[];
  groupId: string;
  policyId: string | null;
}

/** Builds an alert query and proves it parses; throws a one-line error naming the problem. */
export function buildCheckedQuery(spec: QuerySpec): string {
  const query =
    spec.which === 'signIns'
      ? signInAlertQuery(spec.accounts)
      : auditAlertQuery({
          accounts: spec.accounts,
          groupId: spec.groupId,
          policyId: spec.policyId ?? undefined,
        });
  const errors = parseKql(query, [SIGNIN_LOGS, AUDIT_LOGS]).diagnostics.filter((d) => d.severity === 'error');
  if (errors.length)
    throw new UsageError(
      `refusing to write an alert query that does not parse: ${formatDiagnostics(errors).join('; ')}`,
    );
  return query;
}

export const putArmResource: Executor = async (change, { env, resolve }) => {
  if (!env.arm)
    throw new UsageError(
      'this plan changes Azure monitoring resources, but no Azure connection is configured',
    );
  const spec = resolve<{
    id: string;
    apiVersion: string;
    body: { properties?: { criteria?: { allOf: { query: string }[] } } };
    query?: QuerySpec;
  }>(change.spec);
  const body = structuredClone(spec.body);
  if (spec.query && body.properties?.criteria?.allOf[0])
    body.properties.criteria.allOf[0].query = buildCheckedQuery(spec.query);
  const result = await env.arm.put<{ id?: string }>(spec.id, spec.apiVersion, body);
  return { id: result?.id ?? spec.id };
};
