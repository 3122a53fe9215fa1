/**
 * #{var} placeholders, as Kakao templates write them. A name follows the variable-name rule
 * of flow-start (`flowStartSchema`), so every placeholder can be filled by a start request.
 */

const NAME = "[A-Za-z_][A-Za-z0-9_.-]{0,63}";
const PLACEHOLDER = new RegExp(`#\\{(${NAME})\\}`, "g");
const WHOLE_NAME = new RegExp(`^${NAME}$`);
const ANY_BRACES = /#\{([^{}]*)\}/g;

/** The placeholder names in a text, in order of appearance (with repeats). */
export function placeholderNames(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1] as string);
}

/** Why a text's placeholders are malformed (empty when they are fine). */
export function placeholderProblems(text: string): string[] {
  const problems: string[] = [];
  for (const [whole, inner] of text.matchAll(ANY_BRACES)) {
    if (!WHOLE_NAME.test(inner as string)) {
      problems.push(`placeholder ${whole} is not a valid name (letters, digits, _ . -, starting with a letter or _)`);
    }
  }
  if (text.replace(ANY_BRACES, "").includes("#{")) problems.push('"#{" without a closing "}"');
  return problems;
}

/** True when the text still holds something that looks like a placeholder. */
export const containsPlaceholder = (text: string): boolean => text.includes("#{");

/** Fills each placeholder in one pass: a value is inserted as is, never scanned for placeholders again. */
export function fillPlaceholders(text: string, variables: Record<string, string>): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => (Object.hasOwn(variables, name) ? (variables[name] as string) : whole));
}

/** The text without its placeholders: the fixed part whose length is known before rendering. */
export const withoutPlaceholders = (text: string): string => text.replace(PLACEHOLDER, "");
