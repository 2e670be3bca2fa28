//! The alert banner of `commune.toml` (issue #7): shown on every page from the day of `debut`
//! to the day of `fin` included, never outside; a nightly build without any change puts it up
//! and takes it down.

use std::fs;
use std::process::Output;

use super::support::{Workspace, code, repo, stderr};

const BANNER: &str = r#"
[[bandeau]]
titre = "Vigilance orange vents violents"
texte = "Les parcs sont fermés."
niveau = "alerte"
debut = 2026-11-25T18:00:00
fin = 2026-11-27T08:00:00
"#;

fn workspace() -> Workspace {
    let ws = Workspace::new();
    let commune = ws.add_commune("ville");
    let config = commune.join("commune.toml");
    let text = fs::read_to_string(&config).unwrap();
    fs::write(&config, format!("{text}\n{BANNER}")).unwrap();
    ws
}

/// `usine build --date DATE` into `public/`: incremental, as the nightly run does.
fn build_on(ws: &Workspace, date: &str) -> Output {
    ws.command()
        .args(["build", "--date", date, "--theme"])
        .arg(repo().join("themes/commun"))
        .output()
        .expect("run usine")
}

/// Builds on `date` (incrementally, into `public/`) and tells whether pages show the banner.
fn shown_on(ws: &Workspace, date: &str) -> bool {
    let output = build_on(ws, date);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let site = ws.path().join("public/ville");
    let pages = ["index.html", "mairie/horaires/index.html", "404.html"];
    let shown: Vec<bool> = pages
        .iter()
        .map(|p| {
            let html = fs::read_to_string(site.join(p)).unwrap();
            html.contains("Vigilance orange vents violents")
        })
        .collect();
    assert!(
        shown.iter().all(|s| *s == shown[0]),
        "{date}: on some pages only"
    );
    shown[0]
}

#[test]
fn banner_shown_only_inside_its_dates_by_nightly_builds() {
    let ws = workspace();
    // Each build is incremental: the banner's days must make the unchanged commune rebuild.
    assert!(!shown_on(&ws, "2026-11-24"), "before its first day");
    assert!(
        shown_on(&ws, "2026-11-25"),
        "its first day, though it starts at 18 h"
    );
    assert!(shown_on(&ws, "2026-11-27"), "its last day");
    assert!(!shown_on(&ws, "2026-11-28"), "the day after");
}

#[test]
fn banner_markup_is_a_labelled_region_without_live_region() {
    let ws = workspace();
    assert!(shown_on(&ws, "2026-11-26"));
    let html = fs::read_to_string(ws.path().join("public/ville/index.html")).unwrap();
    // The minifier reorders attributes and drops quotes: look for the class, then its tag.
    let class = html.find("bandeau-alerte").expect("banner section");
    let start = html[..class].rfind("<section").expect("banner section");
    let end = start + html[start..].find("</section>").unwrap();
    let banner = &html[start..end];
    assert!(banner.contains("bandeau-alerte"), "{banner}");
    assert!(
        banner.contains("aria-label=\"Alerte : Vigilance orange vents violents\""),
        "{banner}"
    );
    assert!(
        !banner.contains("aria-live") && !banner.contains("role=alert"),
        "{banner}"
    );
    assert!(!banner.contains("style="), "{banner}");
    assert!(
        start < html.find("<main").unwrap(),
        "before the main content"
    );
}
