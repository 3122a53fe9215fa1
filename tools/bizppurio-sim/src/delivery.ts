import type { MessageType } from "@sunseo/bizppurio";
import { DELIVERED_CODE, type BizppurioReport, type Channel } from "@sunseo/contracts";
import type { FaultConfig } from "./faults.js";
import type { Random } from "./rng.js";
import type { ValidMessage } from "./validate.js";

/**
 * Pure decisions about one accepted message: when its report comes, what the phone got,
 * whether the push is duplicated or lost. The gateway fans messages out independently,
 * so each message draws its own delay: two messages accepted back to back can arrive in
 * either order (the seed's bug).
 */
const MEDIA: Record<MessageType, string> = { at: "KAT", ai: "KAT", ft: "KFT", sms: "SMS", lms: "LMS" };
/** FriendTalk reports with the AlimTalk codes (both are Kakao channels). */
const CHANNEL: Record<string, Channel> = { KAT: "alimtalk", KFT: "alimtalk", SMS: "sms", LMS: "lms" };
const deliveredCode = (media: string): string => DELIVERED_CODE[CHANNEL[media]!];

export interface DeliveryPlan {
  delayMs: number;
  /** The channel that carried (or failed to carry) the message: KAT, SMS, LMS... */
  media: string;
  result: string;
  delivered: boolean;
  /** The text the phone shows: the fallback's when the fallback carried it. */
  text: string;
  /** Set when AlimTalk failed and the fallback was tried: the AlimTalk result. */
  kakaoResult?: string;
  duplicate: boolean;
  drop: boolean;
}

export function planDelivery(message: ValidMessage, faults: FaultConfig, random: Random): DeliveryPlan {
  const { minMs, maxMs } = faults.delivery;
  let delayMs = Math.round(minMs + random() * Math.max(0, maxMs - minMs));
  const media = MEDIA[message.type];
  const failure = faults.rules.find(
    (rule) =>
      (rule.template === undefined || rule.template === message.templateCode) &&
      (rule.phone === undefined || new RegExp(rule.phone).test(message.to)) &&
      random() < rule.rate,
  );
  const duplicate = random() < faults.duplicateRate;
  const drop = random() < faults.dropRate;
  const base = { duplicate, drop };

  if (failure === undefined) {
    return { ...base, delayMs, media, result: deliveredCode(media), delivered: true, text: message.text };
  }
  const kakao = media === "KAT" || media === "KFT";
  if (kakao && message.fallback) {
    // The gateway resends through SMS/LMS: one more hop before the report.
    delayMs += Math.round(minMs + random() * Math.max(0, maxMs - minMs));
    const fallbackMedia = message.fallback.type === "sms" ? "SMS" : "LMS";
    const result = failure.fallbackResult ?? deliveredCode(fallbackMedia);
    return {
      ...base,
      delayMs,
      media: fallbackMedia,
      result,
      delivered: result === deliveredCode(fallbackMedia),
      text: message.fallback.text,
      kakaoResult: failure.result,
    };
  }
  return { ...base, delayMs, media, result: failure.result, delivered: false, text: message.text };
}

/** The report body exactly as the gateway pushes it: every value a string. */
export function buildReport(message: ValidMessage, plan: DeliveryPlan, ids: { messagekey: string; msgid: string; at: number }): BizppurioReport {
  const unix = String(Math.floor(ids.at / 1000));
  return {
    DEVICE: plan.media,
    CMSGID: ids.messagekey,
    MSGID: ids.msgid,
    PHONE: message.to,
    MEDIA: plan.media,
    UNIXTIME: unix,
    RESULT: plan.result,
    REFKEY: message.refkey,
    WAPINFO: "SKT",
    ...(plan.kakaoResult !== undefined ? { KAORES: plan.kakaoResult, KAOTIME: unix, TELRES: plan.result, TELTIME: unix, RESEND_FLAG: "Y" } : {}),
  };
}
