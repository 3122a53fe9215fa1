import { seededRandom } from "@sunseo/bizppurio-sim";

/**
 * The demo's load, decided by the seed alone: mostly teacher sign-ups (the seed story),
 * plus a mix that exercises every guarantee. Phone suffixes select the simulator's
 * injected faults (see faults.ts): ...0000 is a wrong number, ...1111 cannot take AlimTalk
 * and gets the SMS/LMS fallback.
 */
export interface PlannedStart {
  flow: "teacher-onboarding" | "parent-application" | "lesson-notice";
  phone: string;
  variables: Record<string, string>;
  idempotencyKey: string;
  /** Cancelled this long after the start, while the flow is still running. */
  cancelAfterMs?: number;
}

export interface PlanOptions {
  flows: number;
  seed: number;
}

const NAMES = ["김민준", "이서연", "박지호", "최수아", "정도윤", "강하은", "조시우", "윤지유", "장예준", "임서윤"];
const SUBJECTS = ["수학", "영어", "국어", "과학"];
const AREAS = ["서울 강남구", "서울 마포구", "경기 성남시", "부산 해운대구"];

export function planLoad({ flows, seed }: PlanOptions): PlannedStart[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const phone = (n: number, suffix?: string) => {
    const digits = String(10_000_000 + ((seed * 7_919 + n * 104_729) % 89_999_999)).slice(0, 8);
    return `010${suffix ? digits.slice(0, 4) + suffix : digits}`;
  };
  const teacher = (i: number, p: string): PlannedStart => ({
    flow: "teacher-onboarding",
    phone: p,
    variables: { name: pick(NAMES) },
    idempotencyKey: `signup-${seed}-${i}`,
  });
  const parent = (i: number, p: string): PlannedStart => ({
    flow: "parent-application",
    phone: p,
    variables: {
      parentName: pick(NAMES),
      studentName: pick(NAMES),
      subject: pick(SUBJECTS),
      area: pick(AREAS),
      applicationId: `A${seed}${i}`,
      teacherName: pick(NAMES),
      firstLesson: "다음 주 화요일 오후 7시",
    },
    idempotencyKey: `apply-${seed}-${i}`,
  });
  const notice = (i: number, p: string): PlannedStart => ({
    flow: "lesson-notice",
    phone: p,
    variables: {
      teacherName: pick(NAMES),
      subject: pick(SUBJECTS),
      grade: "중학교 2학년",
      area: pick(AREAS),
      noticeId: `N${seed}${i}`,
      schedule: "주 2회, 화·목 오후 7시",
      fee: "시간당 4만원",
      deadline: "이번 주 금요일",
    },
    idempotencyKey: `notice-${seed}-${i}`,
  });

  const mix = Math.max(8, Math.round(flows / 10));
  const shared = Math.ceil(mix / 3);
  const plan: PlannedStart[] = [];
  // Several flows to one phone: the sign-up and the parent flow share the recipient lane,
  // the notice runs beside them (lane none).
  for (let i = 0; i < shared; i++) {
    const p = phone(100_000 + i);
    plan.push(teacher(100_000 + i, p), parent(100_000 + i, p), notice(100_000 + i, p));
  }
  // Wrong numbers (7308): the first step fails, the flow halts, a person is alerted.
  for (let i = 0; i < Math.ceil(mix / 8); i++) plan.push(teacher(200_000 + i, phone(200_000 + i, "0000")));
  // AlimTalk unavailable: the gateway's SMS/LMS fallback carries the messages.
  for (let i = 0; i < Math.ceil(mix / 8); i++) plan.push(teacher(300_000 + i, phone(300_000 + i, "1111")));
  // Cancelled midway: the notice waits 5 s before its last step; the cancel lands inside that wait.
  for (let i = 0; i < Math.ceil(mix / 10); i++) plan.push({ ...notice(400_000 + i, phone(400_000 + i)), cancelAfterMs: 3_000 });
  for (let i = plan.length; i < flows; i++) plan.push(teacher(i, phone(i)));
  return plan.slice(0, Math.max(flows, plan.length));
}
