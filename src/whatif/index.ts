/**
 * The What If cross-check (`audit --whatif`): the product's lockout analysis compared with Graph's
 * Conditional Access What If API, policy by policy.
 */
export { compareWithWhatIf } from './compare.js';
export type { WhatIfComparison, WhatIfResult } from './compare.js';
export { addressOutsideNamedLocations, whatIfRequest, WHAT_IF_PATH } from './request.js';
export type { WhatIfRequest, WhatIfSignInConditions } from './request.js';
export { crossCheckAudit, crossCheckWithWhatIf, evaluateWhatIf } from './cross-check.js';
export type { CrossCheckOptions } from './cross-check.js';
