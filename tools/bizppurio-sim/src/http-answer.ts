import type { AfterTakeKind } from "./faults.js";

/** The gateway's answer codes (BizMsg/WebAPI), with their documented Korean descriptions. */
const API_CODES = {
  success: [1000, "Success"],
  invalidMessage: [2000, "메시지가 유효하지 않음"],
  badBasic: [3001, "Basic Authentication 정보가 유효하지 않음"],
  badToken: [3002, "토큰이 유효하지 않음"],
  badAccount: [3004, "계정이 유효하지 않음"],
  badBearer: [3005, "인증 정보가 유효하지 않음 (bearer)"],
  noAccount: [3006, "비즈뿌리오 계정이 존재하지 않음"],
  badPassword: [3007, "비즈뿌리오 계정의 암호가 유효하지 않음"],
  noMessage: [3012, "비즈뿌리오에 존재하지 않은 메시지"],
  notCompleted: [3013, "완료 처리 되지 않은 메시지"],
  noResource: [5001, "요청한 URI 리소스가 존재하지 않음"],
  unknown: [9000, "알 수 없는 오류 발생"],
} as const;
type ApiCode = keyof typeof API_CODES;

/** What a handler decided to answer; the server writes it (or, when `lostAs` is set, loses it). */
export class HttpAnswer {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly contentType = "application/json; charset=utf-8",
    /** The call was taken, but the client gets this instead of the answer. */
    readonly lostAs?: AfterTakeKind,
  ) {}

  static api(status: number, code: ApiCode, extra: Record<string, unknown> = {}, detail?: string): HttpAnswer {
    const [n, description] = API_CODES[code];
    return new HttpAnswer(status, { code: n, description: detail ? `${description}: ${detail}` : description, ...extra });
  }

  lost(kind: AfterTakeKind): HttpAnswer {
    return new HttpAnswer(this.status, this.body, this.contentType, kind);
  }
}
