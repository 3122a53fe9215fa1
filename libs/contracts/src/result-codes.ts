/**
 * Bizppurio delivery-report RESULT codes (BizMsg/WebAPI, status-code/*.md) with their
 * Korean meaning. One table for everyone: the sequencer classifies reports with it, the
 * alerter explains failures with it, the simulator draws failures from it.
 */
export type Channel = "alimtalk" | "sms" | "lms";

export interface ResultCode {
  code: string;
  channel: Channel;
  delivered: boolean;
  meaning: string;
}

/** The one code per channel that means delivered; the simulator reports these, the sequencer trusts only these. */
export const DELIVERED_CODE: Readonly<Record<Channel, string>> = { alimtalk: "7000", sms: "4100", lms: "6600" };

const table = (channel: Channel, rows: Record<string, string>): ResultCode[] =>
  Object.entries(rows).map(([code, meaning]) => ({ code, channel, meaning, delivered: code === DELIVERED_CODE[channel] }));

const alimtalk = table("alimtalk", {
  "7000": "전달",
  "7101": "카카오 형식 오류",
  "7103": "Sender key (발신프로필키) 유효하지 않음",
  "7105": "Sender key (발신프로필키) 존재하지 않음",
  "7106": "삭제된 Sender key (발신프로필키)",
  "7107": "차단 상태 Sender key (발신프로필키)",
  "7108": "차단 상태 카카오톡 채널",
  "7109": "닫힌 상태 카카오톡 채널",
  "7110": "삭제된 카카오톡 채널",
  "7203": "친구톡 전송 시 친구 대상 아님",
  "7204": "템플릿 불일치",
  "7300": "기타 에러",
  "7305": "성공 불확실(30일 이내 수신 가능)",
  "7306": "카카오 시스템 오류",
  "7308": "전화번호 오류",
  "7311": "메시지가 존재하지 않음",
  "7314": "메시지 길이 초과",
  "7315": "템플릿 없음",
  "7318": "메시지를 전송할 수 없음",
  "7322": "메시지 발송 불가 시간",
  "7323": "메시지 그룹 정보를 찾을 수 없음",
  "7324": "재전송 메시지 존재하지 않음",
  "7325": "변수 글자수 제한 초과",
  "7326": "상담/봇 전환 버튼 글자수 제한 초과",
  "7327": "버튼/바로 연결 내용과 템플릿 불일치",
  "7328": "메시지 강조 표기 타이틀과 템플릿 불일치",
  "7329": "메시지 강조 표기 타이틀 길이 제한 초과 (50 자)",
  "7330": "메시지 타입과 템플릿 강조유형이 일치하지 않음",
  "7331": "헤더가 템플릿과 일치하지 않음",
  "7332": "헤더 길이 제한 초과(16 자)",
  "7333": "아이템 하이라이트가 템플릿과 일치하지 않음",
  "7334": "아이템 하이라이트 타이틀 길이 제한 초과",
  "7335": "아이템 하이라이트 디스크립션 길이 제한 초과",
  "7336": "아이템 리스트가 템플릿과 일치하지 않음",
  "7337": "아이템 리스트의 아이템의 디스크립션 길이 제한 초과(23 자)",
  "7338": "아이템 요약정보가 템플릿과 일치하지 않음",
  "7339": "아이템 요약정보의 디스크립션 길이 제한 초과(14 자)",
  "7340": "아이템 요약정보의 디스크립션에 허용되지 않은 문자 포함",
  "7421": "타임아웃",
});

const sms = table("sms", {
  "4100": "전달",
  "4400": "음영 지역",
  "4401": "단말기 전원 꺼짐",
  "4402": "단말기 메시지 저장 초과",
  "4403": "메시지 삭제 됨",
  "4404": "가입자 위치 정보 없음",
  "4405": "단말기 BUSY",
  "4410": "잘못된 번호",
  "4411": "NPDB 에러",
  "4412": "착신 거절",
  "4413": "SMSC 형식오류",
  "4414": "비 가입자, 결번, 서비스 정지",
  "4420": "기타 에러",
  "4421": "타임아웃",
  "4422": "단말기 일시정지",
  "4423": "단말기 착신거부",
  "4424": "URL SMS 미 지원 휴대폰",
  "4425": "단말기 호 처리 중",
  "4426": "재시도 한도초과",
  "4427": "기타 단말기 문제",
  "4428": "시스템 에러",
  "4430": "스팸",
  "4431": "발송 제한 수신거부(스팸)",
  "4432": "회신 번호 차단(개인)",
  "4433": "회신 번호 차단(기업)",
  "4434": "회신 번호 사전 등록제에 의한 미등록 차단",
  "4435": "KISA 신고 스팸 회신 번호 차단",
  "4436": "회신 번호 사전 등록제 번호 규칙 위반",
});

const lms = table("lms", {
  "6600": "전달",
  "6601": "타임 아웃",
  "6602": "핸드폰 호 처리 중",
  "6603": "음영 지역",
  "6604": "전원이 꺼져 있음",
  "6605": "메시지 저장 개수 초과",
  "6606": "잘못된 번호",
  "6607": "서비스 일시 정지",
  "6608": "기타 단말기 문제",
  "6609": "착신 거절",
  "6610": "기타 에러",
  "6611": "통신사의 SMC 형식 오류",
  "6612": "게이트웨이의 형식 오류",
  "6613": "서비스 불가 단말기",
  "6614": "핸드폰 호 불가 상태",
  "6615": "SMC 운영자에 의해 삭제",
  "6616": "통신사의 메시지 큐 초과",
  "6617": "통신사의 스팸 처리",
  "6618": "공정위의 스팸 처리",
  "6619": "게이트웨이의 스팸 처리",
  "6620": "발송 건수 초과",
  "6621": "메시지의 길이 초과",
  "6622": "잘못된 번호 형식",
  "6623": "잘못된 데이터 형식",
  "6624": "MMS 정보를 찾을 수 없음",
  "6625": "NPDB 에러",
  "6626": "080 수신거부(SPAM)",
  "6627": "발송 제한 수신거부(SPAM)",
  "6628": "회신 번호 차단(개인)",
  "6629": "회신 번호 차단(기업)",
  "6630": "서비스 불가 번호",
  "6631": "회신 번호 사전 등록제에 의한 미등록 차단",
  "6632": "KISA 신고 스팸 회신 번호 차단",
  "6633": "회신 번호 사전 등록제 번호 규칙 위반",
  "6670": "첨부파일 사이즈 초과(60K)",
});

export const RESULT_CODES: ReadonlyMap<string, ResultCode> = new Map([...alimtalk, ...sms, ...lms].map((r) => [r.code, r]));

/** Success codes of every channel: 7000 AlimTalk, 4100 SMS, 6600 LMS/MMS. */
export const DELIVERED_CODES: ReadonlySet<string> = new Set(Object.values(DELIVERED_CODE));

/** Codes absent from the documented tables are failures we cannot name; never guessed as delivered. */
export function describeResult(code: string): ResultCode {
  return (
    RESULT_CODES.get(code) ?? {
      code,
      channel: code.startsWith("4") ? "sms" : code.startsWith("6") ? "lms" : "alimtalk",
      delivered: false,
      meaning: "알 수 없는 결과 코드",
    }
  );
}
