//! Tag pages of the news (issue #7): `/actualites/etiquettes/` and one paginated page per
//! tag, accents folded in their addresses, titles unique, links both ways, in the sitemap.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use regex::Regex;

use super::support::{Workspace, code, stderr, tree};

/// `ville` with a news section of 2 items per page and five news items (newest first: a, b,
/// c, d), one undated page with a tag, one event with a tag.
fn workspace() -> Workspace {
    let ws = Workspace::new();
    let news = ws.add_commune("ville").join("contenu/actualites");
    fs::create_dir_all(&news).unwrap();
    let write = |name: &str, front: &str| {
        fs::write(
            news.join(name),
            format!("+++\n{front}\n+++\n\nTexte de l'actualité.\n"),
        )
        .unwrap()
    };
    write("_index.md", "titre = \"Actualités\"\npar_page = 2");
    write(
        "a.md",
        "titre = \"Chantier de l'école\"\ndate = 2026-11-20\netiquettes = [\"Travaux\", \"Écoles\"]",
    );
    write(
        "b.md",
        "titre = \"Rue Haute fermée\"\ndate = 2026-11-10\netiquettes = [\"travaux\"]",
    );
    write(
        "c.md",
        "titre = \"Fin du chantier du pont\"\ndate = 2026-11-01\netiquettes = [\"Travaux\"]",
    );
    write(
        "d.md",
        "titre = \"Saison culturelle\"\ndate = 2026-10-01\netiquettes = [\"Culture\"]",
    );
    write(
        "sans-date.md",
        "titre = \"Archives\"\netiquettes = [\"Travaux\"]",
    );
    write(
        "concert.md",
        "titre = \"Concert\"\ndate = 2026-12-01\netiquettes = [\"Culture\"]\n[evenement]\ndebut = 2026-12-01T20:00:00",
    );
    ws
}

fn build(ws: &Workspace) -> PathBuf {
    let output = ws.usine(&["build"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    ws.path().join("public/ville")
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn title(html: &str) -> String {
    Regex::new("<title>(.*?)</title>")
        .unwrap()
        .captures(html)
        .unwrap()[1]
        .to_owned()
}

/// The `href` of every item title of a listing, in order.
fn listed(html: &str) -> Vec<String> {
    Regex::new(r#"class="?element-titre"?><a href="?([^" >]+)"#)
        .unwrap()
        .captures_iter(html)
        .map(|c| c[1].to_owned())
        .collect()
}

/// The (href, text) of every link of a page.
fn links(html: &str) -> Vec<(String, String)> {
    let tag = Regex::new(r"<[^>]*>").unwrap();
    Regex::new(r#"<a [^>]*href="?([^" >]+)"?[^>]*>(.*?)</a>"#)
        .unwrap()
        .captures_iter(html)
        .map(|c| (c[1].to_owned(), tag.replace_all(&c[2], "").into_owned()))
        .collect()
}

#[test]
#[cfg_attr(not(feature = "minify"), ignore = "reads the minified HTML")]
fn each_tag_lists_its_news_items_paginated() {
    let ws = workspace();
    let site = build(&ws);
    let tags = site.join("actualites/etiquettes");

    let first = read(&tags.join("travaux/index.html"));
    assert_eq!(listed(&first), ["/actualites/a/", "/actualites/b/"]);
    let second = read(&tags.join("travaux/page/2/index.html"));
    assert_eq!(listed(&second), ["/actualites/c/"]);
    assert!(!tags.join("travaux/page/3").exists());
    assert!(
        links(&first)
            .iter()
            .any(|(href, _)| href == "/actualites/etiquettes/travaux/page/2/"),
        "no link to page 2"
    );
    assert_eq!(
        title(&first),
        "Actualités : étiquette «\u{a0}Travaux\u{a0}» – Modèle-sur-Test"
    );
    assert_eq!(
        title(&second),
        "Actualités : étiquette «\u{a0}Travaux\u{a0}» – page 2 sur 2 – Modèle-sur-Test"
    );
    // Accents folded in the address, kept in the name; neither the undated page nor the
    // event is a news item.
    let ecoles = read(&tags.join("ecoles/index.html"));
    assert_eq!(listed(&ecoles), ["/actualites/a/"]);
    assert!(ecoles.contains("<h1>Actualités : étiquette «\u{a0}Écoles\u{a0}»</h1>"));
    let culture = read(&tags.join("culture/index.html"));
    assert_eq!(listed(&culture), ["/actualites/d/"]);

    // Breadcrumb: home, news, index of the tags, the page itself.
    let crumbs = Regex::new(r#"(?s)<nav aria-label="Fil d’Ariane".*?</nav>"#).unwrap();
    let trail: Vec<String> = links(crumbs.find(&second).unwrap().as_str())
        .into_iter()
        .map(|(href, _)| href)
        .collect();
    assert_eq!(
        trail,
        [
            "/",
            "/actualites/",
            "/actualites/etiquettes/",
            "/actualites/etiquettes/travaux/page/2/"
        ]
    );
}

#[test]
#[cfg_attr(not(feature = "minify"), ignore = "reads the minified HTML")]
fn the_index_counts_items_and_items_link_to_their_tags() {
    let ws = workspace();
    let site = build(&ws);
    let index = read(&site.join("actualites/etiquettes/index.html"));
    let list = Regex::new(r#"(?s)<ul class="?liste-etiquettes"?>.*?</ul>"#).unwrap();
    assert_eq!(
        links(list.find(&index).expect("the list of tags").as_str()),
        [
            (
                "/actualites/etiquettes/culture/".to_owned(),
                "Culture (1 actualité)".to_owned()
            ),
            (
                "/actualites/etiquettes/ecoles/".to_owned(),
                "Écoles (1 actualité)".to_owned()
            ),
            (
                "/actualites/etiquettes/travaux/".to_owned(),
                "Travaux (3 actualités)".to_owned()
            ),
        ]
    );
    let item = read(&site.join("actualites/a/index.html"));
    let list =
        Regex::new(r#"(?s)<ul aria-labelledby="?titre-etiquettes"? class="?etiquettes"?>.*?</ul>"#)
            .unwrap();
    let tagged = links(list.find(&item).expect("a labelled list of tags").as_str());
    assert_eq!(
        tagged,
        [
            (
                "/actualites/etiquettes/travaux/".to_owned(),
                "Travaux".to_owned()
            ),
            (
                "/actualites/etiquettes/ecoles/".to_owned(),
                "Écoles".to_owned()
            ),
        ]
    );
    assert!(item.contains(">Étiquettes</p>"), "visible label");
    // The news listing links to the index and its cards to the tags.
    let news = read(&site.join("actualites/index.html"));
    assert!(links(&news).contains(&(
        "/actualites/etiquettes/".to_owned(),
        "Toutes les étiquettes des actualités".to_owned()
    )));
    assert!(news.contains(r#"aria-label="Étiquettes""#) || news.contains("aria-label=Étiquettes"));
    // An event keeps its tags as text: tag pages list news only.
    let concert = read(&site.join("actualites/concert/index.html"));
    assert!(!concert.contains("/actualites/etiquettes/culture/"));

    let sitemap = read(&site.join("sitemap.xml"));
    for url in [
        "/actualites/etiquettes/",
        "/actualites/etiquettes/travaux/",
        "/actualites/etiquettes/travaux/page/2/",
        "/actualites/etiquettes/ecoles/",
    ] {
        assert!(
            sitemap.contains(&format!("<loc>https://modele.example{url}</loc>")),
            "{url} not in the sitemap"
        );
    }
}

#[test]
fn titles_stay_unique_and_the_checker_passes() {
    let ws = workspace();
    let site = build(&ws);
    let mut titles: BTreeMap<String, String> = BTreeMap::new();
    for (path, bytes) in tree(&site) {
        if path.ends_with(".html") {
            let title = title(&String::from_utf8(bytes).unwrap());
            if let Some(other) = titles.insert(title.clone(), path.clone()) {
                panic!("« {title} » on {other} and {path}");
            }
        }
    }
    assert!(titles.len() >= 6, "{titles:?}");
    let checked = ws.usine(&["check"]);
    assert_eq!(
        code(&checked),
        0,
        "{}{}",
        super::support::stdout(&checked),
        stderr(&checked)
    );
}

#[test]
fn an_editor_page_cannot_take_the_address_of_the_tags() {
    let ws = workspace();
    fs::write(
        ws.commune("ville").join("contenu/actualites/etiquettes.md"),
        "+++\ntitre = \"Nos étiquettes\"\n+++\n\nTexte.\n",
    )
    .unwrap();
    let output = ws.usine(&["build"]);
    assert_eq!(code(&output), 1);
    let err = stderr(&output);
    assert!(
        err.contains("l'adresse /actualites/etiquettes/ est réservée aux pages d'étiquettes"),
        "{err}"
    );
    assert!(
        err.contains("communes/ville/contenu/actualites/etiquettes.md"),
        "{err}"
    );
}
