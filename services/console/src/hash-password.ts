#!/usr/bin/env node
import { createInterface } from "node:readline/promises";
import { hashPassword } from "./auth/password.js";

/**
 * `npm run console:hash-password`: reads a password from stdin (never an argument, which
 * would stay in the shell history) and prints its scrypt hash for CONSOLE_USERS.
 */
const input = createInterface({ input: process.stdin, output: process.stderr, terminal: false });
process.stderr.write("password: ");
const password = (await input[Symbol.asyncIterator]().next()).value as string | undefined;
input.close();
if (!password) {
  process.stderr.write("\nno password given\n");
  process.exit(2);
}
process.stdout.write(`${await hashPassword(password)}\n`);
