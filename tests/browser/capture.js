// Screenshots of a built commune's home page at 375 and 1280 CSS pixels wide, for the README.
// Usage: node capture.js PUBLIC_DIR COMMUNE OUT_DIR
"use strict";

const path = require("node:path");
const fs = require("node:fs");
const { launch } = require("./browser");
const { serve } = require("./serve");

async function main() {
  const [publicDir, commune, outDir, pagePath = "/"] = process.argv.slice(2);
  if (!publicDir || !commune || !outDir) {
    console.error("usage : node capture.js DOSSIER_PUBLIC COMMUNE DOSSIER_CAPTURES [CHEMIN]");
    process.exit(2);
  }
  const root = path.resolve(publicDir, commune);
  fs.mkdirSync(outDir, { recursive: true });
  const { server, origin } = await serve(root);
  const browser = await launch();
  try {
    for (const width of [375, 1280]) {
      const page = await browser.newPage({ viewport: { width, height: 800 }, deviceScaleFactor: 1 });
      await page.goto(origin + pagePath, { waitUntil: "load" });
      const file = path.join(outDir, `${commune}-accueil-${width}.png`);
      await page.screenshot({ path: file, fullPage: true });
      console.log(file);
      await page.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
