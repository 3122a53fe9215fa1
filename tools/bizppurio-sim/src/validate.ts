import type { z } from "zod";
import { contentSchemas, messageEnvelopeSchema, type MessageType } from "@sunseo/bizppurio";

/**
 * Checks a /v3/message body against the gateway's wire schema (libs/bizppurio, the one the
 * client's requests are typed from). A body that breaks it is answered 400 with code 2000
 * (메시지가 유효하지 않음) and the reasons.
 */

export interface ValidMessage {
  account: string;
  type: MessageType;
  from: string;
  to: string;
  refkey: string;
  /** The validated content of the message's own type. */
  text: string;
  templateCode?: string;
  fallback?: { type: "sms" | "lms"; text: string };
}

export type Validation = { ok: true; message: ValidMessage } | { ok: false; reason: string };

const issues = (error: z.ZodError, at: string): string => error.issues.map((i) => `${[at, ...i.path].filter(Boolean).join(".")}: ${i.message}`).join("; ");

export function validateMessage(body: unknown): Validation {
  const envelope = messageEnvelopeSchema.safeParse(body);
  if (!envelope.success) return { ok: false, reason: issues(envelope.error, "") };
  const e = envelope.data;
  const content = contentSchemas[e.type].safeParse(e.content[e.type]);
  if (!content.success) return { ok: false, reason: issues(content.error, `content.${e.type}`) };

  let fallback: ValidMessage["fallback"];
  if (e.resend) {
    const type = e.resend.first;
    const re = contentSchemas[type].safeParse(e.recontent?.[type]);
    if (!re.success) return { ok: false, reason: issues(re.error, `recontent.${type}`) };
    fallback = { type, text: re.data.message };
  }
  const c = content.data as { message: string; templatecode?: string };
  return {
    ok: true,
    message: {
      account: e.account,
      type: e.type,
      from: e.from,
      to: e.to,
      refkey: e.refkey,
      text: c.message,
      ...(c.templatecode !== undefined ? { templateCode: c.templatecode } : {}),
      ...(fallback ? { fallback } : {}),
    },
  };
}
