// The whole chain of casework in the browser (issue 13, acceptance 1): a Meld Misdaad Anoniem hemp
// signal from intake, weighed in a signal meeting (refused by the protocol until the privacy officer
// approved check 1), a BRP consultation, weighing 4 to a case, privacy checks 2A and 2B before the
// plan and its execution, an Opiumwet 13b closure with its intent and decision letters (PDFs with
// the legal basis and the objection notice), publication, sealing, objection and the decision on
// objection, every deadline listed, monitoring and closure; each step in the journal. axe-core on
// the pages of each step, nothing scrolls sideways at 390 px.

import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
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
    ["pien@example.nl", "Pien Privacy", "privacyfunctionaris"],
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

/** The privacy officer approves a check on a dossier's protocol page. */
async function approve(pien, dossier, code, aspects, bron) {
  await pien.goto(`${dossier}/protocol`);
  const id = code.replace(/^(\d)/, (d) => `\\3${d} `);
  await pien.click(`summary:has-text('Privacytoets ${code} beslissen')`);
  await pien.check(`#${id}-goed`);
  for (const aspect of aspects) await pien.fill(`#veld-${code}-${aspect}`, `Vastgelegd: ${aspect}.`);
  if (bron) await pien.check(`#${id}-bron-${bron}`);
  await pien.click(`button:has-text('Besluit over privacytoets ${code.toLowerCase()} vastleggen')`);
  assert.match(await pien.textContent("main"), /Het besluit over de privacytoets is vastgelegd/, code);
}

const daysAgo = (n) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
const pdfDir = mkdtempSync(join(tmpdir(), "baken-keten-"));

test("a hemp signal from intake through the signal meeting, a case with 2A and 2B, a 13b closure with its letters and objection, to monitoring and closure", async () => {
  const { page, errors } = await signIn("cor@example.nl");
  const pien = await signIn("pien@example.nl");

  // Intake and weighing 1-2.
  await page.goto(`${server.url}/signalen/nieuw`);
  await page.selectOption("#veld-bron", "meld-misdaad-anoniem");
  await page.fill("#veld-omschrijving", "Via Meld Misdaad Anoniem: hennepgeur en stroomkabels naar de zolder (fictief).");
  await page.check("#fenomeen-hennep");
  await page.fill("#veld-persoon_bsn", "999900006");
  await page.fill("#veld-persoon_achternaam", "Verzonnen");
  await page.click("form[action='/signalen/nieuw'] button[type=submit]");
  const signal = page.url();
  await page.selectOption("#veld-status", "intake");
  await page.click("form[action$='/status'] button[type=submit]");
  await page.selectOption("#veld-status", "weging");
  await answerCriteria(page);
  await page.fill("#veld-motivering", "Past bij hennepteelt; eigen bevoegdheid.");
  await page.click("form[action$='/status'] button[type=submit]");

  // The signal meeting: source research is refused until privacy check 1 is approved.
  await page.goto(`${server.url}/overleggen`);
  await page.fill("#veld-externen", "J. de Vries (Politie)");
  await page.click("form[action='/overleggen'] button[type=submit]");
  const meeting = page.url().replace(/#.*$/, "");
  await page.click("a:has-text('Besluit vastleggen')");
  const decision = page.url();
  await page.selectOption("#veld-besluit", "bronnenonderzoek");
  await answerCriteria(page);
  await page.fill("#veld-motivering", "Concreet en recent; eerst de BRP.");
  await page.click("main form button[type=submit]");
  assert.match(await page.textContent("#fout-besluit"), /privacytoets 1/);
  await approve(pien.page, signal, "1", ["grondslag", "verenigbaarheid", "noodzaak", "proportionaliteit", "subsidiariteit"], "brp");
  await page.goto(decision);
  await page.selectOption("#veld-besluit", "bronnenonderzoek");
  await answerCriteria(page);
  await page.fill("#veld-motivering", "Concreet en recent; eerst de BRP.");
  await page.click("main form button[type=submit]");
  assert.match(await page.textContent("main"), /Het besluit is vastgelegd/);

  // Source research, then weighing 4: to a case.
  await page.goto(`${signal}/protocol`);
  await page.selectOption("#veld-bron", "brp");
  await page.selectOption("#veld-doel", "Vaststellen wie op het adres staat ingeschreven");
  await page.selectOption("#veld-uitkomst", "hit");
  await page.click("form[action$='/bronraadplegingen'] button[type=submit]");
  await page.goto(signal);
  await page.selectOption("#veld-status", "naar-casus");
  await answerCriteria(page);
  await page.fill("#veld-motivering", "Hit in de BRP; bestuurlijke aanpak aangewezen.");
  await page.click("form[action$='/status'] button[type=submit]");
  assert.match(await page.textContent("main"), /De status is gewijzigd/);
  assert.match(await page.textContent("#journaal"), /Besluit in het signalenoverleg[\s\S]*J\. de Vries \(Politie\)/);

  // The case, with 2A before the plan and 2B before its execution.
  await page.click("a[href^='/casussen/nieuw']");
  await page.fill("#veld-naam", "Zolder met hennep (fictief)");
  await page.fill("#veld-doel", "De hennepkwekerij beëindigen en herhaling voorkomen.");
  await page.click("form[action='/casussen/nieuw'] button[type=submit]");
  const kase = page.url().replace(/#.*$/, "");
  await look(page, "keten-casus");
  const dossierOfCase = `${server.url}/signalen/${kase.split("/").pop()}`;
  await approve(pien.page, dossierOfCase, "2A", ["gegevens", "ontvangers", "noodzaak", "proportionaliteit"]);
  await page.goto(kase);
  await page.selectOption("#veld-status", "plan-van-aanpak");
  await page.fill("form[action$='/fase'] #veld-motivering", "Casusoverleg: sluiting voorbereiden.");
  await page.click("form[action$='/fase'] button[type=submit]");
  assert.match(await page.textContent("main"), /De casus is in de volgende fase/);
  await page.fill("#veld-plan_van_aanpak", "Sluiting op grond van art. 13b Opiumwet; verhuurder informeren.");
  await page.click(`form[action='${new URL(kase).pathname}'] button[type=submit]`);
  await approve(pien.page, dossierOfCase, "2B", ["bevoegdheid", "gegevens", "ontvangers", "noodzaak", "sectorale-beperkingen"]);
  await page.goto(kase);
  await page.selectOption("#veld-status", "in-uitvoering");
  await page.fill("form[action$='/fase'] #veld-motivering", "Plan vastgesteld.");
  await page.click("form[action$='/fase'] button[type=submit]");
  assert.match(await page.textContent("main"), /De casus is in de volgende fase/);

  // The 13b closure: letters, steps, deadlines.
  await page.click("a:has-text('Maatregel voorstellen')");
  await page.selectOption("#veld-instrument", "opiumwet-13b-sluiting");
  await page.fill("#veld-duur", "P3M");
  await page.check("input[name=adressaten]");
  await page.fill("#veld-motivering", "Geschikt, noodzakelijk en evenredig: handelshoeveelheid hennep in de woning.");
  await page.click("form[action$='/maatregelen'] button[type=submit]");
  assert.match(await page.textContent("main"), /De maatregel is voorgesteld/);
  const step = async (stap, dagen) => {
    await page.selectOption("#veld-stap", stap);
    await page.fill("#veld-datum", daysAgo(dagen));
    await page.click("form[action$='/stappen'] button[type=submit]");
    assert.match(await page.textContent("main"), /De stap is vastgelegd/, stap);
  };
  await step("bestuurlijke-rapportage", 70);
  await step("voornemen", 65);
  await page.click("button:has-text('Brief voornemen opstellen')");
  assert.match(await page.textContent("main"), /De brief is opgesteld/);
  for (const [stap, dagen] of [["zienswijze", 58], ["besluit", 50]]) await step(stap, dagen);
  await page.click("button:has-text('Besluit opstellen')");
  assert.match(await page.textContent("main"), /De brief is opgesteld/);
  for (const [stap, dagen] of [["bekendmaking", 49], ["publicatie", 48], ["uitvoering", 30], ["ingang", 30], ["bezwaar", 20], ["beslissing-op-bezwaar", 5]]) await step(stap, dagen);
  const termijnen = await page.textContent("#termijnen");
  assert.match(termijnen, /Bezwaar maken tegen het besluit/);
  assert.match(termijnen, /Begunstigingstermijn/);
  assert.match(termijnen, /[Bb]eroep/);
  await look(page, "keten-maatregel");
  // The intervention page leads back to the case it belongs to, not to a signal.
  await page.click("a:has-text('Terug naar casus')");
  assert.equal(new URL(page.url()).pathname, new URL(kase).pathname);

  // Both letters are PDFs with the legal basis and the objection notice.
  await page.goto(kase);
  const letters = await page.$$eval("#bijlagen a", (as) => as.map((a) => a.getAttribute("href")));
  assert.equal(letters.length, 2, `${letters}`);
  for (const [i, href] of letters.entries()) {
    const response = await page.request.get(`${server.url}${href}`);
    const file = join(pdfDir, `${i}.pdf`);
    writeFileSync(file, await response.body());
    const text = spawnSync("pdftotext", [file, "-"], { encoding: "utf8" }).stdout.replace(/\s+/g, " ");
    assert.match(text, /artikel 13b, eerste lid, aanhef en onder b, Opiumwet/, href);
    assert.match(text, /bezwaar/, href);
    assert.match(text, /zes weken/, href);
  }

  // Monitoring, with its end among the deadlines; then closure with a reason.
  await page.selectOption("#veld-status", "nazorg");
  await page.fill("form[action$='/fase'] #veld-motivering", "Sluiting uitgevoerd; zes maanden nazorg.");
  await page.click("form[action$='/fase'] button[type=submit]");
  assert.match(await page.textContent("main"), /De casus is in de volgende fase/);
  await page.goto(`${server.url}/termijnen?weken=52`);
  assert.match(await page.textContent("main"), /Einde nazorg/);
  await page.goto(kase);
  await page.selectOption("#veld-status", "afgesloten");
  await page.selectOption("#veld-afsluitreden", "interventie-uitgevoerd");
  await page.fill("form[action$='/fase'] #veld-motivering", "Geen nieuwe signalen tijdens de nazorg.");
  await page.click("form[action$='/fase'] button[type=submit]");
  assert.match(await page.textContent("main"), /De casus is in de volgende fase/);
  const journal = await page.textContent("#journaal");
  for (const needle of [/gestart vanuit signaal/, /Plan van aanpak/i, /In uitvoering/i, /Beslissing op bezwaar/, /opgesteld/, /Nazorg tot en met/, /Reden van afsluiten/]) {
    assert.match(journal, needle);
  }
  await look(page, "keten-casus-afgesloten");
  assert.deepEqual([...errors, ...pien.errors], [], "no console errors");
});
