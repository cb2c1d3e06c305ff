// Registering signals through the form, the backlog, the journal and shared entities, in a real
// browser, with axe-core on every page on the way.

import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { axeViolations, baken, freshDatabase, launchBrowser, startServer, watchConsole } from "./helpers.js";

const PASSWORD = "lantaarn-fiets-zeventien";
let server;
let browser;

before(async () => {
  const database = freshDatabase();
  baken(database, ["gemeente", "add", "--code", "GM0534", "--naam", "Hillegom"]);
  baken(database, ["user", "add", "--email", "tessa@example.nl", "--name", "Tessa Teamlid", "--role", "teamlid", "--gemeente", "GM0534", "--password-stdin"], PASSWORD);
  server = await startServer(database, { BAKEN_CORE__MFA_REQUIRED: "false" });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function register(page, description, { bsn = "", kenteken = "" } = {}) {
  await page.goto(`${server.url}/signalen/nieuw`);
  await page.selectOption("#veld-bron", "inwoner");
  await page.fill("#veld-omschrijving", description);
  await page.check("#fenomeen-hennep");
  await page.fill("#veld-persoon_bsn", bsn);
  await page.fill("#veld-persoon_achternaam", "Verzonnen");
  await page.fill("#veld-adres_postcode", "2181 xa");
  await page.fill("#veld-adres_huisnummer", "7");
  await page.fill("#veld-adres_straat", "Demostraat");
  await page.fill("#veld-voertuig_kenteken", kenteken);
  await page.click("form[action='/signalen/nieuw'] button[type=submit]");
}

test("register signals with a person and an address, journal, and see the shared address", async () => {
  const page = await browser.newPage();
  const consoleErrors = watchConsole(page);
  await page.goto(`${server.url}/aanmelden`);
  await page.fill("#veld-email", "tessa@example.nl");
  await page.fill("#veld-wachtwoord", PASSWORD);
  await page.click("button[type=submit]");

  await page.goto(`${server.url}/signalen/nieuw`);
  assert.deepEqual(await axeViolations(page), [], "intake form has no violations");

  // Invalid identifiers: every error in Dutch, the rest of the input kept.
  await register(page, "Hennepgeur bij de schuur.", { bsn: "123456789", kenteken: "123456" });
  const errors = await page.locator(".baken-error-summary li").allTextContents();
  assert.ok(errors.some((e) => e.includes("elfproef")), errors.join(" | "));
  assert.ok(errors.some((e) => e.includes("kenteken")), errors.join(" | "));
  assert.equal(await page.inputValue("#veld-omschrijving"), "Hennepgeur bij de schuur.");
  assert.deepEqual(await axeViolations(page), [], "intake form with errors has no violations");

  await register(page, "Hennepgeur bij de schuur.", { bsn: "999900006" });
  assert.match(page.url(), /\/signalen\/[0-9a-f-]{36}$/);
  const first = page.url();
  assert.match(await page.textContent("h1"), /Signaal S-\d{4}-0001/);
  assert.deepEqual(await axeViolations(page), [], "dossier page has no violations");

  // While typing the next signal, the form shows where the person is already known (htmx).
  await page.goto(`${server.url}/signalen/nieuw`);
  await page.fill("#veld-persoon_bsn", "999900006");
  await page.locator("#veld-persoon_bsn").blur();
  await page.waitForSelector("#elders :text('Al bekend in Baken')");
  assert.match(await page.textContent("#elders"), /S-\d{4}-0001/);
  assert.deepEqual(await axeViolations(page), [], "intake form with 'already known' has no violations");

  await register(page, "Weer veel verkeer bij hetzelfde adres.");
  const second = page.url();
  assert.notEqual(first, second);

  await page.goto(`${server.url}/signalen`);
  assert.equal(await page.locator("#backlog tbody tr").count(), 2, "both signals in the backlog");
  assert.deepEqual(await axeViolations(page), [], "backlog has no violations");

  // A journal entry on the first signal.
  await page.goto(first);
  await page.selectOption("#veld-soort", "veldbezoek");
  await page.fill("#veld-tekst", "Ramen aan de achterzijde afgeplakt.");
  await page.click("form[action$='/journaal'] button[type=submit]");
  assert.match(await page.textContent("#journaal"), /Ramen aan de achterzijde afgeplakt\./);

  // The address links the two signals.
  await page.click("a[href^='/entiteiten/']:has-text('Demostraat')");
  assert.match(await page.textContent("h1"), /Demostraat 7, 2181 XA/);
  assert.equal(await page.locator("main a[href^='/signalen/']").count(), 2, "the entity shows both dossiers");
  assert.deepEqual(await axeViolations(page), [], "entity page has no violations");

  await page.goto(`${server.url}/signalen/zoeken`);
  await page.fill("#veld-zoekterm", "schuur");
  await page.click("form[action='/signalen/zoeken'] button[type=submit]");
  assert.equal(await page.locator("#zoekresultaten li").count(), 1);
  assert.deepEqual(await axeViolations(page), [], "search results have no violations");

  assert.deepEqual(consoleErrors, [], "no console errors or CSP violations");
});
