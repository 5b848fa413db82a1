/**
 * @lockstep/access-codes — the pure domain core of access codes: schedules and their windows in a
 * property's time zone, slot allocation, button-level conflicts, desired slot state and its diff against
 * what a lock reports, and sealing codes at rest. No I/O: no HTTP, MQTT, queues or database.
 */
export * from './access-code-error.js';
export * from './schedules.js';
export * from './wall-clock.js';
export * from './occurrences.js';
export * from './held-windows.js';
export * from './slot-allocation.js';
export * from './conflicts.js';
export * from './code-policy.js';
export * from './plan-access-code.js';
export * from './desired-state.js';
export * from './code-sealer.js';
