//! `usine check` and `usine explain` (issue #4): findings as data, formats, exit codes,
//! findings in content pointing at the Markdown line, and accepted exceptions.

use std::fs;

use super::support::{Workspace, code, edit, repo, stderr, stdout};

#[test]
fn html_folder_findings_as_json_with_exit_code_1() {
    let ws = Workspace::new();
    let dir = repo().join("tests/fixtures/html/ancien-site");
    let output = ws.usine(&["check", "--html", dir.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let files: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("json");
    let files = files.as_array().unwrap();
    assert_eq!(files.len(), 2, "every checked file is listed");
    let index = files
        .iter()
        .find(|f| f["file"].as_str().unwrap().ends_with("index.html"))
        .unwrap();
    let findings = index["findings"].as_array().unwrap();
    let img = findings
        .iter()
        .find(|f| f["rule"] == "1.1.1")
        .expect("1.1.1 on the image");
    assert_eq!(img["severity"], "error");
    assert_eq!(img["line"], 8);
    assert!(img["message"].as_str().unwrap().len() > 10);
    let broken = findings
        .iter()
        .find(|f| f["message"].as_str().unwrap().contains("tarifs.html"));
    assert!(
        broken.is_some(),
        "the broken link to tarifs.html is reported: {findings:?}"
    );
}

#[test]
fn a_page_the_parser_cannot_read_without_doubt_is_reported_not_a_crash() {
    let ws = Workspace::new();
    let dir = ws.path().join("ambigu");
    fs::create_dir_all(&dir).unwrap();
    // lol_html stops at `<style>` inside `<select>`: the checker used to panic there.
    let page = "<!doctype html>\n<html lang=fr>\n<head><title>Formulaire – Ville</title></head>\n\
                <body><main><h1>Formulaire</h1>\n<select><style>p{}</style></select>\n\
                </main></body>\n</html>\n";
    fs::write(dir.join("index.html"), page).unwrap();
    let output = ws.usine(&["check", "--html", dir.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let files: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("json");
    let findings = files[0]["findings"].as_array().unwrap();
    let ambiguous: Vec<_> = findings
        .iter()
        .filter(|f| f["message"].as_str().unwrap().contains("ambigu"))
        .collect();
    assert_eq!(ambiguous.len(), 1, "{findings:?}");
    assert_eq!(ambiguous[0]["rule"], "8.2.1");
    assert_eq!(ambiguous[0]["line"], 5);
}

#[test]
fn other_formats_are_well_formed() {
    let ws = Workspace::new();
    let dir = repo().join("tests/fixtures/html/ancien-site");
    let dir = dir.to_str().unwrap();
    let sarif = stdout(&ws.usine(&["check", "--html", dir, "--format", "sarif"]));
    let sarif: serde_json::Value = serde_json::from_str(&sarif).expect("sarif is json");
    assert_eq!(sarif["version"], "2.1.0");
    let junit = stdout(&ws.usine(&["check", "--html", dir, "--format", "junit"]));
    assert!(
        junit.contains("<testsuites") && junit.contains("1.1.1"),
        "{junit}"
    );
    let github = stdout(&ws.usine(&["check", "--html", dir, "--format", "github"]));
    assert!(
        github.lines().any(|l| l.starts_with("::error file=")),
        "{github}"
    );
}

#[test]
fn our_own_build_passes_the_checker() {
    let ws = Workspace::new();
    ws.add_commune("ville");
    let build = ws.usine(&["build"]);
    assert_eq!(code(&build), 0, "{}", stderr(&build));
    let site = ws.path().join("public/ville");
    let output = ws.usine(&[
        "check",
        "--html",
        site.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(code(&output), 0, "{}", stdout(&output));
}

#[test]
fn content_findings_point_at_the_markdown_line_and_exceptions_accept_them() {
    let ws = Workspace::new();
    let commune = ws.add_commune("ville");
    // An empty link text: RGAA 6.2.1, on line 12 of the Markdown file.
    edit(
        &commune.join("contenu/mairie/horaires.md"),
        "(facade.png)",
        "(facade.png)\n\n[](_index.md)",
    );
    let check = ws.usine(&["check", "ville", "--format", "json"]);
    assert_eq!(code(&check), 1, "{}", stderr(&check));
    let files: serde_json::Value = serde_json::from_str(&stdout(&check)).unwrap();
    let horaires = files
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["file"] == "communes/ville/contenu/mairie/horaires.md")
        .expect("the Markdown file is listed");
    let finding = &horaires["findings"][0];
    assert_eq!(
        (finding["rule"].as_str(), finding["line"].as_u64()),
        (Some("6.2.1"), Some(12))
    );

    let build = ws.usine(&["build"]);
    assert_eq!(code(&build), 1, "error-level findings fail the build");
    assert!(
        stderr(&build).contains("horaires.md:12"),
        "{}",
        stderr(&build)
    );

    fs::write(
        commune.join("exceptions-accessibilite.toml"),
        "[[exception]]\nregle = \"6.2.1\"\nfichier = \"contenu/mairie/horaires.md\"\nraison = \"Lien hérité de l'ancien site.\"\n",
    )
    .unwrap();
    let build = ws.usine(&["build"]);
    assert_eq!(code(&build), 0, "{}", stderr(&build));
    assert!(
        stderr(&build).contains("exception acceptée : Lien hérité de l'ancien site."),
        "{}",
        stderr(&build)
    );
    assert!(
        stderr(&build).contains("1 erreur(s) d'accessibilité acceptée(s)"),
        "{}",
        stderr(&build)
    );
}

#[test]
fn explain_prints_the_rule_doc() {
    let ws = Workspace::new();
    let output = ws.usine(&["explain", "1.1.1"]);
    assert_eq!(code(&output), 0);
    let text = stdout(&output);
    assert!(
        text.contains("RGAA 1.1.1") && text.contains("image-alt"),
        "{text}"
    );
    let unknown = ws.usine(&["explain", "1.1.99"]);
    assert_eq!(code(&unknown), 2);
    let list = stdout(&ws.usine(&["explain"]));
    assert!(list.lines().count() >= 60, "at least 60 rules listed");
}
