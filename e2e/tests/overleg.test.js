// The signal meeting in the browser (issue 13): the coordinator registers a Meld Misdaad Anoniem
// hemp signal and takes it to weighing; plans a signal meeting (its agenda drawn at once, an
// attendee from the police); the decision "source research" is refused with the protocol's rule at
// its field (privacy check 1 is missing), the input kept; monitoring is decided instead; the
// minutes show the decision; an action item lands on a colleague's task list; the meeting is
// closed. axe-core on every page, nothing scrolls sideways at 390 px, screenshots at both widths.

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
    ["cor@example.nl", "Cor Coördinator", "coordinator"],
    ["tessa@example.nl", "Tessa Teamlid", "teamlid"],
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

async function answerCriteria(page) {
  for (const n of [1, 2, 3]) await page.check(`#wegingsantwoorden_${n}_antwoord-ja`);
}

const inDays = (n) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

test("plan a signal meeting, be refused by the protocol at the field, decide, read the minutes, hand out an action item, close", async () => {
  const { page, errors } = await signIn("cor@example.nl");
  await page.goto(`${server.url}/signalen/nieuw`);
  await page.selectOption("#veld-bron", "meld-misdaad-anoniem");
  await page.fill("#veld-omschrijving", "Via Meld Misdaad Anoniem: hennepgeur en stroomkabels naar de zolder (fictief).");
  await page.check("#fenomeen-hennep");
  await page.fill("#veld-persoon_bsn", "999900006");
  await page.fill("#veld-persoon_achternaam", "Verzonnen");
  await page.click("form[action='/signalen/nieuw'] button[type=submit]");
  const nummer = (await page.textContent("h1")).match(/S-\d{4}-\d{4}/)[0];
  await page.selectOption("#veld-status", "intake");
  await page.click("form[action$='/status'] button[type=submit]");
  await page.selectOption("#veld-status", "weging");
  await answerCriteria(page);
  await page.fill("#veld-motivering", "Past bij hennepteelt; eigen bevoegdheid.");
  await page.click("form[action$='/status'] button[type=submit]");
  assert.match(await page.textContent("main"), /De status is gewijzigd/);

  // Planning: a wrong date is named at its field; then the agenda is drawn at once.
  await page.click("nav >> text=Overleggen");
  await look(page, "overleggen");
  await page.fill("#veld-datum", "");
  await page.fill("#veld-externen", "J. de Vries (Politie)");
  await page.click("form[action='/overleggen'] button[type=submit]");
  assert.match(await page.textContent("#fout-datum"), /datum/i);
  assert.equal(await page.inputValue("#veld-externen"), "J. de Vries (Politie)", "the input is kept");
  await page.fill("#veld-datum", inDays(0));
  await page.check("label:has-text('Tessa Teamlid')");
  await page.click("form[action='/overleggen'] button[type=submit]");
  assert.match(await page.textContent("main"), /Het overleg is gepland/);
  assert.match(await page.textContent("#agenda"), new RegExp(nummer));
  assert.match(await page.textContent("#deelnemers"), /J\. de Vries \(Politie\)/);
  await look(page, "overleg");
  const meeting = page.url().replace(/#.*$/, "");

  // The decision is the protocol's step: refused at the field without privacy check 1.
  await page.click(`a:has-text('Besluit vastleggen')`);
  await look(page, "overleg-besluit");
  await page.selectOption("#veld-besluit", "bronnenonderzoek");
  await answerCriteria(page);
  await page.fill("#veld-motivering", "Concreet en recent.");
  await page.click("main form button[type=submit]");
  assert.match(await page.textContent("#fout-besluit"), /Niet toegestaan door het privacyprotocol.*privacytoets 1/);
  assert.equal(await page.inputValue("#veld-motivering"), "Concreet en recent.", "the input is kept");
  await look(page, "overleg-besluit-geweigerd");
  await page.selectOption("#veld-besluit", "monitoren");
  await answerCriteria(page);
  await page.fill("#veld-motivering", "Eerst zien of het aanhoudt.");
  await page.fill("#veld-herbeoordelen_op", inDays(60));
  await page.click("main form button[type=submit]");
  assert.match(await page.textContent("main"), /Het besluit is vastgelegd/);
  assert.match(await page.textContent("#agenda"), /Monitoren/);

  // An action item for a colleague (who may not see the dossier: a general one): on her list.
  await page.fill("#veld-omschrijving", "Buurtagent vragen naar de situatie");
  await page.selectOption("#veld-eigenaar", { label: "Tessa Teamlid" });
  await page.selectOption("#veld-dossier", { label: "Geen (algemeen actiepunt)" });
  await page.click("form[action$='/actiepunten'] button[type=submit]");
  assert.match(await page.textContent("main"), /Het actiepunt staat op de takenlijst/);
  assert.match(await page.textContent("#actiepunten"), /Buurtagent vragen/);

  // The minutes, as HTML and PDF.
  await page.goto(`${meeting}/verslag`);
  assert.match(await page.textContent("#verslag-punten"), /Eerst zien of het aanhoudt/);
  await look(page, "overleg-verslag");
  const pdf = await page.request.get(`${meeting}/verslag.pdf`);
  assert.equal(pdf.status(), 200);
  assert.match(pdf.headers()["content-type"], /application\/pdf/);

  // Closing: afterwards no forms.
  await page.goto(meeting);
  await page.fill("#veld-verslag", "Eén signaal besproken; monitoring afgesproken.");
  await page.check("#veld-afronden");
  await page.click(`form[action='${new URL(meeting).pathname}'] button[type=submit]`);
  assert.match(await page.textContent("main"), /Het overleg is opgeslagen/);
  assert.equal(await page.locator("text=Besluit vastleggen").count(), 0);
  assert.deepEqual(errors, [], "no console errors");

  // The colleague finds the action item on her list; she sees the signal as an index line only.
  const tessa = await signIn("tessa@example.nl");
  await tessa.page.goto(`${server.url}/taken`);
  assert.match(await tessa.page.textContent("#mijn-taken"), /Buurtagent vragen/);
  await look(tessa.page, "taken-actiepunt");
  await tessa.page.goto(`${meeting}/verslag`);
  assert.doesNotMatch(await tessa.page.textContent("main"), /Eerst zien of het aanhoudt/);
});
