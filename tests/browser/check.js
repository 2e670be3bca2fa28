// Checks every page of built communes in a real browser (issue #3):
//   - axe-core, tags wcag2a, wcag2aa, wcag21a, wcag21aa: 0 violation;
//   - the Nu HTML Checker (vnu.jar on the machine's Java): 0 error;
//   - under a strict Content-Security-Policy: no violation, no script error, no failed request;
//   - reflow: no horizontal scrolling at 320 CSS pixels (RGAA 10.11);
//   - the main menu's disclosure buttons, on each home page (aria-expanded, Escape);
//   - the search (issue #7) of one demo commune: a query finds a known page, with the same
//     checks on the results, then a second query from the form finds nothing.
// One browser, one page object reused, pages in sequence; the Nu checker runs meanwhile.
//
// Usage: node check.js PUBLIC_DIR [COMMUNE...]   (default: every commune of PUBLIC_DIR)
// Exit code: 0 all clean, 1 a finding, 2 the check itself could not run.
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const { spawn } = require("node:child_process");
const axe = require("axe-core");
const { launch } = require("./browser");
const { serve } = require("./serve");

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const VNU_JAR = require.resolve("vnu-jar/build/dist/vnu.jar");
const DESKTOP = { width: 1280, height: 900 };
const NARROW = 320;
// A query whose known page must be among the results (words of its title, one inflected).
const SEARCH = {
  commune: "port-lavigne",
  query: "marchés couverts",
  expected: "/actualites/reouverture-marche-couvert/",
};

/** Every HTML file of a site, as the URL path it is served at. */
function pagesOf(root) {
  const urls = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(full);
      } else if (entry.name.endsWith(".html")) {
        const rel = path.relative(root, full).split(path.sep).join("/");
        urls.push("/" + rel.replace(/(^|\/)index\.html$/, "$1"));
      }
    }
  };
  walk(root);
  return urls.sort();
}

/** Runs the Nu checker on whole folders at once (one JVM); resolves to its messages. */
function runVnu(dirs) {
  return new Promise((resolve, reject) => {
    const args = ["-jar", VNU_JAR, "--format", "json", "--skip-non-html", ...dirs];
    const child = spawn("java", args, { stdio: ["ignore", "ignore", "pipe"] });
    let output = "";
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("error", reject);
    child.on("close", () => {
      try {
        resolve(JSON.parse(output).messages);
      } catch {
        reject(new Error(`sortie illisible du Nu HTML Checker : ${output.slice(0, 500)}`));
      }
    });
  });
}

/** The findings of one page, collected while it loads. */
function watch(page, origin) {
  const state = { problems: [] };
  page.on("pageerror", (error) => state.problems.push(`erreur JavaScript : ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") {
      state.problems.push(`console : ${message.text()}`);
    }
  });
  page.on("requestfailed", (request) =>
    state.problems.push(`requête échouée : ${request.url()} (${request.failure()?.errorText})`),
  );
  page.on("response", (response) => {
    const url = response.url();
    if (response.status() >= 400 && url.startsWith(origin) && response.request().resourceType() !== "document") {
      state.problems.push(`ressource introuvable (${response.status()}) : ${url.slice(origin.length)}`);
    }
    if (!url.startsWith(origin) && !url.startsWith("data:")) {
      state.problems.push(`requête vers un tiers : ${url}`);
    }
  });
  return state;
}

async function axeViolations(page) {
  await page.evaluate(axe.source);
  const results = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] }),
    TAGS,
  );
  return results.violations.map(
    (v) => `axe ${v.id} (${v.impact}) : ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
  );
}

/** The disclosure menu works: a button opens its sub-menu, Escape closes it. */
async function checkMenu(page) {
  const problems = [];
  const button = page.locator(".menu-bascule").first();
  if ((await button.count()) === 0) {
    return problems;
  }
  const controls = await button.getAttribute("aria-controls");
  const submenu = page.locator(`#${controls}`);
  if ((await button.getAttribute("aria-expanded")) !== "false" || (await submenu.isVisible())) {
    problems.push("menu : un sous-menu est ouvert au chargement");
  }
  await button.click();
  if ((await button.getAttribute("aria-expanded")) !== "true" || !(await submenu.isVisible())) {
    problems.push("menu : le bouton n'ouvre pas son sous-menu");
  }
  problems.push(...(await axeViolations(page)).map((p) => `menu ouvert : ${p}`));
  await page.keyboard.press("Escape");
  if ((await button.getAttribute("aria-expanded")) !== "false" || (await submenu.isVisible())) {
    problems.push("menu : Échap ne ferme pas le sous-menu");
  }
  // Small screens: the Menu button shows the whole menu.
  await page.setViewportSize({ width: 375, height: 800 });
  const menuButton = page.locator(".menu-ouvrir");
  if (!(await menuButton.isVisible())) {
    problems.push("menu : pas de bouton Menu sur petit écran");
  } else {
    await menuButton.click();
    if (!(await page.locator("#menu-liste").isVisible())) {
      problems.push("menu : le bouton Menu n'affiche pas le menu");
    }
    problems.push(...(await axeViolations(page)).map((p) => `menu mobile ouvert : ${p}`));
  }
  await page.setViewportSize(DESKTOP);
  return problems;
}

/** Axe, CSP and reflow at 320 px on the page as it is now (after a search, say). */
async function checkState(page) {
  const problems = (await page.evaluate(() => window.__csp)).map((c) => `CSP : ${c}`);
  problems.push(...(await axeViolations(page)));
  await page.setViewportSize({ width: NARROW, height: 800 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (overflow > 0) {
    problems.push(`défilement horizontal à ${NARROW} px (${overflow} px de trop)`);
  }
  await page.setViewportSize(DESKTOP);
  return problems;
}

/** The search page queries the Pagefind index: results, status, query kept, no reload. */
async function checkSearch(page, origin) {
  const problems = [];
  const settled = () =>
    page.waitForFunction(
      () => {
        const status = document.getElementById("recherche-etat");
        return status && status.textContent !== "" && !status.textContent.includes("en cours");
      },
      null,
      { timeout: 15000 },
    );
  await page.goto(`${origin}/recherche/?q=${encodeURIComponent(SEARCH.query)}`, { waitUntil: "load" });
  try {
    await settled();
  } catch {
    return ["recherche : aucune réponse en 15 s"];
  }
  const status = await page.textContent("#recherche-etat");
  const links = await page.$$eval("#recherche-resultats a", (all) => all.map((a) => a.getAttribute("href")));
  if (!/^\d+ résultats? pour « /.test(status) || !links.includes(SEARCH.expected)) {
    problems.push(`recherche « ${SEARCH.query} » : ${SEARCH.expected} attendu ; état « ${status} », liens ${links.join(" ")}`);
  }
  if ((await page.inputValue("#recherche-termes")) !== SEARCH.query) {
    problems.push("recherche : le champ ne garde pas les mots cherchés");
  }
  problems.push(...(await checkState(page)).map((p) => `résultats : ${p}`));
  // A second query from the form: answered in place, the address follows.
  await page.evaluate(() => (window.__memePage = true));
  await page.fill("#recherche-termes", "zzxqj");
  await page.click("#recherche-formulaire button");
  try {
    await settled();
  } catch {
    return [...problems, "recherche : pas de réponse à la deuxième recherche"];
  }
  const second = await page.textContent("#recherche-etat");
  if (!second.startsWith("Aucun résultat pour « zzxqj »")) {
    problems.push(`recherche sans résultat : état « ${second} »`);
  }
  if (!(await page.evaluate(() => window.__memePage && window.location.search === "?q=zzxqj"))) {
    problems.push("recherche : la page a été rechargée, ou l'adresse ne suit pas");
  }
  problems.push(...(await checkState(page)).map((p) => `aucun résultat : ${p}`));
  return problems;
}

async function checkCommune(browser, publicDir, commune, report) {
  const root = path.resolve(publicDir, commune);
  const urls = pagesOf(root);
  const { server, origin } = await serve(root);
  const context = await browser.newContext({ viewport: DESKTOP, javaScriptEnabled: true });
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      window.__csp.push(`${e.violatedDirective} : ${e.blockedURI || "en ligne"} (${e.sourceFile || ""}:${e.lineNumber})`),
    );
  });
  const page = await context.newPage();
  const state = watch(page, origin);
  try {
    for (const url of urls) {
      state.problems = [];
      const response = await page.goto(origin + url, { waitUntil: "load" });
      if (!response || response.status() !== 200) {
        state.problems.push(`statut HTTP ${response && response.status()}`);
      }
      const csp = await page.evaluate(() => window.__csp);
      state.problems.push(...csp.map((c) => `CSP : ${c}`));
      state.problems.push(...(await axeViolations(page)));
      await page.setViewportSize({ width: NARROW, height: 800 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 0) {
        state.problems.push(`défilement horizontal à ${NARROW} px (${overflow} px de trop)`);
      }
      await page.setViewportSize(DESKTOP);
      if (url === "/") {
        state.problems.push(...(await checkMenu(page)));
      }
      report.pages += 1;
      for (const problem of state.problems) {
        report.failures.push(`${commune}${url} : ${problem}`);
      }
    }
    if (commune === SEARCH.commune) {
      state.problems = [];
      const problems = await checkSearch(page, origin);
      for (const problem of [...problems, ...state.problems]) {
        report.failures.push(`${commune}/recherche/?q=${SEARCH.query} : ${problem}`);
      }
      report.searches += 1;
    }
  } finally {
    await context.close();
    server.close();
  }
}

async function main() {
  const [publicDir, ...named] = process.argv.slice(2);
  if (!publicDir) {
    console.error("usage : node check.js DOSSIER_PUBLIC [COMMUNE...]");
    process.exit(2);
  }
  const communes = named.length
    ? named
    : fs
        .readdirSync(publicDir, { withFileTypes: true })
        .filter((e) => e.isDirectory() && !e.name.startsWith("."))
        .map((e) => e.name)
        .sort();
  if (communes.length === 0) {
    console.error(`aucune commune construite dans ${publicDir}`);
    process.exit(2);
  }
  const started = Date.now();
  const vnu = runVnu(communes.map((c) => path.resolve(publicDir, c)));
  const report = { pages: 0, searches: 0, failures: [] };
  const browser = await launch();
  try {
    for (const commune of communes) {
      const before = Date.now();
      await checkCommune(browser, publicDir, commune, report);
      console.error(`${commune} : pages vérifiées dans le navigateur en ${((Date.now() - before) / 1000).toFixed(1)} s`);
    }
  } finally {
    await browser.close();
  }
  if (communes.includes(SEARCH.commune) && report.searches !== 1) {
    report.failures.push(`${SEARCH.commune} : la recherche n'a pas été vérifiée`);
  }
  const messages = await vnu;
  const errors = messages.filter((m) => m.type === "error" || m.type === "non-document-error");
  const warnings = messages.filter((m) => m.type === "info" && m.subType === "warning");
  for (const m of errors) {
    const file = (m.url || "").replace(/^file:/, "");
    report.failures.push(`${path.relative(path.resolve(publicDir), file)}:${m.lastLine || "?"} : Nu ${m.message}`);
  }
  for (const failure of report.failures) {
    console.log(failure);
  }
  const axeCount = report.failures.filter((f) => f.includes(" axe ")).length;
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.error(
    `${communes.length} commune(s), ${report.pages} pages : ${axeCount} violation(s) axe-core ` +
      `(${TAGS.join(", ")}), ${errors.length} erreur(s) du Nu HTML Checker ` +
      `(${warnings.length} avertissement(s)), ${report.failures.length - axeCount - errors.length} autre(s) ` +
      `problème(s), ${report.searches} recherche(s) vérifiée(s), en ${seconds} s.`,
  );
  process.exit(report.failures.length === 0 ? 0 : 1);
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
