// A tiny static server for one built site, with the strict Content-Security-Policy the theme
// must work under (no inline script or style, no third-party request; WebAssembly only for
// the search of sites that have it). Unknown paths get the site's 404.html with status 404,
// like the production servers.
"use strict";

const fs = require("node:fs");
const http = require("node:http");
const path = require("node:path");

const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join("; ");

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".pdf": "application/pdf",
  ".json": "application/json",
  ".xml": "application/xml",
  ".txt": "text/plain; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
};

/**
 * The policy for one site: the strict one above, plus `'wasm-unsafe-eval'` in script-src only
 * if the site's own policy (its `_headers`, written by the build for sites with search on)
 * has it: Pagefind compiles its WebAssembly in the browser.
 */
function policyOf(root) {
  let headers = "";
  try {
    headers = fs.readFileSync(path.join(root, "_headers"), "utf8");
  } catch {
    return CSP;
  }
  const wasm = /script-src [^;\n]*'wasm-unsafe-eval'/.test(headers);
  return wasm ? CSP.replace("script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'") : CSP;
}

/** Serves `root` on 127.0.0.1 (a free port); resolves to { server, origin }. */
function serve(root) {
  const policy = policyOf(root);
  const server = http.createServer((request, response) => {
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(request.url, "http://x").pathname);
    } catch {
      response.writeHead(400).end();
      return;
    }
    let file = path.join(root, path.normalize(pathname));
    if (!file.startsWith(root)) {
      response.writeHead(403).end();
      return;
    }
    if (pathname.endsWith("/")) {
      file = path.join(file, "index.html");
    }
    let status = 200;
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
      status = 404;
      file = path.join(root, "404.html");
    }
    const type = TYPES[path.extname(file).toLowerCase()] || "application/octet-stream";
    response.writeHead(status, {
      "Content-Type": type,
      "Content-Security-Policy": policy,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "no-store",
    });
    fs.createReadStream(file).pipe(response);
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      resolve({ server, origin: `http://127.0.0.1:${server.address().port}` });
    });
  });
}

module.exports = { serve, CSP };
