import { z } from "zod";

/**
 * The /v3/message body as the gateway documents it (BizMsg/WebAPI api/dispatch.md): common
 * fields, one content object per type, the resend/recontent fallback. A body that breaks it
 * is answered 400 with code 2000 (메시지가 유효하지 않음) and the reasons.
 */

/** EUC-KR byte length: Hangul and other non-ASCII characters take two bytes. */
export const eucKrBytes = (text: string): number => {
  let bytes = 0;
  for (const ch of text) bytes += ch.charCodeAt(0) < 0x80 ? 1 : 2;
  return bytes;
};

const digits = (max: number) => z.string().regex(new RegExp(`^\\d{1,${max}}$`), `1-${max} digits`);

const buttonSchema = z
  .object({
    name: z.string().min(1).max(28),
    type: z.enum(["WL", "AL", "DS", "BK", "MD", "BC", "BT", "AC"]),
    url_pc: z.string().optional(),
    url_mobile: z.string().optional(),
    scheme_ios: z.string().optional(),
    scheme_android: z.string().optional(),
    chat_extra: z.string().optional(),
    chat_event: z.string().optional(),
  })
  .refine((b) => b.type !== "WL" || b.url_mobile !== undefined, { message: "WL button needs url_mobile" })
  .refine((b) => b.type !== "AL" || [b.url_mobile, b.scheme_ios, b.scheme_android].filter(Boolean).length >= 2, {
    message: "AL button needs two of url_mobile, scheme_ios, scheme_android",
  });

const kakaoSchema = z.object({
  senderkey: z.string().min(1).max(40),
  templatecode: z.string().min(1).max(32),
  message: z.string().min(1).max(1000),
  button: z.array(buttonSchema).max(5).optional(),
  title: z.string().max(50).optional(),
  header: z.string().max(16).optional(),
});
const friendSchema = z.object({
  senderkey: z.string().min(1).max(40),
  message: z.string().min(1).max(1000),
  button: z.array(buttonSchema).max(5).optional(),
  adflag: z.enum(["Y", "N"]).optional(),
});
const smsSchema = z.object({
  message: z.string().min(1).refine((m) => eucKrBytes(m) <= 90, "sms message over 90 bytes (EUC-KR)"),
});
const lmsSchema = z.object({
  message: z.string().min(1).refine((m) => eucKrBytes(m) <= 2000, "lms message over 2000 bytes (EUC-KR)"),
  subject: z.string().refine((s) => eucKrBytes(s) <= 64, "lms subject over 64 bytes (EUC-KR)").optional(),
});

const contentSchemas = { at: kakaoSchema, ai: kakaoSchema, ft: friendSchema, sms: smsSchema, lms: lmsSchema } as const;
export type MessageType = keyof typeof contentSchemas;
export const messageTypes = Object.keys(contentSchemas) as MessageType[];

const envelopeSchema = z.object({
  account: z.string().min(1).max(20),
  type: z.enum(messageTypes as [MessageType, ...MessageType[]]),
  from: digits(16),
  to: digits(16),
  country: z.string().max(3).optional(),
  content: z.record(z.string(), z.unknown()),
  refkey: z.string().min(1).max(32),
  userinfo: z.string().max(50).optional(),
  resend: z.object({ first: z.enum(["sms", "lms"]), second: z.enum(["sms", "lms"]).optional() }).optional(),
  recontent: z.record(z.string(), z.unknown()).optional(),
  resellercode: z.string().max(10).optional(),
});

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

const issues = (error: z.ZodError, at: string): string =>
  error.issues.map((i) => `${[at, ...i.path].filter(Boolean).join(".")}: ${i.message}`).join("; ");

export function validateMessage(body: unknown): Validation {
  const envelope = envelopeSchema.safeParse(body);
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
