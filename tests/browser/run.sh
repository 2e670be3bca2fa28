#!/usr/bin/env bash
# Browser checks of the shared theme (issue #3), run by .ci/run after the cargo tests:
# builds the demo communes and the sample commune of tests/browser/communes (with their
# Pagefind search index), then checks every page in Debian's Chromium (axe-core,
# Content-Security-Policy, reflow at 320 px) and with the Nu HTML Checker, and a search on
# the search page (issue #7). Installs what is missing; a missing network fails loudly.
#
#   tests/browser/run.sh            the checks
#   tests/browser/run.sh captures   also rewrites docs/captures/ (README screenshots)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
started=$SECONDS

fail() {
  echo "ERREUR : $*" >&2
  exit 1
}

# 1. Tools. Browsers cannot be downloaded by playwright here: Debian's chromium is used.
if ! command -v chromium >/dev/null 2>&1; then
  echo "== installation de chromium (apt)"
  { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; } \
    || fail "installation de chromium impossible (réseau ? droits ?) : les vérifications dans le navigateur ne peuvent pas tourner."
fi
if ! command -v java >/dev/null 2>&1; then
  echo "== installation de Java (apt), pour le Nu HTML Checker"
  { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y default-jre-headless; } \
    || fail "installation de Java impossible : le Nu HTML Checker ne peut pas tourner."
fi
command -v node >/dev/null 2>&1 || fail "node est introuvable (Node.js 18 ou plus est nécessaire)."
if ! npm ls --prefix "$here" --depth=0 >/dev/null 2>&1; then
  echo "== npm ci (axe-core, playwright-core, vnu-jar, versions de package-lock.json)"
  npm ci --prefix "$here" --no-audit --no-fund --ignore-scripts \
    || fail "npm ci a échoué (réseau ?) : les vérifications dans le navigateur ne peuvent pas tourner."
fi

if ! npm ls --prefix "$repo/tools/pagefind" --depth=0 >/dev/null 2>&1; then
  echo "== npm ci --prefix tools/pagefind (l'index de recherche, version de package-lock.json)"
  npm ci --prefix "$repo/tools/pagefind" --no-audit --no-fund --ignore-scripts \
    || fail "npm ci a échoué (réseau ?) : les sites seraient construits sans index de recherche."
fi

# 2. The sites, built on the date the demo content is written for, with their search index.
echo "== construction des communes de démonstration et de l'échantillon"
# USINE_BIN: an already built binary (default: the debug one of the cargo tests).
if [ -z "${USINE_BIN:-}" ]; then
  (cd "$repo" && cargo build --quiet --bin usine)
fi
usine="${USINE_BIN:-${CARGO_TARGET_DIR:-$repo/target}/debug/usine}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
for communes in "$repo/communes" "$here/communes"; do
  "$usine" build --communes "$communes" --theme "$repo/themes/commun" --out "$out/public" \
    --pagefind "$repo/tools/pagefind/node_modules/.bin/pagefind" \
    --date 2026-11-23 >/dev/null 2>"$out/build.log" \
    || { cat "$out/build.log" >&2; fail "la construction de $communes a échoué."; }
done

# 3. Every page, in one browser; the Nu checker runs meanwhile.
echo "== vérification de chaque page (axe-core, Nu HTML Checker, CSP, 320 px)"
node "$here/check.js" "$out/public"

if [ "${1:-}" = "captures" ]; then
  echo "== captures d'écran (docs/captures/)"
  node "$here/capture.js" "$out/public" port-lavigne "$repo/docs/captures"
fi

elapsed=$((SECONDS - started))
echo "== vérifications dans le navigateur terminées en ${elapsed} s (objectif : moins de 600 s)"
if [ "$elapsed" -ge 600 ]; then
  echo "attention : l'étape dépasse 10 minutes" >&2
fi
