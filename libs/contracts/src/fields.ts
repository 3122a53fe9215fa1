import { z } from "zod";
import { InvalidPhoneError, normalizePhone } from "@sunseo/phone";

/** Any common Korean phone form in, the canonical digits-only key out (the partition key of every topic). */
export const phoneSchema = z
  .string()
  .max(40)
  .transform((input, ctx) => {
    try {
      return normalizePhone(input);
    } catch (err) {
      ctx.addIssue({ code: "custom", message: err instanceof InvalidPhoneError ? `invalid phone: ${err.reason}` : "invalid phone" });
      return z.NEVER;
    }
  });

/** Our Bizppurio refkey: at most 32 characters (the gateway's limit), deterministic per (instance, step, attempt). */
export const refkeySchema = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, "refkey: 1-32 of A-Z a-z 0-9 _ -");

export const instanceIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, "instance id: 1-40 of A-Z a-z 0-9 _ -");

/** Epoch milliseconds. */
export const timestampSchema = z.number().int().nonnegative();
