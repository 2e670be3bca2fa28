//! Site search (issue #7): `usine build` runs Pagefind on each staging folder, publishes its
//! index under `/recherche/index/`, and copes with a missing or failing program.
//!
//! Most tests use a fake `pagefind`, a shell script written by the test and named by
//! `USINE_PAGEFIND`. One runs the real program of `tools/pagefind/`: in CI (`CI` set) a
//! missing program fails it, telling to run `npm ci --prefix tools/pagefind`; elsewhere it
//! prints a notice and returns.

use std::ffi::OsStr;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Output;

use super::support::{Workspace, code, edit, repo, stable_stderr, stderr, tree};

/// Writes an executable script `name` in the workspace: it answers `--version`, appends its
/// arguments, current folder and `PAGEFIND_SITE` to `<name>.log`, then runs `body` with
/// `$site` and `$out` taken from `--site` and `--output-subdir`.
fn fake_pagefind(ws: &Workspace, name: &str, body: &str) -> PathBuf {
    let path = ws.path().join(name);
    let log = ws.path().join(format!("{name}.log"));
    let script = format!(
        "#!/bin/sh\n\
         PATH=/usr/bin:/bin\n\
         if [ \"$1\" = --version ]; then echo 'pagefind 0.0.0-essai'; exit 0; fi\n\
         echo \"$* | $(pwd) | ${{PAGEFIND_SITE:-}}\" >> '{log}'\n\
         site=''; out=''\n\
         while [ $# -gt 0 ]; do\n\
           case \"$1\" in --site) site=\"$2\"; shift;; --output-subdir) out=\"$2\"; shift;; esac\n\
           shift\n\
         done\n\
         {body}\n",
        log = log.display()
    );
    fs::write(&path, script).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
    path
}

/// A fake that checks the pages are written, then writes a minimal index.
const WRITES_AN_INDEX: &str = "test -f \"$site/index.html\" || exit 3\n\
     mkdir -p \"$site/$out\"\n\
     echo 'export async function search() {}' > \"$site/$out/pagefind.js\"\n\
     echo '{\"version\":\"0.0.0-essai\"}' > \"$site/$out/pagefind-entry.json\"\n\
     echo 'interface toute faite' > \"$site/$out/pagefind-ui.js\"";

fn build_with(ws: &Workspace, program: &Path, args: &[&str]) -> Output {
    let mut all = vec!["build"];
    all.extend_from_slice(args);
    ws.usine_with(&all, &[("USINE_PAGEFIND", program.as_os_str())])
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn turn_search_off(commune: &Path) {
    let config = commune.join("commune.toml");
    let text = read(&config);
    fs::write(
        &config,
        format!("{text}\n[fonctionnalites]\nrecherche = false\n"),
    )
    .unwrap();
}

#[test]
#[cfg_attr(not(feature = "minify"), ignore = "reads the minified HTML")]
fn pagefind_indexes_the_staging_folder_and_the_index_is_published() {
    let ws = Workspace::new();
    ws.add_commune("ville");
    let program = fake_pagefind(&ws, "pagefind", WRITES_AN_INDEX);
    let output = ws.usine_with(
        &["build", "--format", "json"],
        &[
            ("USINE_PAGEFIND", program.as_os_str()),
            ("PAGEFIND_SITE", OsStr::new("/ailleurs")),
        ],
    );
    assert_eq!(code(&output), 0, "{}", stderr(&output));

    // Called once, on the staging folder (absolute), before the swap, with our arguments,
    // from the work folder and without the PAGEFIND_* variables of the environment.
    let log = read(&ws.path().join("pagefind.log"));
    let calls: Vec<&str> = log.lines().collect();
    assert_eq!(calls.len(), 1, "{log}");
    let work = ws.path().join("public/.usine");
    let staging = format!("{}/staging-ville-", work.display());
    let (args, rest) = calls[0].split_once(" | ").unwrap();
    let site = args
        .strip_prefix("--site ")
        .and_then(|a| a.split_once(' '))
        .map(|(site, _)| site)
        .unwrap_or_else(|| panic!("{args}"));
    assert!(site.starts_with(&staging), "{site}");
    assert_eq!(
        args.strip_prefix(&format!("--site {site} ")),
        Some("--output-subdir recherche/index --force-language fr --silent")
    );
    assert_eq!(rest, format!("{} | ", work.display()));
    assert!(!Path::new(site).exists(), "staging folder left behind");

    // Its output is published under /recherche/index/, without Pagefind's own interfaces.
    let published = ws.path().join("public/ville");
    assert!(published.join("recherche/index/pagefind.js").is_file());
    assert!(
        published
            .join("recherche/index/pagefind-entry.json")
            .is_file()
    );
    assert!(!published.join("recherche/index/pagefind-ui.js").exists());
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let commune = &report["communes"][0];
    assert!(commune["search_index_ms"].is_u64(), "{commune}");
    let problems = commune["diagnostics"].as_array().unwrap().iter();
    assert_eq!(problems.filter(|d| d["severity"] != "review").count(), 0);

    // The search page queries it; the policy lets Pagefind compile its WebAssembly.
    let search = read(&published.join("recherche/index.html"));
    assert!(search.contains("src=/theme/recherche.js"), "{search}");
    assert!(search.contains("id=recherche-etat"), "{search}");
    assert!(!search.contains("pas disponible"), "{search}");
    assert!(published.join("theme/recherche.js").is_file());
    let headers = read(&published.join("_headers"));
    assert!(
        headers.contains("script-src 'self' 'wasm-unsafe-eval';"),
        "{headers}"
    );
}

#[test]
#[cfg_attr(not(feature = "minify"), ignore = "reads the minified HTML")]
fn every_page_but_the_search_page_has_the_header_search_form() {
    let ws = Workspace::new();
    ws.add_commune("ville");
    let program = fake_pagefind(&ws, "pagefind", WRITES_AN_INDEX);
    let output = build_with(&ws, &program, &[]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let site = ws.path().join("public/ville");
    let pages: Vec<(String, String)> = tree(&site)
        .into_iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, bytes)| (path, String::from_utf8(bytes).unwrap()))
        .collect();
    assert!(pages.len() >= 9, "{}", pages.len());
    for (path, html) in &pages {
        let header = html.split("</header>").next().unwrap();
        let has_form = header.contains("action=/recherche/ class=entete-recherche role=search");
        assert_eq!(has_form, path != "recherche/index.html", "{path}");
        // Indexed: the main column of content pages; not the 404, plan du site, search page.
        let indexed = html.contains("data-pagefind-body");
        let expected = !matches!(
            path.as_str(),
            "404.html" | "plan-du-site/index.html" | "recherche/index.html"
        );
        assert_eq!(indexed, expected, "{path}");
    }
    // The search page is no address for search engines.
    assert!(!read(&site.join("sitemap.xml")).contains("/recherche/"));
}

#[test]
fn a_failing_pagefind_fails_the_commune_with_its_stderr_and_keeps_the_previous_site() {
    let ws = Workspace::new();
    ws.add_commune("ville");
    turn_search_off(&ws.add_commune("bourg"));
    let working = fake_pagefind(&ws, "pagefind", WRITES_AN_INDEX);
    let first = build_with(&ws, &working, &[]);
    assert_eq!(code(&first), 0, "{}", stderr(&first));
    let before = tree(&ws.path().join("public/ville"));

    let failing = fake_pagefind(
        &ws,
        "pagefind-en-panne",
        "echo 'Error: Pagefind was not able to build an index.' >&2\nexit 2",
    );
    let second = build_with(&ws, &failing, &["--force"]);
    assert_eq!(code(&second), 1, "{}", stderr(&second));
    let err = stable_stderr(&second);
    assert!(
        err.contains(
            "erreur[recherche.pagefind]: pagefind a échoué (code 2) : index de recherche non construit ; il a écrit :"
        ),
        "{err}"
    );
    assert!(
        err.contains("Error: Pagefind was not able to build an index."),
        "{err}"
    );
    assert!(err.contains("le site précédent est conservé"), "{err}");
    assert!(err.contains("ville") && err.contains("ÉCHEC, site précédent conservé"));
    assert_eq!(tree(&ws.path().join("public/ville")), before);
    // The commune without search does not run the program and is published.
    assert!(!read(&ws.path().join("pagefind-en-panne.log")).contains("staging-bourg"));
    assert!(err.contains("bourg") && err.contains("publiée"), "{err}");
    let leftovers: Vec<_> = fs::read_dir(ws.path().join("public/.usine"))
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with("staging-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_pagefind_that_writes_no_index_is_an_error() {
    let ws = Workspace::new();
    ws.add_commune("ville");
    let silent = fake_pagefind(&ws, "pagefind", "exit 0");
    let output = build_with(&ws, &silent, &[]);
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    assert!(
        stderr(&output).contains("pagefind n'a pas écrit recherche/index/pagefind.js"),
        "{}",
        stderr(&output)
    );
    assert!(!ws.path().join("public/ville").exists());
}

#[test]
fn without_pagefind_the_site_is_published_and_its_search_page_says_search_is_unavailable() {
    let ws = Workspace::new();
    ws.add_commune("ville");
    let output = ws.usine(&["build"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let err = stable_stderr(&output);
    let warning = err
        .split("\n\n")
        .find(|block| block.contains("recherche.pagefind-introuvable"))
        .unwrap_or_else(|| panic!("{err}"));
    insta::assert_snapshot!(warning);
    let site = ws.path().join("public/ville");
    let search = read(&site.join("recherche/index.html"));
    assert!(
        search.contains("La recherche n’est pas disponible pour le moment."),
        "{search}"
    );
    assert!(!search.contains("recherche.js"), "{search}");
    assert!(!search.contains("recherche-formulaire"), "{search}");
    assert!(!site.join("recherche/index").exists());

    // A program named but absent is not replaced by another one.
    let absent = ws.usine_with(
        &["build", "--force", "--pagefind", "outils/pagefind"],
        &[("USINE_PAGEFIND", OsStr::new("/ne/sert/pas"))],
    );
    assert_eq!(code(&absent), 0, "{}", stderr(&absent));
    assert!(
        stderr(&absent).contains("(cherché : outils/pagefind (--pagefind))"),
        "{}",
        stderr(&absent)
    );
}

#[test]
fn search_off_means_no_form_no_search_page_no_index_and_no_webassembly() {
    let ws = Workspace::new();
    turn_search_off(&ws.add_commune("ville"));
    let program = fake_pagefind(&ws, "pagefind", WRITES_AN_INDEX);
    let output = build_with(&ws, &program, &[]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(
        !stderr(&output).contains("recherche."),
        "{}",
        stderr(&output)
    );
    assert!(!ws.path().join("pagefind.log").exists());
    let site = ws.path().join("public/ville");
    assert!(!site.join("recherche").exists());
    let home = read(&site.join("index.html"));
    assert!(!home.contains("role=search"), "{home}");
    assert!(!home.contains("data-pagefind-body"), "{home}");
    let headers = read(&site.join("_headers"));
    assert!(!headers.contains("unsafe"), "{headers}");
}

#[test]
fn installing_or_upgrading_pagefind_rebuilds_the_sites_once() {
    let ws = Workspace::new();
    ws.add_commune("ville");
    let reason = |output: &Output| {
        assert_eq!(code(output), 0, "{}", stderr(output));
        let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        report["communes"][0]["incremental"]["reason"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(
        reason(&ws.usine(&["build", "--format", "json"])),
        "no-manifest"
    );
    let program = fake_pagefind(&ws, "pagefind", WRITES_AN_INDEX);
    let json = ["--format", "json"];
    assert_eq!(
        reason(&build_with(&ws, &program, &json)),
        "shared-inputs-changed"
    );
    assert!(
        ws.path()
            .join("public/ville/recherche/index/pagefind.js")
            .is_file()
    );
    assert_eq!(reason(&build_with(&ws, &program, &json)), "unchanged");
    edit(&program, "0.0.0-essai", "0.0.1-essai");
    assert_eq!(
        reason(&build_with(&ws, &program, &json)),
        "shared-inputs-changed"
    );
}

/// The real program, as CI installs it: the index Pagefind's JavaScript API loads.
#[test]
fn the_real_pagefind_indexes_the_pages() {
    let program = repo().join("tools/pagefind/node_modules/.bin/pagefind");
    if !program.is_file() {
        let hint = "installez-le avec : npm ci --prefix tools/pagefind";
        assert!(
            std::env::var_os("CI").is_none(),
            "pagefind introuvable ({}) : {hint}",
            program.display()
        );
        eprintln!("NOTE : test du vrai pagefind sauté, {hint}");
        return;
    }
    let ws = Workspace::new();
    ws.add_commune("ville");
    // The npm wrapper is a Node.js script: it needs `node` on PATH.
    let path = std::env::var_os("PATH").unwrap_or_default();
    let output = ws.usine_with(
        &["build"],
        &[
            ("USINE_PAGEFIND", program.as_os_str()),
            ("PATH", path.as_os_str()),
        ],
    );
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let index = ws.path().join("public/ville/recherche/index");
    assert!(index.join("pagefind.js").is_file());
    let entry: serde_json::Value =
        serde_json::from_str(&read(&index.join("pagefind-entry.json"))).unwrap();
    let indexed_pages = tree(&ws.path().join("public/ville"))
        .iter()
        .filter(|(_, bytes)| String::from_utf8_lossy(bytes).contains("data-pagefind-body"))
        .count();
    assert_eq!(
        entry["languages"]["fr"]["page_count"].as_u64(),
        Some(indexed_pages as u64),
        "{entry}"
    );
    assert!(index.join("pagefind-worker.js").is_file());
    assert!(!index.join("pagefind-ui.js").exists());
}
