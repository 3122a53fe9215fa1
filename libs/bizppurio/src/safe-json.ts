/** The parsed JSON, or undefined when the text is not JSON: gateway answers (and, in the simulator, requests) are not trusted to be. */
export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
