import { bizppurioKeys } from "@sunseo/bizppurio";

/**
 * Every Redis key the dispatcher touches. Per-phone keys carry the phone as a hash tag
 * (`{01012345678}`) so they stay in one slot on Redis Cluster; the gateway-wide ones
 * (token, lock, rate) come from @sunseo/bizppurio under `${prefix}bizppurio:`.
 */
export const dispatcherKeys = (prefix: string) => ({
  ...bizppurioKeys(prefix),
  /** The refkey ledger: in-flight marker, then the stored dispatch-result. */
  sendRecord: (phone: string, refkey: string) => `${prefix}{${phone}}:dispatch:${refkey}`,
});
export type DispatcherKeys = ReturnType<typeof dispatcherKeys>;
