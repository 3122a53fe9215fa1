/**
 * Every way a gateway call can fail, as one typed error. `retriable` decides retry vs
 * give-up; `gatewayCode`/`description` keep the gateway's own words for the rejection.
 */
export type BizppurioErrorKind =
  /** No answer: connection refused/reset, DNS. */
  | "network"
  /** No answer in time: the request may have been processed. */
  | "timeout"
  /** 5xx from the gateway (or a proxy in front of it). */
  | "server"
  /** 429: slow down. */
  | "rate-limited"
  /** 401: the token is expired or invalid (the client refreshes once). */
  | "unauthorized"
  /** 4xx or a non-1000 code: the gateway refused this request; resending it will not help. */
  | "rejected"
  /** A body that is not the gateway's JSON (an HTML error page, garbage). */
  | "bad-response";

export class BizppurioError extends Error {
  readonly code: string;
  constructor(
    readonly kind: BizppurioErrorKind,
    message: string,
    readonly details: {
      retriable: boolean;
      status?: number;
      gatewayCode?: string;
      description?: string;
      /** The first bytes of a body we could not read as the gateway's JSON. */
      bodyPreview?: string;
      /** The request may have reached the gateway (timeout, reset mid-call): resending could duplicate. */
      maybeSent?: boolean;
      attempts?: number;
      cause?: unknown;
    },
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = "BizppurioError";
    this.code = `BIZPPURIO_${kind.toUpperCase().replace("-", "_")}`;
  }

  get retriable(): boolean {
    return this.details.retriable;
  }

  /** A copy for a failure that happened before anything was written to the gateway (a token that could not be had). */
  asNotSent(): BizppurioError {
    return new BizppurioError(this.kind, this.message, { ...this.details, maybeSent: false });
  }

  /** A copy that records how many attempts were made and whether any of them may have been sent. */
  withAttempts(attempts: number, maybeSent: boolean): BizppurioError {
    return new BizppurioError(this.kind, this.message, { ...this.details, attempts, maybeSent: maybeSent || this.details.maybeSent === true });
  }
}
