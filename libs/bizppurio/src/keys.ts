/** The gateway-wide Redis keys (one per account, not per phone): token, refresh lock, rate window. */
export const bizppurioKeys = (prefix: string) => ({
  token: `${prefix}bizppurio:token`,
  tokenLock: `${prefix}bizppurio:token-lock`,
  rateWindow: (second: number) => `${prefix}bizppurio:rate:${second}`,
});
