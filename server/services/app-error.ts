import { type ActionError, type ErrorCode, isServerWorded } from '../contract/errors';

/**
 * The one error class the server throws on purpose. It lives beside the services, not in the
 * contract, because only the server throws it: the mini-program imports the contract's types
 * and needs no Error subclass with ES2022 `cause` options.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly field?: string;

  constructor(code: ErrorCode, message?: string, options?: { field?: string; cause?: unknown }) {
    super(message ?? code, { cause: options?.cause });
    this.name = 'AppError';
    this.code = code;
    this.field = options?.field;
    Object.setPrototypeOf(this, AppError.prototype);
  }

  toActionError(): ActionError {
    return {
      code: this.code,
      message: this.message,
      ...(this.field ? { field: this.field } : {}),
      ...(isServerWorded(this.code, this.message) ? { worded: true as const } : {}),
    };
  }
}
