/**
 * The gateway faults of the demo's load, from the seed: wrong numbers, AlimTalk failing over
 * to SMS/LMS, lost and doubled reports. Phone suffixes select them (see plan.ts); the fault
 * campaign keeps them on under its own faults.
 */
export const DEMO_FAULTS = {
  delivery: { minMs: 20, maxMs: 800 },
  rules: [
    { phone: "0000$", result: "7308", fallbackResult: "4410" },
    { phone: "1111$", result: "7108" },
  ],
  dropRate: 0.02,
  duplicateRate: 0.03,
};
