import { describe, expect, it } from "vitest";
import { createIpFilter, parseCidrList } from "./ip-filter.js";

describe("createIpFilter", () => {
  it("allows everything when no CIDR is configured", () => {
    expect(createIpFilter([]).allows("198.51.100.7")).toBe(true);
  });

  it("matches IPv4 and IPv6 subnets and single addresses", () => {
    const filter = createIpFilter(["203.0.113.0/24", "2001:db8::/32", "192.0.2.10"]);
    expect(filter.allows("203.0.113.200")).toBe(true);
    expect(filter.allows("203.0.114.1")).toBe(false);
    expect(filter.allows("2001:db8:1::5")).toBe(true);
    expect(filter.allows("2001:db9::5")).toBe(false);
    expect(filter.allows("192.0.2.10")).toBe(true);
    expect(filter.allows("192.0.2.11")).toBe(false);
  });

  it("checks an IPv4-mapped IPv6 address as IPv4", () => {
    expect(createIpFilter(["127.0.0.0/8"]).allows("::ffff:127.0.0.1")).toBe(true);
  });

  it("refuses a missing or garbage address", () => {
    const filter = createIpFilter(["0.0.0.0/0"]);
    expect(filter.allows(undefined)).toBe(false);
    expect(filter.allows("not-an-ip")).toBe(false);
  });

  it.each(["10.0.0.0/33", "10.0.0/8", "example.com", "10.0.0.0/", "::/129", "1.2.3.4/8/1"])("names a bad entry: %s", (entry) => {
    expect(() => parseCidrList([entry])).toThrow(entry);
  });
});
