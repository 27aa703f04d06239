// The door of src/api: kro.run types, constants and the Diagnostic data shared by every module.
export * from './constants.js';
export * from './diagnostics.js';
export * from './json.js';
export * from './types.js';
