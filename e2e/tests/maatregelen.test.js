// Interventions in the browser (issue 13): a team member proposes a 174a closure from the dossier —
// refused without its ground, then urgent without a motivation, each error at its field — then an
// Opiumwet 13b closure; records its steps (intent, view, decision, notification), sees every deadline
// computed with how, drafts the decision letter (a PDF attachment); the deadline overview lists the
// open ones; the coordinator hands all open work to a colleague, after which the member's overview
// is empty. axe-core on every page, nothing scrolls sideways at 390 px, screenshots at both widths.

import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { axeViolations, baken, freshDatabase, launchBrowser, startServer, watchConsole } from "./helpers.js";

const PASSWORD = "lantaarn-fiets-zeventien";
const SHOTS = join(dirname(fileURLToPath(import.meta.url)), "..", "screenshots");
let server;
let browser;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const database = freshDatabase();
  baken(database, ["gemeente", "add", "--code", "GM0534", "--naam", "Hillegom"]);
  for (const [email, name, role] of [
    ["tessa@example.nl", "Tessa Teamlid", "teamlid"],
    ["otto@example.nl", "Otto Opvolger", "teamlid"],
    ["cor@example.nl", "Cor Coördinator", "coordinator"],
  ]) {
    baken(database, ["user", "add", "--email", email, "--name", name, "--role", role, "--gemeente", "GM0534", "--password-stdin"], PASSWORD);
  }
  server = await startServer(database, { BAKEN_CORE__MFA_REQUIRED: "false" });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function signIn(email) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = watchConsole(page);
  await page.goto(`${server.url}/aanmelden`);
  await page.fill("#veld-email", email);
  await page.fill("#veld-wachtwoord", PASSWORD);
  await page.click("button[type=submit]");
  await page.waitForURL(`${server.url}/`);
  return { page, errors };
}

async function look(page, name) {
  assert.deepEqual(await axeViolations(page), [], `${name}: no axe-core violations`);
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(overflow, 0, `${name} at ${width} px scrolls sideways by ${overflow} px`);
    await page.screenshot({ path: join(SHOTS, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

const daysAgo = (n) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

test("propose, refuse what the law refuses, record the steps, see the deadlines, draft the decision, hand over", async () => {
  const { page, errors } = await signIn("tessa@example.nl");
  await page.goto(`${server.url}/signalen/nieuw`);
  await page.selectOption("#veld-bron", "inwoner");
  await page.fill("#veld-omschrijving", "Melding: hennepgeur en afgeplakte ramen bij de woning (fictief).");
  await page.check("#fenomeen-hennep");
  await page.fill("#veld-persoon_bsn", "999900006");
  await page.fill("#veld-persoon_achternaam", "Verzonnen");
  await page.click("form[action='/signalen/nieuw'] button[type=submit]");
  const dossier = page.url();

  await page.click("a:has-text('Maatregel voorstellen')");
  await look(page, "maatregel-nieuw");
  await page.selectOption("#veld-instrument", "gemeentewet-174a-sluiting");
  await page.fill("#veld-duur", "P3M");
  await page.check("#spoed-ja");
  await page.click("form[action$='/maatregelen'] button[type=submit]");
  assert.match(await page.textContent("#fout-grond"), /174a/);
  assert.match(await page.textContent("#fout-spoed_motivering"), /spoedeisend/);
  assert.equal(await page.inputValue("#veld-duur"), "P3M", "the input is kept");
  await look(page, "maatregel-nieuw-fout");

  await page.selectOption("#veld-instrument", "opiumwet-13b-sluiting");
  await page.selectOption("#veld-grond", "");
  await page.uncheck("#spoed-ja");
  await page.fill("#veld-spoed_motivering", "");
  await page.fill("#veld-duur", "P6M");
  await page.check("input[name=adressaten]");
  await page.fill("#veld-motivering", "Handelshoeveelheid in een woning; een waarschuwing volstaat niet.");
  await page.click("form[action$='/maatregelen'] button[type=submit]");
  assert.match(page.url(), /\/maatregelen\/[0-9a-f-]{36}$/);
  assert.match(await page.textContent("main"), /De maatregel is voorgesteld/);

  for (const [stap, dagen] of [["bestuurlijke-rapportage", 30], ["voornemen", 25], ["zienswijze", 15], ["besluit", 10], ["bekendmaking", 9]]) {
    await page.selectOption("#veld-stap", stap);
    await page.fill("#veld-datum", daysAgo(dagen));
    await page.click("form[action$='/stappen'] button[type=submit]");
    assert.match(await page.textContent("main"), /De stap is vastgelegd/, stap);
  }
  const termijnen = await page.textContent("#termijnen");
  assert.match(termijnen, /Bezwaar maken tegen het besluit/);
  assert.match(termijnen, /Begunstigingstermijn/);
  assert.match(termijnen, /Zienswijze op het voornemen[\s\S]*Voldaan/);
  assert.match(await page.textContent("#stappen"), /Besluit bekendgemaakt/);
  await look(page, "maatregel");

  await page.click("button:has-text('Besluit opstellen')");
  assert.match(await page.textContent("main"), /De brief is opgesteld/);
  await page.goto(dossier);
  assert.match(await page.textContent("#bijlagen"), /besluit-M-\d{4}-\d{4}\.pdf/);
  assert.match(await page.textContent("#journaal"), /Besluit bekendgemaakt[\s\S]*uiterlijk/);

  await page.click("a:has-text('Termijnen')");
  assert.match(await page.textContent("main"), /Bezwaar maken tegen het besluit/);
  await look(page, "termijnen");

  // The coordinator hands everything over; the member's overview is then empty.
  const cor = await signIn("cor@example.nl");
  await cor.page.goto(`${server.url}/overdracht`);
  await cor.page.selectOption("#veld-van", { label: "Tessa Teamlid" });
  await cor.page.click("button:has-text('Toon het werk')");
  assert.match(await cor.page.textContent("main"), /Signalen \(1\)[\s\S]*Maatregelen \(1\)/);
  await look(cor.page, "overdracht");
  await cor.page.selectOption("#veld-naar", { label: "Otto Opvolger" });
  await cor.page.fill("#veld-reden", "Tessa vertrekt per 1 januari.");
  await cor.page.click("button:has-text('Alles overdragen')");
  assert.match(await cor.page.textContent("main"), /Het werk is overgedragen/);
  assert.match(await cor.page.textContent("main"), /geen open werk/);
  await page.goto(`${server.url}/overdracht`);
  assert.match(await page.textContent("main"), /U heeft geen open werk/);
  await page.goto(`${server.url}/termijnen`);
  assert.match(await page.textContent("main"), /Verlopen \(0\)[\s\S]*Deze week \(0\)[\s\S]*Later \(0\)/);
  assert.deepEqual(errors, [], "no console errors");
  assert.deepEqual(cor.errors, [], "no console errors");
});
