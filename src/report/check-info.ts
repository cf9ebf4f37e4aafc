/**
 * What a report needs to know about a check besides its findings: title, area, rationale, doc path
 * and a one-line fix. `CheckDefinition` (../checks/types.ts) is assignable to `CheckInfo`, so the
 * registry's definitions can be passed as they are; `fix` is filled in by the CLI from the check's
 * Markdown doc ("How to fix") when present.
 */
import type { Area, CheckDefinition, Finding, Severity } from '../checks/types.js';

/** The report-facing part of a check definition. */
export interface CheckInfo {
  id: string;
  title: string;
  area: Area;
  severity: Severity;
  rationale?: string;
  /** Path of the check's Markdown doc relative to the repository root (`docs/checks/<id>.md`). */
  doc?: string;
  /** A short "how to fix" line, shown under each failing finding. */
  fix?: string;
}

/** Check metadata keyed by check id. */
export type CheckCatalogue = ReadonlyMap<string, CheckInfo>;

/** Builds a catalogue from check definitions (or any `CheckInfo` list). Later duplicates lose. */
export function catalogueOf(checks: readonly (CheckInfo | CheckDefinition)[]): CheckCatalogue {
  const map = new Map<string, CheckInfo>();
  for (const check of checks) {
    if (map.has(check.id)) continue;
    const info: CheckInfo = { id: check.id, title: check.title, area: check.area, severity: check.severity };
    if (check.rationale) info.rationale = check.rationale;
    if (check.doc) info.doc = check.doc;
    const fix = (check as CheckInfo).fix;
    if (fix) info.fix = fix;
    map.set(check.id, info);
  }
  return map;
}

const AREA_BY_PREFIX: Readonly<Record<string, Area>> = {
  ACC: 'accounts',
  GRP: 'group',
  CA: 'conditionalAccess',
  MON: 'monitoring',
  OPS: 'operations',
};

/** The area a check id belongs to by its `EA-<AREA>-NNN` prefix; unknown prefixes count as operations. */
export function areaOfCheckId(checkId: string): Area {
  const prefix = /^EA-([A-Z]+)-/.exec(checkId)?.[1] ?? '';
  return AREA_BY_PREFIX[prefix] ?? 'operations';
}

/**
 * The check info for a finding. A finding whose check is not in the catalogue (a newer result read
 * by an older tool) still renders, titled by its id.
 */
export function checkInfoFor(
  catalogue: CheckCatalogue,
  finding: Pick<Finding, 'checkId' | 'severity'>,
): CheckInfo {
  return (
    catalogue.get(finding.checkId) ?? {
      id: finding.checkId,
      title: finding.checkId,
      area: areaOfCheckId(finding.checkId),
      severity: finding.severity,
      doc: `docs/checks/${finding.checkId}.md`,
    }
  );
}
