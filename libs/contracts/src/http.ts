/**
 * What the gateway (or its simulator) and webhook-ingest must agree on over HTTP. Spelled
 * once: a copy drifted before (the simulator sent a header webhook-ingest never read).
 */

/** The report push endpoint; the secret may also be its last path segment (`/bizppurio/report/<secret>`). */
export const REPORT_ROUTE = "/bizppurio/report";

/** Header carrying the shared webhook secret when it is not in the path. Lower case: Node's header keys are. */
export const WEBHOOK_SECRET_HEADER = "x-sunseo-secret";

/** The report URL with the secret as its last segment, the form Bizppurio is registered with. */
export const reportUrl = (base: string, secret: string): string => `${base.replace(/\/$/, "")}${REPORT_ROUTE}/${encodeURIComponent(secret)}`;
