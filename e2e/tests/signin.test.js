// Signing in with MFA in a real browser, with axe-core checking the pages on the way.

import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { axeViolations, baken, freshDatabase, launchBrowser, startServer, totp, watchConsole } from "./helpers.js";

const PASSWORD = "lantaarn-fiets-zeventien";
let server;
let browser;

before(async () => {
  const database = freshDatabase();
  baken(database, ["gemeente", "add", "--code", "GM0534", "--naam", "Hillegom"]);
  baken(database, ["gemeente", "add", "--code", "GM0553", "--naam", "Lisse"]);
  baken(database, ["user", "add", "--email", "e2e@example.nl", "--name", "Eva Tweede", "--role", "teamlid", "--gemeente", "GM0534", "--gemeente", "GM0553", "--password-stdin"], PASSWORD + "\n");
  server = await startServer(database);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test("sign in with password and TOTP enrolment, reach the start page, sign in again with a recovery code", async () => {
  const page = await browser.newPage();
  const consoleErrors = watchConsole(page);

  await page.goto(`${server.url}/`);
  assert.match(page.url(), /\/aanmelden$/, "anonymous visitors are sent to sign-in");
  assert.deepEqual(await axeViolations(page), [], "sign-in page has no WCAG 2.1 A/AA violations");

  // A wrong password shows a Dutch error and keeps the e-mail address.
  await page.fill("#veld-email", "e2e@example.nl");
  await page.fill("#veld-wachtwoord", "verkeerd-wachtwoord-123");
  await page.click("button[type=submit]");
  assert.match(await page.textContent("main"), /klopt niet/);
  assert.equal(await page.inputValue("#veld-email"), "e2e@example.nl");
  assert.deepEqual(await axeViolations(page), [], "sign-in page with an error has no violations");

  await page.fill("#veld-wachtwoord", PASSWORD);
  await page.click("button[type=submit]");
  assert.match(page.url(), /\/mfa\/inrichten$/, "an account without a second factor must enrol");
  assert.equal(await page.locator(".baken-qr svg").count(), 1, "QR code is rendered as inline SVG");
  assert.deepEqual(await axeViolations(page), [], "enrolment page has no violations");

  const secret = (await page.textContent("[data-testid=totp-secret]")).trim();
  await page.fill("#veld-code", totp(secret));
  await page.click("form[action='/mfa/inrichten'] button[type=submit]");
  const codes = await page.locator("[data-testid=recovery-codes] code").allTextContents();
  assert.equal(codes.length, 10, "ten recovery codes are shown once");

  await page.click("text=Verder");
  assert.equal(new URL(page.url()).pathname, "/");
  assert.match(await page.textContent("h1"), /Welkom, Eva Tweede/);
  assert.deepEqual(await axeViolations(page), [], "start page has no violations");

  // The municipality switcher works without waiting for anything but the form.
  await page.selectOption("#gemeente-kiezer", "GM0553");
  await page.waitForFunction(() => document.querySelector("main")?.textContent.includes("Lisse"));
  assert.match(await page.textContent("main"), /gemeente\s+Lisse/);

  await page.goto(`${server.url}/account`);
  assert.deepEqual(await axeViolations(page), [], "account page has no violations");

  await page.click("text=Afmelden");
  assert.match(page.url(), /\/aanmelden$/);

  // Second sign-in: the TOTP step was used already, so use a recovery code.
  await page.fill("#veld-email", "e2e@example.nl");
  await page.fill("#veld-wachtwoord", PASSWORD);
  await page.click("button[type=submit]");
  assert.match(page.url(), /\/mfa$/);
  assert.deepEqual(await axeViolations(page), [], "second-factor page has no violations");
  await page.fill("#veld-code", codes[0]);
  await page.click("form[action='/mfa'] button[type=submit]");
  assert.equal(new URL(page.url()).pathname, "/");
  assert.match(await page.textContent("h1"), /Welkom/);

  assert.deepEqual(consoleErrors, [], "no console errors or CSP violations");
});
