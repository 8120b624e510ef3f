/** Nest injection tokens of the runtime wiring shared by the api, the worker and the cli. */
export const APP_CONFIG = Symbol('APP_CONFIG');
export const JOB_STORE = Symbol('JOB_STORE');
export const OBJECT_STORE = Symbol('OBJECT_STORE');
