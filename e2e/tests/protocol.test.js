// The privacy protocol in the browser: a transition refused until the privacy officer approves
// privacy check 1, the approval, a source consultation, and the protocol document; axe-core on
// every page on the way.

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
  baken(database, ["user", "add", "--email", "pien@example.nl", "--name", "Pien Privacy", "--role", "privacyfunctionaris", "--gemeente", "GM0534", "--password-stdin"], PASSWORD);
  server = await startServer(database, { BAKEN_CORE__MFA_REQUIRED: "false" });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function signIn(email) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const consoleErrors = watchConsole(page);
  await page.goto(`${server.url}/aanmelden`);
  await page.fill("#veld-email", email);
  await page.fill("#veld-wachtwoord", PASSWORD);
  await page.click("button[type=submit]");
  return { page, consoleErrors };
}

async function changeStatus(page, dossier, status, motivering) {
  await page.goto(dossier);
  await page.selectOption("#veld-status", status);
  // The weighing this step records: "ja" to every criterion.
  for (const yes of await page.locator("#veld-wegingsantwoorden input[type=radio][value=ja]").all()) {
    await yes.check();
  }
  await page.fill("#veld-motivering", motivering);
  await page.click("form[action$='/status'] button[type=submit]");
}

test("source research waits for privacy check 1; the approval permits a consultation", async () => {
  const tessa = await signIn("tessa@example.nl");
  const page = tessa.page;
  await page.goto(`${server.url}/signalen/nieuw`);
  await page.selectOption("#veld-bron", "inwoner");
  await page.fill("#veld-omschrijving", "Hennepgeur bij de loods.");
  await page.check("#fenomeen-hennep");
  await page.fill("#veld-persoon_bsn", "999900006");
  await page.fill("#veld-persoon_achternaam", "Verzonnen");
  await page.click("form[action='/signalen/nieuw'] button[type=submit]");
  const dossier = page.url();
  assert.match(dossier, /\/signalen\/[0-9a-f-]{36}$/);

  await changeStatus(page, dossier, "intake", "");
  await changeStatus(page, dossier, "weging", "Ondermijning en een eigen taak.");
  await changeStatus(page, dossier, "bronnenonderzoek", "Concreet en recent.");
  const refusal = await page.textContent("main");
  assert.match(refusal, /Niet toegestaan door het privacyprotocol/);
  assert.match(refusal, /privacytoets 1/);
  // The refusal is shown at the status form, on the dossier, with the motivation kept.
  assert.equal(page.url(), `${dossier}/status`);
  assert.equal(await page.inputValue("#veld-motivering"), "Concreet en recent.");
  assert.equal(await page.evaluate(() => document.activeElement.id), "foutmeldingen", "the error summary has focus");
  assert.deepEqual(await axeViolations(page), [], "the refusal has no violations");

  // The privacy officer approves check 1 for the BRP.
  const pien = await signIn("pien@example.nl");
  await pien.page.goto(`${dossier}/protocol`);
  assert.deepEqual(await axeViolations(pien.page), [], "the signal's protocol page has no violations");
  await pien.page.click("summary:has-text('Privacytoets 1 beslissen')");
  for (const aspect of ["grondslag", "verenigbaarheid", "noodzaak", "proportionaliteit", "subsidiariteit"]) {
    await pien.page.fill(`#veld-1-${aspect}`, `Vastgelegd: ${aspect}.`);
  }
  await pien.page.check("#\\31 -bron-brp");
  // Nothing is decided until she chooses: without a choice the error sits at the decision.
  assert.equal(await pien.page.isChecked("#\\31 -goed"), false, "no decision preselected");
  await pien.page.click("button:has-text('Besluit over privacytoets 1 vastleggen')");
  assert.match(await pien.page.textContent("#fout-1-besluit"), /Kies goedgekeurd of afgewezen/);
  assert.equal(await pien.page.inputValue("#veld-1-noodzaak"), "Vastgelegd: noodzaak.", "the answers are kept");
  assert.deepEqual(await axeViolations(pien.page), [], "the decision form with its error has no violations");
  await pien.page.check("#\\31 -goed");
  await pien.page.click("button:has-text('Besluit over privacytoets 1 vastleggen')");
  assert.match(await pien.page.textContent("#besluiten"), /Privacytoets 1 goedgekeurd .* bronnen: Basisregistratie Personen \(BRP\)/);

  // Now the transition and the consultation go through, and land in the journal.
  await changeStatus(page, dossier, "bronnenonderzoek", "Concreet en recent.");
  assert.equal(page.url(), dossier);
  await page.goto(`${dossier}/protocol`);
  await page.selectOption("#veld-bron", "brp");
  await page.selectOption("#veld-doel", "Vaststellen wie op het adres staat ingeschreven");
  await page.selectOption("#veld-uitkomst", "hit");
  await page.click("form[action$='/bronraadplegingen'] button[type=submit]");
  assert.match(await page.textContent("#journaal"), /Raadpleging Basisregistratie Personen \(BRP\) \(hit\/no-hit.*\): hit\./);
  assert.match(await page.textContent("#journaal"), /Privacytoets 1 goedgekeurd/);

  await page.goto(`${server.url}/protocol`);
  assert.match(await page.textContent("h1"), /Privacyprotocol/);
  assert.match(await page.textContent("#bewaartermijnen"), /Geen actie\s*1 jaar\s*Vernietigen/);
  assert.deepEqual(await axeViolations(page), [], "the protocol document has no violations");

  // The privacy officer finds every processing of the person, with who did it.
  await pien.page.goto(`${server.url}/privacy/verwerkingslog`);
  await pien.page.fill("#veld-bsn", "999900006");
  await pien.page.click("form[action='/privacy/verwerkingslog'] button[type=submit]");
  const log = await pien.page.textContent("#verwerkingen");
  assert.match(log, /Signaal geregistreerd[\s\S]*Tessa Teamlid/);
  assert.match(log, /Dossier ingezien[\s\S]*Tessa Teamlid/);
  assert.match(log, /Bron geraadpleegd/);
  assert.doesNotMatch(log, /signalen\/\{id\}|\.lezen|signaal\.registreren/);
  assert.ok(!pien.page.url().includes("999900006"), "no BSN in the address");
  assert.deepEqual(await axeViolations(pien.page), [], "the processing log has no violations");

  // A data subject asks for access: registered, an entry withheld under art. 41 UAVG, the answer as PDF.
  await pien.page.goto(`${server.url}/privacy/verzoeken`);
  assert.deepEqual(await axeViolations(pien.page), [], "the requests page has no violations");
  await pien.page.selectOption("#veld-soort", "inzage");
  await pien.page.fill("#veld-bsn", "999900006");
  await pien.page.click("form[action='/privacy/verzoeken'] button[type=submit]");
  assert.match(pien.page.url(), /\/privacy\/verzoeken\/[0-9a-f-]{36}$/);
  assert.ok(!pien.page.url().includes("999900006"), "no BSN in the address");
  assert.match(await pien.page.textContent("main"), /Hennepgeur bij de loods\./);
  assert.deepEqual(await axeViolations(pien.page), [], "the request page has no violations");
  await pien.page.selectOption("#veld-beperking_grond", "d");
  await pien.page.fill("#veld-beperking_motivering", "Lopend onderzoek.");
  await pien.page.fill("#veld-beperking_herbeoordeling", "2031-01-01");
  await pien.page.click("form[action$='/beperking'] button[type=submit]");
  assert.match(await pien.page.textContent("main"), /Beperkt \(art\. 41 lid 1 onder d UAVG\), herbeoordeling 01-01-2031/);
  assert.match(await pien.page.textContent("#beperkingen"), /onder d — Lopend onderzoek\. \(herbeoordeling 01-01-2031\)/);
  assert.deepEqual(await axeViolations(pien.page), [], "the request page with its restriction and re-evaluation form has no violations");
  const [download] = await Promise.all([
    pien.page.waitForEvent("download"),
    pien.page.click("a:has-text('Antwoord als PDF')"),
  ]);
  assert.match(download.suggestedFilename(), /^antwoord-V-[0-9A-F]{12}\.pdf$/);

  assert.deepEqual([...tessa.consoleErrors, ...pien.consoleErrors], [], "no console errors or CSP violations");
});
