// Shared helpers for the browser tests: start a real `baken` binary on a fresh SQLite file, drive
// Debian's chromium through playwright-core, run axe-core, compute TOTP codes like an authenticator app.

import { spawn, spawnSync } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const targetDir = process.env.CARGO_TARGET_DIR ?? resolve(import.meta.dirname, "../../target");
export const BAKEN_BIN = process.env.BAKEN_BIN ?? join(targetDir, "debug", "baken");
export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

// Keys and attachments of the test runs live in a temporary directory, never in the checkout.
const runDir = mkdtempSync(join(tmpdir(), "baken-e2e-run-"));
const runEnv = {
  BAKEN_JOURNAL_KEY_FILE: join(runDir, "journaal.key"),
  BAKEN_MASTER_KEY_FILE: join(runDir, "hoofdsleutel.key"),
  BAKEN_ATTACHMENTS_DIR: join(runDir, "bijlagen"),
};

/** Runs a baken CLI command against `database`; throws with its output when it fails. */
export function baken(database, args, input) {
  const result = spawnSync(BAKEN_BIN, ["--database", database, ...args], { input, encoding: "utf8", env: { ...process.env, ...runEnv } });
  if (result.status !== 0) {
    throw new Error(`baken ${args.join(" ")} failed (${result.status}): ${result.stdout}${result.stderr}`);
  }
  return result.stdout;
}

/** A fresh database with one municipality and one account per given role. */
export function freshDatabase() {
  const dir = mkdtempSync(join(tmpdir(), "baken-e2e-"));
  return `sqlite://${join(dir, "baken.db")}`;
}

/** Starts `baken serve` on a free port; resolves to { url, stop }. */
export async function startServer(database, env = {}, command = "serve") {
  const child = spawn(BAKEN_BIN, ["--database", database, command, "--bind", "127.0.0.1:0"], {
    env: { ...process.env, ...runEnv, RUST_LOG: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const url = await new Promise((resolvePromise, reject) => {
    let stdout = "";
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 120000);
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
      const match = stdout.match(/luistert op (http:\/\/[0-9.:]+)/);
      if (match) {
        clearTimeout(timer);
        resolvePromise(match[1]);
      }
    });
    child.on("exit", (code) => reject(new Error(`server exited with ${code}: ${stderr}`)));
  });
  return {
    url,
    stop: () =>
      new Promise((done) => {
        child.once("exit", done);
        child.kill("SIGTERM");
      }),
  };
}

/** Starts `baken demo` (fills an empty database with the demo story, then serves) on a free port;
 * resolves to { url, stop }. */
export async function startDemo(database, env = {}) {
  return startServer(database, env, "demo");
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

/** Collects console errors (CSP violations, script errors). Responses with an error status that a
 * test provokes on purpose (a wrong password answers 401) are logged by chromium too; those are
 * checked by the tests themselves, so they are left out here. */
export function watchConsole(page) {
  const errors = [];
  page.on("console", (message) => {
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource: the server responded with a status of 4")) {
      errors.push(message.text());
    }
  });
  page.on("pageerror", (error) => errors.push(String(error)));
  return errors;
}

const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/** Runs axe-core on the page for WCAG 2.1 A and AA; returns the violations. */
export async function axeViolations(page) {
  // Evaluated through the DevTools protocol, so the page's strict CSP stays in force.
  await page.evaluate(axeSource);
  const result = await page.evaluate(() =>
    globalThis.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }),
  );
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}

function base32Decode(input) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const char of input.replace(/=+$/, "").toUpperCase()) {
    const value = alphabet.indexOf(char);
    if (value < 0) throw new Error(`not base32: ${char}`);
    bits += value.toString(2).padStart(5, "0");
  }
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

/** The RFC 6238 code (SHA-1, 6 digits, 30 s) for a base32 secret, as an authenticator app shows it. */
export function totp(secret, at = Date.now()) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const hmac = createHmac("sha1", base32Decode(secret)).update(counter).digest();
  const offset = hmac[hmac.length - 1] & 0x0f;
  const code = (hmac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(code).padStart(6, "0");
}
