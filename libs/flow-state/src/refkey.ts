/**
 * A step's refkey, the id Bizppurio echoes in its reports: "<instance id>-<step>-<attempt>",
 * at most 32 characters (the gateway's limit; instance ids are 20). Readers rely on the
 * format to go from a refkey an operator pastes to its flow.
 */
export const refkeyFor = (instanceId: string, step: number, attempt: number): string => `${instanceId}-${step}-${attempt}`;

const REFKEY = /^(.+)-\d+-\d+$/;

/** The instance id a refkey names, or undefined when the text is not a refkey. */
export const instanceIdOfRefkey = (refkey: string): string | undefined => REFKEY.exec(refkey)?.[1];
