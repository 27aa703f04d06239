// Errors raised by library functions. Every library throws cel-js EvaluationErrors carrying upstream's
// message text, so users see the same words as with upstream kro, and a stable code the runtime can test.
// None of these codes is a "data pending" code (no_such_key, index_out_of_bounds, unknown_variable).
import { EvaluationError } from '@marcbachmann/cel-js';

/** Codes used by the libraries; one per failure family, stable for callers and tests. */
export type LibraryErrorCode =
  | 'invalid_argument'
  | 'index_out_of_range'
  | 'no_such_overload'
  | 'conversion_error'
  | 'invalid_format'
  | 'invalid_regex'
  | 'overflow';

/** An evaluation error with upstream's message. */
export function libraryError(message: string, code: LibraryErrorCode = 'invalid_argument'): EvaluationError {
  return new EvaluationError({ code, message });
}

/** cel-go's generic failure when a value of the wrong runtime type reaches a function. */
export function noSuchOverload(): EvaluationError {
  return new EvaluationError({ code: 'no_such_overload', message: 'no such overload' });
}
