/**
 * The emulator's built-in tenant scenarios: deterministic generators of tenant documents
 * (snapshot format v1 plus the `emulator` key). `--scenario NAME` picks one of {@link scenarios}.
 * docs/scenarios.md describes each, and the drifted tenant's mistakes.
 */
import type { ScenarioGenerator } from './document.js';
import { drifted } from './drifted.js';
import { empty } from './empty.js';
import { healthy } from './healthy.js';
import { large } from './large.js';
import { small } from './small.js';

export type {
  ArmResource,
  CaPolicy,
  Drill,
  EmulatorApp,
  GroupObject,
  JsonObject,
  MethodObject,
  ScenarioGenerator,
  ScenarioOptions,
  TenantDocument,
  UserObject,
} from './document.js';
export { driftedAccounts, driftedIds, driftedMistakes, type DriftedMistake } from './drifted.js';
export { defaultCaptureInstant } from './context.js';
export { findProblems } from './integrity.js';

/** Every built-in scenario by name. Each call builds a fresh document; same options, same bytes. */
export const scenarios: Record<string, ScenarioGenerator> = { healthy, drifted, empty, small, large };

/** Names of the built-in scenarios. */
export const scenarioNames: readonly string[] = Object.keys(scenarios);
