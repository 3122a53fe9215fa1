import { BlockList, isIP } from "node:net";

/**
 * The optional allowlist of client addresses. Built on node's BlockList, which matches
 * IPv4 and IPv6 subnets; IPv4-mapped IPv6 addresses (::ffff:10.0.0.1, what a dual-stack
 * socket reports) are checked as the IPv4 address they carry.
 */
export interface IpFilter {
  allows(ip: string | undefined): boolean;
}

/** Throws on the first entry that is neither an IP nor a CIDR, naming it. */
export function parseCidrList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = "", bits, extra] = entry.split("/");
    const family = isIP(address);
    const max = family === 4 ? 32 : 128;
    const prefix = bits === undefined ? max : Number(bits);
    if (family === 0 || extra !== undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > max || bits === "") {
      throw new Error(`"${entry}" is not an IP address or CIDR (e.g. 203.0.113.0/24, 2001:db8::/32)`);
    }
    list.addSubnet(address, prefix, family === 4 ? "ipv4" : "ipv6");
  }
  return list;
}

export function createIpFilter(entries: readonly string[]): IpFilter {
  if (entries.length === 0) return { allows: () => true };
  const list = parseCidrList(entries);
  return {
    allows(ip) {
      if (ip === undefined) return false;
      const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
      const address = mapped?.[1] ?? ip;
      const family = isIP(address);
      if (family === 0) return false;
      return list.check(address, family === 4 ? "ipv4" : "ipv6");
    },
  };
}
