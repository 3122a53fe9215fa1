/** What a Korean number belongs to; callers decide what each kind may be used for. */
export type PhoneKind = "mobile" | "landline" | "voip" | "tollfree" | "personal" | "representative";

export interface NumberRule {
  readonly kind: PhoneKind;
  /** Matches the start of a national number (leading 0 included, except 15xx/16xx/18xx). */
  readonly prefix: RegExp;
  /** Digits kept visible when masking: the area or service code. */
  readonly prefixLength: number;
  readonly minLength: number;
  readonly maxLength: number;
}

/** The Korean numbering plan, reduced to what a sender or recipient of AlimTalk can be. */
export const NUMBER_PLAN: readonly NumberRule[] = [
  { kind: "mobile", prefix: /^010/, prefixLength: 3, minLength: 11, maxLength: 11 },
  // Legacy 2G prefixes still in service; their exchange part has 3 or 4 digits.
  { kind: "mobile", prefix: /^01[16789]/, prefixLength: 3, minLength: 10, maxLength: 11 },
  { kind: "landline", prefix: /^02/, prefixLength: 2, minLength: 9, maxLength: 10 },
  {
    kind: "landline",
    prefix: /^0(?:3[1-3]|4[1-4]|5[1-5]|6[1-4])/,
    prefixLength: 3,
    minLength: 10,
    maxLength: 11,
  },
  { kind: "voip", prefix: /^070/, prefixLength: 3, minLength: 11, maxLength: 11 },
  { kind: "tollfree", prefix: /^080/, prefixLength: 3, minLength: 10, maxLength: 10 },
  { kind: "personal", prefix: /^050\d/, prefixLength: 4, minLength: 11, maxLength: 12 },
  // Nationwide representative numbers (1588-1234) have no area code and no leading 0.
  { kind: "representative", prefix: /^1[568]/, prefixLength: 4, minLength: 8, maxLength: 8 },
];
