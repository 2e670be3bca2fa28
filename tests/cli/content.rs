//! Municipal content (issue #7): download details, sitemap and robots, council acts with their
//! SCDL « Délibérations » export.
//!
//! The fixture `contenu-municipal` is laid over `modele`: a section of acts (two délibérations,
//! a liste des délibérations put online late), a page of download links.

use std::fs;
use std::path::{Path, PathBuf};

use regex::Regex;
use sha2::{Digest, Sha256};

use super::support::{Workspace, code, copy_dir, edit, repo, stderr};

/// A workspace with commune `ville`: `modele` plus the municipal content fixture.
fn workspace() -> Workspace {
    let ws = Workspace::new();
    let commune = ws.add_commune("ville");
    copy_dir(&repo().join("tests/fixtures/contenu-municipal"), &commune);
    ws
}

fn build_ok(ws: &Workspace) -> (PathBuf, String) {
    let output = ws.usine(&["build"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    (ws.path().join("public/ville"), stderr(&output))
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The text of every link to `href` in a page (markup inside the link removed).
fn link_texts(html: &str, href: &str) -> Vec<String> {
    let tag = Regex::new(r"<[^>]*>").unwrap();
    let link = Regex::new(r#"<a [^>]*href="?([^" >]+)"?[^>]*>(.*?)</a>"#).unwrap();
    link.captures_iter(html)
        .filter(|c| &c[1] == href)
        .map(|c| tag.replace_all(&c[2], "").into_owned())
        .collect()
}

#[test]
fn download_links_tell_format_and_size_unless_already_written() {
    let ws = workspace();
    let (site, _) = build_ok(&ws);
    let html = read(&site.join("documents/index.html"));
    assert_eq!(
        link_texts(&html, "/conseil/2025-120-tarifs.pdf"),
        vec!["Délibération sur les tarifs (PDF, 49 Ko)"]
    );
    assert_eq!(
        link_texts(&html, "/conseil/2026-030-budget-primitif.pdf"),
        vec!["Budget primitif (PDF, 1 Ko)"],
        "the editor's own details are not repeated"
    );
    assert_eq!(
        link_texts(&html, "/rapport-annuel.odt"),
        vec!["Rapport annuel (OpenDocument texte, 1 Ko)"]
    );
    assert_eq!(link_texts(&html, "/conseil/"), vec!["Les actes"]);
}

#[test]
fn sitemap_lists_every_page_and_robots_names_it() {
    let ws = workspace();
    let (site, _) = build_ok(&ws);
    let xml = read(&site.join("sitemap.xml"));
    let doc = roxmltree::Document::parse(&xml).expect("sitemap.xml is well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "urlset");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.sitemaps.org/schemas/sitemap/0.9")
    );
    let locs: Vec<&str> = root
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    for url in [
        "/",
        "/mairie/",
        "/conseil/2026-030-budget-primitif/",
        "/plan-du-site/",
    ] {
        assert!(
            locs.contains(&format!("https://modele.example{url}").as_str()),
            "{url} missing from {locs:?}"
        );
    }
    assert!(!locs.iter().any(|l| l.ends_with("404.html")));
    let robots = read(&site.join("robots.txt"));
    assert!(robots.contains("User-agent: *"));
    assert!(robots.contains("Sitemap: https://modele.example/sitemap.xml"));
}

/// The SCDL 2.1.5 columns, in order, with the pattern each value must match when present
/// (domain.md §3.4; required columns must not be empty).
const SCDL: [(&str, bool, &str); 17] = [
    ("COLL_NOM", true, r"^.+$"),
    ("COLL_SIRET", true, r"^\d{14}$"),
    ("DELIB_ID", true, r"^.+$"),
    ("DELIB_DATE", true, r"^\d{4}-\d{2}-\d{2}$"),
    ("DELIB_MATIERE_CODE", true, r"^\d\.\d{1,2}$"),
    ("DELIB_MATIERE_NOM", true, r"^[^,()/]+/[^,()/]+$"),
    ("DELIB_OBJET", true, r"^.+$"),
    ("BUDGET_ANNEE", false, r"^[0-9]{4}(\/[0-9]{4})?$"),
    ("BUDGET_NOM", false, r"^.+$"),
    (
        "PREF_ID",
        false,
        r"^(PREF\d{2}[\dAB]|SPREF\d{2}[\dAB]\d|SGAR\d{2}[\dAB])$",
    ),
    ("PREF_DATE", false, r"^\d{4}-\d{2}-\d{2}$"),
    ("VOTE_EFFECTIF", false, r"^\d+$"),
    ("VOTE_REEL", false, r"^\d+$"),
    ("VOTE_POUR", false, r"^\d+$"),
    ("VOTE_CONTRE", false, r"^\d+$"),
    ("VOTE_ABSTENTION", false, r"^\d+$"),
    ("DELIB_URL", false, r"^https?://[^\s]+$"),
];

/// Level-1 names allowed before the `/` of DELIB_MATIERE_NOM (Validata nomenclature check).
const ACTES_FAMILIES: [&str; 9] = [
    "commande publique",
    "urbanisme",
    "domaine et patrimoine",
    "fonction publique",
    "institutions et vie politique",
    "libertés publiques et pouvoirs de police",
    "finances locales",
    "domaines de compétences par thèmes",
    "autres domaines de compétences",
];

/// Splits RFC 4180 CSV (quoted fields, doubled quotes) into rows of fields.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => row.push(std::mem::take(&mut field)),
            ('\r', false) => {}
            ('\n', false) => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (c, _) => field.push(c),
        }
    }
    rows
}

fn assert_scdl_valid(rows: &[Vec<String>]) {
    let header: Vec<&str> = SCDL.iter().map(|(name, _, _)| *name).collect();
    assert_eq!(rows[0], header, "the 17 columns, in the schema's order");
    for row in &rows[1..] {
        assert_eq!(row.len(), 17, "{row:?}");
        for ((name, required, pattern), value) in SCDL.iter().zip(row) {
            if value.is_empty() {
                assert!(!required, "{name} is required: {row:?}");
                continue;
            }
            assert!(
                Regex::new(pattern).unwrap().is_match(value),
                "{name} = {value:?} does not match {pattern}"
            );
        }
        let family = row[5].split('/').next().unwrap();
        assert!(ACTES_FAMILIES.contains(&family), "{}", row[5]);
    }
}

#[test]
fn deliberations_are_exported_in_scdl_2_1_5() {
    let ws = workspace();
    let (site, _) = build_ok(&ws);
    let rows = parse_csv(&read(&site.join("donnees/deliberations.csv")));
    assert_scdl_valid(&rows);
    assert_eq!(
        rows.len(),
        3,
        "two délibérations; the list of decisions is not one"
    );
    assert_eq!(
        rows[1],
        [
            "Modèle-sur-Test",
            "21990001000017",
            "2025-120",
            "2025-12-15",
            "7.10",
            "finances locales/divers",
            "Tarifs municipaux, applicables au 1er janvier 2026",
            "",
            "",
            "",
            "",
            "",
            "29",
            "29",
            "0",
            "0",
            "https://modele.example/conseil/2025-120-tarifs.pdf"
        ]
    );
    assert_eq!(
        &rows[2][7..16],
        [
            "2026",
            "Budget principal",
            "PREF099",
            "2026-04-02",
            "29",
            "27",
            "20",
            "3",
            "4"
        ]
    );
    let json: serde_json::Value =
        serde_json::from_str(&read(&site.join("donnees/deliberations.json"))).unwrap();
    let first = &json.as_array().unwrap()[0];
    let keys: Vec<&str> = first
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut expected: Vec<&str> = SCDL.iter().map(|(name, _, _)| *name).collect();
    expected.sort_unstable();
    let mut keys = keys;
    keys.sort_unstable();
    assert_eq!(keys, expected);
    assert_eq!(first["DELIB_ID"], "2025-120");
    assert_eq!(first["VOTE_POUR"], 29);
}

#[test]
fn demo_communes_export_valid_scdl() {
    let ws = Workspace::new();
    copy_dir(
        &repo().join("communes/port-lavigne"),
        &ws.commune("port-lavigne"),
    );
    fs::copy(
        repo().join("communes/_metropole.toml"),
        ws.path().join("communes/_metropole.toml"),
    )
    .unwrap();
    let output = ws.usine(&["build", "port-lavigne"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let rows = parse_csv(&read(
        &ws.path()
            .join("public/port-lavigne/donnees/deliberations.csv"),
    ));
    assert!(rows.len() > 30, "{} rows", rows.len());
    assert_scdl_valid(&rows);
}

#[test]
fn acts_show_author_and_document_hash_and_stay_in_the_registry() {
    let ws = workspace();
    let (site, warnings) = build_ok(&ws);
    let pdf = ws
        .commune("ville")
        .join("contenu/conseil/2026-030-budget-primitif.pdf");
    let hash: String = Sha256::digest(fs::read(&pdf).unwrap())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let page = read(&site.join("conseil/2026-030-budget-primitif/index.html"));
    assert!(
        page.contains(&hash),
        "the page shows the document's SHA-256"
    );
    assert!(page.contains("Claude Exemple, Maire"), "author and title");
    assert!(
        site.join("conseil/2026-030-budget-primitif.pdf").exists(),
        "the document is published although the body does not link it"
    );
    let registry: serde_json::Value =
        serde_json::from_str(&read(&site.join("donnees/actes.json"))).unwrap();
    let acts = registry["actes"].as_array().unwrap();
    assert_eq!(acts.len(), 3);
    let budget = acts.iter().find(|a| a["numero"] == "2026-030").unwrap();
    assert_eq!(budget["sha256"], hash.as_str());
    assert_eq!(budget["date_mise_en_ligne"], "2026-10-02");
    // The list of decisions of 1 October went online on the 12th: late (L2121-25).
    assert!(
        warnings.contains("acte.mise-en-ligne-tardive"),
        "{warnings}"
    );
    assert!(warnings.contains("liste-2026-10-01.md:8"), "{warnings}");
}

#[test]
fn missing_act_document_is_an_error_at_its_line() {
    let ws = workspace();
    fs::remove_file(
        ws.commune("ville")
            .join("contenu/conseil/2026-030-budget-primitif.pdf"),
    )
    .unwrap();
    let output = ws.usine(&["build"]);
    assert_eq!(code(&output), 1);
    let err = stderr(&output);
    assert!(err.contains("acte.document-manquant"), "{err}");
    assert!(err.contains("2026-030-budget-primitif.md:12"), "{err}");
}

#[test]
fn act_removed_within_two_months_of_going_online_is_an_error() {
    let ws = workspace();
    build_ok(&ws);
    let conseil = ws.commune("ville").join("contenu/conseil");
    // Online since 2 October 2026, removed on 23 November: too early.
    fs::remove_file(conseil.join("2026-030-budget-primitif.md")).unwrap();
    let output = ws.usine(&["build"]);
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let err = stderr(&output);
    assert!(err.contains("acte.retrait-premature"), "{err}");
    assert!(err.contains("2 décembre 2026"), "{err}");
    assert!(
        ws.path()
            .join("public/ville/conseil/2026-030-budget-primitif/index.html")
            .exists(),
        "the published site keeps the act"
    );
    // Put back, and the older act (online since December 2025) may go.
    edit(
        &conseil.join("2025-120-tarifs.md"),
        "titre = \"Tarifs municipaux 2026\"",
        "titre = \"Tarifs municipaux 2026\"\nbrouillon = true",
    );
    fs::copy(
        repo().join("tests/fixtures/contenu-municipal/contenu/conseil/2026-030-budget-primitif.md"),
        conseil.join("2026-030-budget-primitif.md"),
    )
    .unwrap();
    edit(
        &ws.commune("ville").join("contenu/documents.md"),
        "- [Délibération sur les tarifs](conseil/2025-120-tarifs.pdf)\n",
        "",
    );
    let output = ws.usine(&["build"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
}

#[test]
fn news_feeds_parse_as_atom_and_rss() {
    let ws = workspace();
    let (site, _) = build_ok(&ws);
    let atom = read(&site.join("actualites.atom"));
    let doc = roxmltree::Document::parse(&atom).expect("Atom feed is well-formed XML");
    let feed = doc.root_element();
    assert_eq!(
        feed.tag_name().namespace(),
        Some("http://www.w3.org/2005/Atom")
    );
    assert_eq!(feed.tag_name().name(), "feed");
    for required in ["id", "title", "updated", "author"] {
        assert!(
            feed.children().any(|n| n.has_tag_name(required)),
            "{required}"
        );
    }
    let entries: Vec<_> = feed
        .children()
        .filter(|n| n.has_tag_name("entry"))
        .collect();
    let titles: Vec<&str> = entries
        .iter()
        .filter_map(|e| e.children().find(|n| n.has_tag_name("title"))?.text())
        .collect();
    assert_eq!(
        titles,
        ["Le marché de Noël & ses 40 chalets", "Travaux rue Haute"]
    );
    for entry in &entries {
        for required in ["id", "title", "updated", "link"] {
            assert!(
                entry.children().any(|n| n.has_tag_name(required)),
                "{required}"
            );
        }
    }
    let rss = read(&site.join("actualites.rss"));
    let doc = roxmltree::Document::parse(&rss).expect("RSS feed is well-formed XML");
    let channel = doc.root_element().first_element_child().unwrap();
    assert_eq!(doc.root_element().attribute("version"), Some("2.0"));
    assert_eq!(channel.tag_name().name(), "channel");
    let items: Vec<_> = channel
        .children()
        .filter(|n| n.has_tag_name("item"))
        .collect();
    assert_eq!(items.len(), 2);
    let first_date = items[0]
        .children()
        .find(|n| n.has_tag_name("pubDate"))
        .and_then(|n| n.text());
    assert_eq!(first_date, Some("Fri, 20 Nov 2026 00:00:00 +0000"));
    let home = read(&site.join("index.html"));
    assert!(home.contains("href=/actualites.atom") || home.contains("href=\"/actualites.atom\""));
}

#[test]
fn acts_are_listed_by_year_then_type() {
    let ws = workspace();
    let (site, _) = build_ok(&ws);
    let html = read(&site.join("conseil/index.html"));
    let headings = Regex::new(r"<h([23])[^>]*>([^<]+)</h[23]>").unwrap();
    let found: Vec<String> = headings
        .captures_iter(&html)
        .map(|c| format!("h{} {}", &c[1], &c[2]))
        .filter(|h| h.contains("Année") || h.starts_with("h3"))
        .collect();
    assert_eq!(
        found,
        [
            "h2 Année 2026",
            "h3 Délibérations",
            "h3 Listes des délibérations",
            "h2 Année 2025",
            "h3 Délibérations"
        ]
    );
    assert!(html.contains("/donnees/deliberations.csv"));
}
