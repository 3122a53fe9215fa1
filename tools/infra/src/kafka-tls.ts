import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { MissingToolError } from "./errors.js";
import { commandVersion } from "./process.js";

/**
 * Throwaway TLS material for a local broker with a TLS listener: a CA made for the occasion
 * and a broker certificate it signs for 127.0.0.1/localhost, in the PKCS12 keystore Kafka
 * reads. Made with openssl, valid for a day; never meant to leave the test's folder.
 */

export interface CertificateAuthority {
  /** PEM certificate: what a client's KAFKA_SSL_CA_FILE points at. */
  certFile: string;
  keyFile: string;
}

export interface BrokerKeystore {
  ca: CertificateAuthority;
  /** PKCS12 holding the broker's key and its certificate chain. */
  keystoreFile: string;
  keystorePassword: string;
}

function openssl(args: readonly string[], cwd: string): void {
  const result = spawnSync("openssl", args, { cwd, encoding: "utf8", timeout: 60_000 });
  if (result.error || result.status !== 0) throw new Error(`openssl ${args[0]} failed: ${result.error?.message ?? result.stderr}`);
}

/** A self-signed CA in dir (ca.crt, ca.key). */
export function createCertificateAuthority(dir: string, name = "sunseo test CA"): CertificateAuthority {
  if (!commandVersion("openssl", ["version"])) throw new MissingToolError("no openssl on PATH: it makes the test broker's certificates");
  mkdirSync(dir, { recursive: true });
  openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "1", "-subj", `/CN=${name}`], dir);
  return { certFile: join(dir, "ca.crt"), keyFile: join(dir, "ca.key") };
}

/** A CA and a broker certificate for 127.0.0.1 and localhost signed by it, packed for Kafka's ssl.keystore.*. */
export function createBrokerKeystore(dir: string): BrokerKeystore {
  const ca = createCertificateAuthority(dir);
  writeFileSync(join(dir, "broker.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
  openssl(["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "broker.key", "-out", "broker.csr", "-subj", "/CN=127.0.0.1"], dir);
  openssl(
    [
      "x509",
      "-req",
      "-in",
      "broker.csr",
      "-CA",
      ca.certFile,
      "-CAkey",
      ca.keyFile,
      "-CAcreateserial",
      "-out",
      "broker.crt",
      "-days",
      "1",
      "-extfile",
      "broker.ext",
    ],
    dir,
  );
  const keystorePassword = randomBytes(12).toString("hex");
  openssl(
    [
      "pkcs12",
      "-export",
      "-in",
      "broker.crt",
      "-inkey",
      "broker.key",
      "-certfile",
      ca.certFile,
      "-name",
      "broker",
      "-out",
      "broker.p12",
      "-passout",
      `pass:${keystorePassword}`,
    ],
    dir,
  );
  return { ca, keystoreFile: join(dir, "broker.p12"), keystorePassword };
}
