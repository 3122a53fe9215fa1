import type { Dispatch, KakaoButton } from "@sunseo/contracts";
import type { FriendContent, KakaoContent, LmsContent, MessageEnvelope, SmsContent, WireButton } from "./wire-schema.js";

/** The /v3/message body typed per message type, from the schemas in wire-schema.ts. */

/** Fallback: the gateway resends through SMS/LMS when the first channel fails. */
export type Fallback = { resend: { first: "sms" }; recontent: { sms: SmsContent } } | { resend: { first: "lms" }; recontent: { lms: LmsContent } };

type Common = Pick<MessageEnvelope, "account" | "from" | "to" | "refkey" | "country" | "userinfo">;

export type MessageRequest = Common &
  (
    | ({ type: "at"; content: { at: KakaoContent } } & Partial<Fallback>)
    | ({ type: "ai"; content: { ai: KakaoContent } } & Partial<Fallback>)
    | ({ type: "ft"; content: { ft: FriendContent } } & Partial<Fallback>)
    | { type: "sms"; content: { sms: SmsContent } }
    | { type: "lms"; content: { lms: LmsContent } }
  );

export interface SendAccepted {
  code: "1000";
  description: string;
  refkey: string;
  messagekey: string;
}

type SendCommand = Extract<Dispatch, { kind: "send" }>;

/**
 * The contract's message (+ fallback) as the gateway's request, carrying our refkey:
 * AlimTalk (`at`, with its template code), or FriendTalk (`ft`, no template, marked as
 * advertising with adflag Y: the catalog only lets FriendTalk out inside a send window).
 */
export function toBizppurioRequest(account: string, dispatch: SendCommand): MessageRequest {
  const m = dispatch.message;
  const button = m.buttons && m.buttons.length > 0 ? { button: m.buttons.map(toWireButton) } : {};
  const envelope = { account, from: m.from, to: dispatch.phone, refkey: dispatch.refkey };
  const base =
    m.channel === "ft"
      ? { ...envelope, type: "ft" as const, content: { ft: { senderkey: m.senderKey, message: m.text, adflag: "Y" as const, ...button } } }
      : { ...envelope, type: "at" as const, content: { at: { senderkey: m.senderKey, templatecode: m.templateCode, message: m.text, ...button } } };
  const fb = m.fallback;
  if (!fb) return base;
  if (fb.type === "sms") return { ...base, resend: { first: "sms" }, recontent: { sms: { message: fb.text } } };
  return { ...base, resend: { first: "lms" }, recontent: { lms: { message: fb.text, ...(fb.subject ? { subject: fb.subject } : {}) } } };
}

function toWireButton(b: KakaoButton): WireButton {
  const out: WireButton = { name: b.name, type: b.type };
  if (b.url_pc !== undefined) out.url_pc = b.url_pc;
  if (b.url_mobile !== undefined) out.url_mobile = b.url_mobile;
  if (b.scheme_ios !== undefined) out.scheme_ios = b.scheme_ios;
  if (b.scheme_android !== undefined) out.scheme_android = b.scheme_android;
  return out;
}
