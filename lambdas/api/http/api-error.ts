/**
 * The API's error contract: every failure answers `{ error: { code, message } }` with a 4xx, or a 5xx only when AWS
 * itself failed or the service has a fault. Codes are stable identifiers clients can branch on; messages are for people.
 */
export interface ErrorBody {
  error: {
    code: string;
    message: string;
    /** The offending input field, as a dotted path (`encryption.secretArn`), when one field is to blame. */
    field?: string;
  };
}

/** An error that already knows its HTTP answer. Only the API layer creates and maps these. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly options: { field?: string; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  body(): ErrorBody {
    return {
      error: { code: this.code, message: this.message, ...(this.options.field ? { field: this.options.field } : {}) },
    };
  }
}

/** The request body is over the size limit. */
export const payloadTooLarge = (maxBytes: number) =>
  new ApiError(413, 'PayloadTooLarge', `Request body is larger than ${Math.floor(maxBytes / 1024)} KB`);

/** The body is not valid JSON. */
export const invalidJson = () => new ApiError(400, 'InvalidJson', 'Request body is not valid JSON');
