//! The one integration test binary of `accessibility`.
//!
//! - `fixtures`: every folder `tests/fixtures/<rule id>/` holds `fail*.html` and `pass*.html`.
//!   Fragments (files not starting with a doctype or `<html`) are placed inside the `<main>` of
//!   the conforming `tests/fixtures/template.html`. A pass fixture gives no finding for its rule
//!   and no error at all; a fail fixture gives at least one finding for its rule, and the
//!   human-format output is snapshotted.
//! - `pages`: a full realistic accessible page gives no error; an XHTML 1.0 page works.
//! - `site`: the site-level rules on small sites.
//! - `formats`: snapshots of every output format.

use std::fs;
use std::path::{Path, PathBuf};

use accessibility::{Finding, Severity, check_page, check_page_with_summary, format};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The page checked for a fixture file: fragments go inside the template's `<main>`.
fn page_of(path: &Path) -> String {
    let text = fs::read_to_string(path).expect("fixture readable");
    let start = text.trim_start().to_ascii_lowercase();
    if start.starts_with("<!doctype") || start.starts_with("<html") {
        return text;
    }
    let template = fs::read_to_string(fixtures_dir().join("template.html")).expect("template");
    template.replace("{fragment}", text.trim_end())
}

fn human_of(name: &str, findings: &[Finding]) -> String {
    format::human(&[(name, findings)])
}

mod fixtures {
    use super::*;

    #[test]
    fn every_rule_fixture() {
        let mut dirs: Vec<PathBuf> = fs::read_dir(fixtures_dir())
            .expect("fixtures folder")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_dir())
            .collect();
        dirs.sort();
        let mut problems = Vec::new();
        for dir in &dirs {
            let rule = dir.file_name().unwrap().to_string_lossy().to_string();
            let mut files: Vec<PathBuf> = fs::read_dir(dir)
                .unwrap()
                .filter_map(|e| e.ok().map(|e| e.path()))
                .collect();
            files.sort();
            let (mut fails, mut passes) = (0, 0);
            for file in files {
                let stem = file.file_stem().unwrap().to_string_lossy().to_string();
                let findings = check_page(&page_of(&file));
                let name = format!("{rule}/{stem}.html");
                let mine = findings.iter().filter(|f| f.rule == rule).count();
                if stem.starts_with("fail") {
                    fails += 1;
                    if mine == 0 {
                        problems.push(format!(
                            "{name}: no finding for {rule}\n{}",
                            human_of(&name, &findings)
                        ));
                    }
                    insta::assert_snapshot!(format!("{rule}-{stem}"), human_of(&name, &findings));
                } else if stem.starts_with("pass") {
                    passes += 1;
                    let errors = findings.iter().any(|f| f.severity == Severity::Error);
                    if mine > 0 || errors {
                        problems.push(format!(
                            "{name}: unexpected findings\n{}",
                            human_of(&name, &findings)
                        ));
                    }
                }
            }
            if fails == 0 || passes == 0 {
                problems.push(format!("{rule}: needs a fail and a pass fixture"));
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn every_page_rule_has_fixtures() {
        for rule in accessibility::rules().iter().filter(|r| !r.site_level) {
            assert!(
                fixtures_dir().join(rule.id).is_dir(),
                "no fixtures for {}",
                rule.id
            );
        }
    }
}

mod pages {
    use super::*;

    fn page(name: &str) -> String {
        fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/pages")
                .join(name),
        )
        .expect("page readable")
    }

    #[test]
    fn conforming_page_has_no_error() {
        let findings = check_page(&page("conforming.html"));
        let errors: Vec<&Finding> = findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .collect();
        assert!(
            errors.is_empty(),
            "{}",
            human_of("conforming.html", &findings)
        );
        insta::assert_snapshot!("conforming-page", human_of("conforming.html", &findings));
    }

    #[test]
    fn xhtml_page_is_checked() {
        let findings = check_page(&page("xhtml.html"));
        insta::assert_snapshot!("xhtml-page", human_of("xhtml.html", &findings));
        assert!(findings.iter().any(|f| f.rule == "10.1.1"));
        assert!(
            !findings
                .iter()
                .any(|f| f.rule == "8.3.1" || f.rule == "8.1.2")
        );
    }

    #[test]
    fn positions_are_lines_and_columns() {
        let html = "<!DOCTYPE html>\n<html lang=\"fr\">\n  <body>\n    <img src=\"a.png\">";
        let f = check_page(html);
        let img = f.iter().find(|f| f.rule == "1.1.1").expect("1.1.1");
        assert_eq!((img.line, img.column), (4, 5));
    }

    #[test]
    fn summary_collects_title_ids_and_links() {
        let (_, summary) = check_page_with_summary(&page("conforming.html"));
        assert_eq!(
            summary.title.as_deref(),
            Some("Inscriptions scolaires – Commune de Saint-Martin")
        );
        assert!(summary.ids.contains("contenu"));
        assert!(summary.footer_links().any(|l| l.text == "Plan du site"));
        assert!(summary.has_nav && summary.has_search);
    }
}

mod site {
    use super::*;
    use accessibility::SiteChecker;

    fn page(title: &str, main: &str, footer: &str) -> String {
        format!(
            "<!DOCTYPE html><html lang=\"fr\"><head><title>{title}</title></head><body>\
             <a href=\"#contenu\">Aller au contenu</a><header></header><nav><a href=\"/\">Accueil</a></nav>\
             <main id=\"contenu\"><h1>{title}</h1>{main}</main><footer>{footer}</footer></body></html>"
        )
    }

    const FOOTER: &str = "<a href=\"/plan-du-site/\">Plan du site</a> <a href=\"/accessibilite/\">Accessibilité : non conforme</a>";

    fn run(pages: &[(&str, String)]) -> String {
        let mut site = SiteChecker::new();
        for (url, html) in pages {
            site.add_page(url, check_page_with_summary(html).1);
        }
        site.finish()
            .iter()
            .map(|(page, f)| {
                format!(
                    "{page}:{} {} {:?} {}",
                    f.line, f.rule, f.severity, f.message
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn correct_site_has_no_finding() {
        let out = run(&[
            (
                "/",
                page(
                    "Accueil – Saint-Martin",
                    "<a href=\"/mairie/#horaires\">Horaires</a>",
                    FOOTER,
                ),
            ),
            (
                "/mairie/",
                page(
                    "Mairie – Saint-Martin",
                    "<p id=\"horaires\">9 h</p><a href=\"../\">Retour</a>",
                    FOOTER,
                ),
            ),
            (
                "/plan-du-site/",
                page("Plan du site – Saint-Martin", "", FOOTER),
            ),
            (
                "/accessibilite/index.html",
                page("Accessibilité – Saint-Martin", "", FOOTER),
            ),
        ]);
        assert_eq!(out, "");
    }

    #[test]
    fn broken_site() {
        let out = run(&[
            (
                "/",
                page(
                    "Saint-Martin",
                    "<a href=\"/mairie/#acces\">Accès</a> <a href=\"/maire/\">Maire</a>",
                    FOOTER,
                ),
            ),
            (
                "/mairie/",
                page(
                    "Saint-Martin",
                    "",
                    "<a href=\"/accessibilite/\">Accessibilité</a>",
                ),
            ),
            (
                "/plan-du-site/",
                page(
                    "Plan du site",
                    "<a href=\"actualites/\">Actualités</a>",
                    FOOTER,
                ),
            ),
            ("/accessibilite/", page("Accessibilité", "", "")),
        ]);
        insta::assert_snapshot!("site-broken", out);
    }

    #[test]
    fn single_navigation_system() {
        let out = run(&[
            (
                "/",
                page(
                    "Accueil – Saint-Martin",
                    "",
                    "<a href=\"/accessibilite/\">Accessibilité : non conforme</a>",
                ),
            ),
            (
                "/accessibilite/",
                page(
                    "Accessibilité – Saint-Martin",
                    "",
                    "<a href=\"/accessibilite/\">Accessibilité : non conforme</a>",
                ),
            ),
        ]);
        assert!(out.contains("12.1.1"), "{out}");
    }
}

mod formats {
    use super::*;

    fn sample() -> (Vec<Finding>, Vec<Finding>) {
        let fail = check_page(&page_of(&fixtures_dir().join("1.1.1/fail.html")));
        let clean = check_page(&page_of(&fixtures_dir().join("1.1.1/pass.html")));
        (fail, clean)
    }

    #[test]
    fn all_formats() {
        let (fail, clean) = sample();
        let files: Vec<(&str, &[Finding])> = vec![
            ("site/index.html", &fail),
            ("site/mairie/index.html", &clean),
        ];
        insta::assert_snapshot!("format-human", format::human(&files));
        insta::assert_snapshot!("format-json", format::json(&files));
        insta::assert_snapshot!("format-junit", format::junit(&files));
        insta::assert_snapshot!("format-sarif", format::sarif(&files));
        insta::assert_snapshot!("format-github", format::github(&files));
        let json: serde_json::Value = serde_json::from_str(&format::json(&files)).unwrap();
        assert_eq!(json[0]["findings"][0]["severity"], "error");
        assert!(json[0]["findings"][0]["line"].is_u64());
    }

    #[test]
    fn explain_gives_doc_and_official_text() {
        let doc = accessibility::explain("11.1.1").expect("rule");
        assert!(doc.doc.contains("## Correction"));
        assert!(doc.test_text[0].starts_with("Chaque champ de formulaire"));
    }
}

mod robustness {
    use super::*;

    /// Optional end tags, void elements written `<br/>`, SVG, templates, scripts and comments
    /// must not produce errors (8.2.1 in particular).
    #[test]
    fn optional_end_tags_are_not_errors() {
        let html = fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pages/optional-tags.html"),
        )
        .unwrap();
        let findings = check_page(&html);
        let errors: Vec<&Finding> = findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .collect();
        assert!(
            errors.is_empty(),
            "{}",
            human_of("optional-tags.html", &findings)
        );
    }

    #[test]
    fn unclosed_div_is_an_error() {
        let html = page_of(&fixtures_dir().join("1.1.1/pass.html"))
            .replace("<h1>", "<div><span>x</div><h1>");
        let findings = check_page(&html);
        assert!(
            findings
                .iter()
                .any(|f| f.rule == "8.2.1" && f.message.contains("<span>")),
            "{}",
            human_of("x", &findings)
        );
    }

    #[test]
    fn empty_and_garbage_input() {
        assert!(!check_page("").is_empty());
        let _ = check_page("<<<>>>&&& <a href");
        let _ = check_page("\u{feff}<!DOCTYPE html><html lang=fr><p>é</p>");
    }

    /// The checker must stay cheap: a 20 KB page in well under a millisecond in release
    /// builds; this debug-build bound only catches accidental quadratic behaviour.
    #[test]
    fn twenty_kilobyte_page_is_fast() {
        let base = fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pages/conforming.html"),
        )
        .unwrap();
        let body: String = std::iter::repeat_n("<p>Texte <a href=\"/x/\">lien</a> <strong>gras</strong></p>\n<ul><li>a</li><li>b</li></ul>\n", 200).collect();
        let html = base.replace("<h1>", &format!("{body}<h1>"));
        assert!(html.len() > 20_000);
        let start = std::time::Instant::now();
        let runs: u32 = std::env::var("BENCH_RUNS")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(20);
        for _ in 0..runs {
            let _ = check_page(&html);
        }
        let per_page = start.elapsed() / runs;
        eprintln!("{} bytes: {per_page:?} per page", html.len());
        // Debug builds are ~50 times slower than release ones.
        let limit = if cfg!(debug_assertions) { 200 } else { 5 };
        assert!(per_page.as_millis() < limit, "{per_page:?} per page");
    }
}

/// The site's region memo (header, footer… replayed from earlier pages) finds exactly what a
/// full pass finds.
mod memo {
    use super::*;
    use accessibility::{RegionMemo, check_site_page};

    /// Every fixture as checked alone, and each fragment also as a child of `<body>` of its
    /// own, where the memo keeps regions.
    fn pages() -> Vec<(String, String)> {
        let template = fs::read_to_string(fixtures_dir().join("template.html")).unwrap();
        let mut pages = Vec::new();
        let mut dirs: Vec<PathBuf> = fs::read_dir(fixtures_dir())
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_dir())
            .collect();
        dirs.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pages"));
        for dir in dirs {
            for file in fs::read_dir(&dir).unwrap().filter_map(|e| e.ok()) {
                let (path, name) = (file.path(), file.path().display().to_string());
                let page = page_of(&path);
                let text = fs::read_to_string(&path).unwrap();
                if page != text {
                    let region = format!("<div class=\"region\">{text}</div>\n<main");
                    let own = template.replacen("<main", &region, 1);
                    pages.push((format!("{name} (région)"), own.replace("{fragment}", "")));
                }
                pages.push((name, page));
            }
        }
        pages
    }

    #[test]
    fn every_fixture_checked_again_with_its_regions_replayed_gives_the_same_findings() {
        let pages = pages();
        let mut replays = 0;
        for (name, page) in &pages {
            let alone = check_page_with_summary(page);
            let memo = RegionMemo::new();
            // Met once, then kept, then replayed.
            for round in 1..=3 {
                let replayed = check_site_page(page, &memo, &mut |_| {});
                assert!(replayed == alone, "{name}, passage {round}");
            }
            replays += memo.replays();
        }
        // The template's skip link, header, menu and footer, at least, on most pages.
        assert!(replays > 3 * pages.len(), "{replays} for {}", pages.len());
    }

    #[test]
    fn regions_after_markup_the_tokenizer_reads_otherwise_give_the_same_findings() {
        let template = fs::read_to_string(fixtures_dir().join("template.html")).unwrap();
        let plain = template.replace("{fragment}", "<p>Texte</p>");
        // Left open before a region, each one changes how the tokenizer or the walker reads
        // what follows: raw text, foreign content, comments, tables, hidden content…
        let openers = [
            "<textarea>",
            "<svg>",
            "<math>",
            "<!--",
            "<script>",
            "<style>",
            "<select>",
            "<table>",
            "<template>",
            "<plaintext>",
            "<noscript>",
            "<iframe>",
            "<p>",
            "<a href=/x>",
            "<div>",
            "<xmp>",
            "<title>",
            "<svg><foreignObject>",
            "<table><tr><td>",
            "<ul><li>",
            "<button>",
            "<select><option>",
            "<body>",
            "</body>",
            "<![CDATA[",
            "<svg><![CDATA[",
            "<?php",
            "<!doctype html>",
            "<label>",
            "<div aria-hidden=true>",
            "<header>",
            "<main>",
            "</header>",
            "<div lang=en>",
        ];
        let places = [
            "<a href=\"#contenu\">",
            "<header>",
            "<nav",
            "<footer>",
            "</footer>",
        ];
        for opener in openers {
            for place in places {
                let memo = RegionMemo::new();
                check_site_page(&plain, &memo, &mut |_| {});
                check_site_page(&plain, &memo, &mut |_| {});
                let page = plain.replacen(place, &format!("{opener}{place}"), 1);
                let replayed = check_site_page(&page, &memo, &mut |_| {});
                let alone = check_page_with_summary(&page);
                assert!(replayed == alone, "{opener} before {place}");
            }
        }
    }
}
