import type { ActionError, ErrorCode } from '../contract';

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
    return this.field
      ? { code: this.code, message: this.message, field: this.field }
      : { code: this.code, message: this.message };
  }
}
