import { bizppurioReportSchema, type Report } from "@sunseo/contracts";
import { InvalidPhoneError, normalizePhone } from "@sunseo/phone";

/** Why a push body was refused; `reason` is the rejection metric label, `message` goes back to the caller. */
export type ParsedPush = { ok: true; report: Report } | { ok: false; reason: "invalid_body" | "invalid_phone"; message: string; fields: string[] };

/**
 * Turns a parsed JSON push into the `report` message. Pure: the caller supplies the
 * receive time. The gateway's fields are kept exactly as sent (unknown ones too); only
 * the Kafka key and `phone` are the canonical form of PHONE.
 */
export function parsePush(body: unknown, receivedAt: number): ParsedPush {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return { ok: false, reason: "invalid_body", message: "body must be a JSON object", fields: [] };
  }
  const parsed = bizppurioReportSchema.safeParse(body);
  if (!parsed.success) {
    const record = body as Record<string, unknown>;
    const missing = new Set<string>();
    const problems: string[] = [];
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? "(body)");
      if (record[field] === undefined) missing.add(field);
      // Only the field name and the rule: never the value, which may be a phone number.
      else problems.push(`${field}: ${issue.code === "invalid_type" ? "must be a string" : "must not be empty"}`);
    }
    const parts = [...(missing.size > 0 ? [`missing field${missing.size > 1 ? "s" : ""} ${[...missing].join(", ")}`] : []), ...problems];
    return { ok: false, reason: "invalid_body", message: parts.join("; "), fields: [...missing, ...problems.map((p) => p.split(":")[0]!)] };
  }
  let phone: string;
  try {
    phone = normalizePhone(parsed.data.PHONE);
  } catch (err) {
    const why = err instanceof InvalidPhoneError ? err.reason : "not a phone number";
    return { ok: false, reason: "invalid_phone", message: `PHONE: invalid phone (${why})`, fields: ["PHONE"] };
  }
  return { ok: true, report: { phone, receivedAt, source: "push", report: parsed.data } };
}
