//! Sobriety report (issue #7): per-page weight, requests, DOM size and estimated EcoIndex in
//! `OUT/.usine/sobriete/<commune>.json`, the summary in the build reports, the budget of
//! `[sobriete]` as warnings, or errors when strict.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use regex::Regex;
use serde_json::Value;

use super::support::{Workspace, code, edit, repo, stderr};

fn report(ws: &Workspace) -> Value {
    let path = ws.path().join("public/.usine/sobriete/ville.json");
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

fn page<'a>(report: &'a Value, url: &str) -> &'a Value {
    report["pages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["url"] == url)
        .unwrap_or_else(|| panic!("{url} not in the report"))
}

/// The files a page loads as it opens, read from its HTML with plain patterns.
fn loaded_files(html: &str) -> BTreeSet<String> {
    let patterns = [
        r#"<link [^>]*href="?(/[^" >]+)"? rel="?(?:stylesheet|icon)"#,
        r#"<script [^>]*src="?(/[^" >]+)"#,
        r#"<img [^>]*src="?(/[^" >]+)"#,
    ];
    patterns
        .iter()
        .flat_map(|p| {
            Regex::new(p)
                .unwrap()
                .captures_iter(html)
                .map(|c| c[1].to_owned())
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The EcoIndex score, computed here from the reference's tables and formula.
fn reference_score(dom: f64, requests: f64, kb: f64) -> f64 {
    const DOM: [f64; 21] = [
        0., 47., 75., 159., 233., 298., 358., 417., 476., 537., 603., 674., 753., 843., 949.,
        1076., 1237., 1459., 1801., 2479., 594601.,
    ];
    const REQ: [f64; 21] = [
        0., 2., 15., 25., 34., 42., 49., 56., 63., 70., 78., 86., 95., 105., 117., 130., 147.,
        170., 205., 281., 3920.,
    ];
    const KB: [f64; 21] = [
        0., 1.37, 144.7, 319.53, 479.46, 631.97, 783.38, 937.91, 1098.62, 1265.47, 1448.32,
        1648.27, 1876.08, 2142.06, 2465.37, 2866.31, 3401.59, 4155.73, 5400.08, 8037.54, 223212.26,
    ];
    let q = |bounds: &[f64; 21], x: f64| {
        (1..21).find(|&i| x < bounds[i]).map_or(20.0, |i| {
            (i - 1) as f64 + (x - bounds[i - 1]) / (bounds[i] - bounds[i - 1])
        })
    };
    (100.0 - 5.0 * (3.0 * q(&DOM, dom) + 2.0 * q(&REQ, requests) + q(&KB, kb)) / 6.0)
        .round_ties_even()
}

#[test]
#[cfg_attr(not(feature = "minify"), ignore = "reads the minified HTML")]
fn report_matches_the_published_files() {
    let ws = Workspace::new();
    ws.add_commune("ville");
    let output = ws.usine(&["build", "--format", "json"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let site = ws.path().join("public/ville");
    let report = report(&ws);

    let entry = page(&report, "/mairie/horaires/");
    let html = fs::read_to_string(site.join("mairie/horaires/index.html")).unwrap();
    assert_eq!(entry["html_bytes"], html.len() as u64);
    let dom = Regex::new("<[a-zA-Z]").unwrap().find_iter(&html).count();
    assert!(!html.contains("<svg"), "the count below ignores svg");
    assert_eq!(entry["dom"], dom as u64);
    let files = loaded_files(&html);
    // The content image is loaded in its published variant (`src/images/`).
    assert!(
        files.iter().any(|f| f.starts_with("/mairie/facade-")),
        "{files:?}"
    );
    assert!(files.contains("/theme/site.css"), "{files:?}");
    assert_eq!(entry["requests"], 1 + files.len() as u64);
    let size = |file: &str| fs::metadata(site.join(&file[1..])).unwrap().len();
    let weight = html.len() as u64 + files.iter().map(|f| size(f)).sum::<u64>();
    assert_eq!(entry["weight_bytes"], weight);
    let images: u64 = files
        .iter()
        .filter(|f| !f.ends_with(".css") && !f.ends_with(".js"))
        .map(|f| size(f))
        .sum();
    assert_eq!(entry["image_bytes"], images);
    let score = reference_score(dom as f64, 1.0 + files.len() as f64, weight as f64 / 1000.0);
    assert_eq!(entry["ecoindex"]["score"], score as u64);

    // The build's JSON report carries the summary of the same numbers.
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let summary = &json["communes"][0]["sobriety"];
    assert_eq!(summary, &report["summary"]);
    assert_eq!(summary["pages"], report["pages"].as_array().unwrap().len());
    let worst = report["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["ecoindex"]["score"].as_u64().unwrap())
        .min()
        .unwrap();
    assert_eq!(summary["worst"]["score"], worst);
}

#[test]
fn the_report_stays_out_of_the_site_and_is_kept_when_unchanged() {
    let ws = Workspace::new();
    ws.add_commune("ville");
    let first = ws.usine(&["build"]);
    assert_eq!(code(&first), 0, "{}", stderr(&first));
    let written = report(&ws);
    let second = ws.usine(&["build", "--format", "json"]);
    let json: Value = serde_json::from_slice(&second.stdout).unwrap();
    assert_eq!(json["communes"][0]["outcome"], "unchanged");
    assert_eq!(json["communes"][0]["sobriety"], written["summary"]);
    assert_eq!(report(&ws), written);
    let published = walk(&ws.path().join("public/ville"));
    assert!(
        !published.iter().any(|p| p.contains("sobriete")),
        "{published:?}"
    );
    let human = stderr(&first);
    let line = format!(
        "sobriété de ville : EcoIndex estimé médian {} ({}), pire {} ({}) sur {}.",
        written["summary"]["median"]["score"],
        written["summary"]["median"]["grade"].as_str().unwrap(),
        written["summary"]["worst"]["score"],
        written["summary"]["worst"]["grade"].as_str().unwrap(),
        written["summary"]["worst"]["url"].as_str().unwrap(),
    );
    assert!(human.contains(&line), "{line}\n{human}");
}

fn walk(dir: &Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.path().display().to_string())
        .collect()
}

/// A tight weight budget: a warning naming the page and its Markdown file; with
/// `--sobriete-stricte`, or `bloquant = true`, an error and the published site is kept.
#[test]
fn a_page_over_budget_warns_or_fails_when_strict() {
    let ws = Workspace::new();
    let ville = ws.add_commune("ville");
    // A real photo of some 440 KB makes this page the only one over 100 KB.
    let photo = repo().join("docs/captures/port-lavigne-accueil-375.png");
    fs::copy(photo, ville.join("contenu/mairie/facade.png")).unwrap();
    let toml = ville.join("commune.toml");
    let text = fs::read_to_string(&toml).unwrap();
    fs::write(&toml, format!("{text}\n[sobriete]\npoids_max_ko = 100\n")).unwrap();
    let lenient = ws.usine(&["build"]);
    let err = stderr(&lenient);
    assert_eq!(code(&lenient), 0, "{err}");
    let warning = Regex::new(
        r"avertissement\[sobriete\.budget\]: page /mairie/horaires/ hors budget de sobriété : poids au-delà de 100 Ko \(estimation : \d+ éléments, \d+ requêtes, \d+ Ko non compressés\)",
    )
    .unwrap();
    assert!(warning.is_match(&err), "{err}");
    assert!(
        err.contains("communes/ville/contenu/mairie/horaires.md"),
        "{err}"
    );
    assert_eq!(err.matches("[sobriete.budget]").count(), 1, "{err}");
    assert_eq!(report(&ws)["summary"]["over_budget"], 1);
    let published = fs::read(ws.path().join("public/ville/mairie/horaires/index.html")).unwrap();

    edit(
        &ville.join("contenu/mairie/horaires.md"),
        "le matin",
        "le matin et le soir",
    );
    let strict = ws.usine(&["build", "--sobriete-stricte"]);
    let err = stderr(&strict);
    assert_eq!(code(&strict), 1, "{err}");
    assert!(
        err.contains("erreur[sobriete.budget]: page /mairie/horaires/ hors budget"),
        "{err}"
    );
    assert!(err.contains("ÉCHEC, site précédent conservé"), "{err}");
    assert_eq!(
        fs::read(ws.path().join("public/ville/mairie/horaires/index.html")).unwrap(),
        published
    );

    edit(
        &toml,
        "poids_max_ko = 100",
        "poids_max_ko = 100\nbloquant = true",
    );
    let blocking = ws.usine(&["build"]);
    assert_eq!(code(&blocking), 1, "{}", stderr(&blocking));
    assert!(stderr(&blocking).contains("erreur[sobriete.budget]"));

    edit(&toml, "poids_max_ko = 100", "poids_max_ko = 2000");
    let relaxed = ws.usine(&["build", "--sobriete-stricte"]);
    assert_eq!(code(&relaxed), 0, "{}", stderr(&relaxed));
    assert!(!stderr(&relaxed).contains("sobriete.budget"));
}

#[test]
fn budget_keys_are_checked() {
    let ws = Workspace::new();
    let ville = ws.add_commune("ville");
    let toml = ville.join("commune.toml");
    let text = fs::read_to_string(&toml).unwrap();
    // Each `[sobriete]` table fails the build with its own message.
    let rejected = |table: &str, expected: &str| {
        fs::write(&toml, format!("{text}\n[sobriete]\n{table}\n")).unwrap();
        let output = ws.usine(&["build"]);
        assert_eq!(code(&output), 1, "{table}");
        let err = stderr(&output);
        assert!(err.contains(expected), "{table}: {err}");
        err
    };
    let typo = rejected("poid_max_ko = 300", "clé inconnue « poid_max_ko »");
    assert!(typo.contains("vouliez-vous dire « poids_max_ko » ?"));
    rejected("note_minimale = \"H\"", "valeur inconnue « H »");
    rejected("requetes_max = 0", "requetes_max = 0");
}
