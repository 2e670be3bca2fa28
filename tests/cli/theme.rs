//! The shared theme (issue #3): the colour contrast check of `commune.toml`, and what every
//! published page must have, checked on the sample commune of the browser checks (it uses
//! every template): the skip link first, the footer links in the same order, one h1, and
//! nothing inline that a strict Content-Security-Policy would block.

use std::fs;
use std::path::{Path, PathBuf};

use super::support::{Workspace, code, repo, stderr};

/// Builds the sample commune of `tests/browser/communes`; returns its published pages.
fn sample_pages(ws: &Workspace) -> Vec<(String, String)> {
    let out = ws.path().join("public");
    let communes = repo().join("tests/browser/communes");
    let output = ws.usine(&[
        "build",
        "--communes",
        communes.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let site = out.join("echantillon");
    let mut pages: Vec<(String, String)> = walkdir::WalkDir::new(&site)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            let rel = e.path().strip_prefix(&site).unwrap().display().to_string();
            (rel, fs::read_to_string(e.path()).unwrap())
        })
        .collect();
    pages.sort();
    assert!(pages.len() >= 20, "only {} pages", pages.len());
    pages
}

/// The `href` values of the `<a>` tags of `html`, in order (quoted or not: the output is
/// minified).
fn hrefs(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find("<a ") {
        rest = &rest[at + 3..];
        let tag = &rest[..rest.find('>').unwrap_or(rest.len())];
        let Some(start) = tag.find("href=") else {
            continue;
        };
        let value = &tag[start + 5..];
        let value = match value.chars().next() {
            Some(quote @ ('"' | '\'')) => value[1..].split(quote).next().unwrap_or(""),
            _ => value.split([' ', '>']).next().unwrap_or(""),
        };
        found.push(value.to_owned());
    }
    found
}

/// The part of `html` between the first `open` and the following `close`.
fn between<'a>(html: &'a str, open: &str, close: &str) -> &'a str {
    let start = html.find(open).unwrap_or_else(|| panic!("no {open}"));
    let end = html[start..]
        .find(close)
        .unwrap_or_else(|| panic!("no {close}"))
        + start;
    &html[start..end]
}

#[test]
fn every_page_has_the_footer_links_in_the_same_order() {
    let ws = Workspace::new();
    let expected = [
        "/accessibilite/",
        "/mentions-legales/",
        "/donnees-personnelles/",
        "/plan-du-site/",
        "/accessibilite/",
        "/contact/",
    ];
    for (page, html) in sample_pages(&ws) {
        let footer = between(&html, "<footer", "</footer>");
        let links = between(footer, "pied-liens", "</ul>");
        assert_eq!(hrefs(links), expected, "{page}");
        assert!(
            links.contains(">Accessibilité : non conforme</a>"),
            "{page}: no accessibility mention"
        );
        for label in [
            "Mentions légales",
            "Données personnelles",
            "Plan du site",
            ">Accessibilité</a>",
            "Contact",
        ] {
            assert!(links.contains(label), "{page}: no {label}");
        }
    }
}

#[test]
#[cfg_attr(not(feature = "minify"), ignore = "reads the minified HTML")]
fn skip_link_comes_first_and_leads_to_main() {
    let ws = Workspace::new();
    for (page, html) in sample_pages(&ws) {
        let body = &html[html.find("<body").expect("body")..];
        assert_eq!(
            hrefs(body).first().map(String::as_str),
            Some("#contenu"),
            "{page}"
        );
        let main = between(&html, "<main", ">");
        assert!(main.contains("id=contenu"), "{page}: {main}");
        assert_eq!(html.matches("<h1").count(), 1, "{page}: one h1");
        assert!(html.starts_with("<!doctype html><html"), "{page}");
    }
}

#[test]
fn no_inline_script_or_style_anywhere() {
    let ws = Workspace::new();
    for (page, html) in sample_pages(&ws) {
        let lower = html.to_lowercase();
        assert!(!lower.contains("<style"), "{page}: <style>");
        assert!(!lower.contains(" style="), "{page}: style attribute");
        let mut rest = lower.as_str();
        while let Some(at) = rest.find("<script") {
            let tag = &rest[at..at + rest[at..].find('>').unwrap()];
            assert!(tag.contains(" src="), "{page}: inline script {tag}");
            assert!(
                rest[at..].contains("></script>"),
                "{page}: script with content"
            );
            rest = &rest[at + tag.len()..];
        }
        for handler in [
            " onclick=",
            " onload=",
            " onerror=",
            " onchange=",
            "javascript:",
        ] {
            assert!(!lower.contains(handler), "{page}: {handler}");
        }
    }
}

/// Sobriety budget of the issue: CSS under 30 KB, JavaScript under 10 KB (unminified) for
/// every page: `site.js` with the scripts of embeds, or with the search page's. Matomo's tag,
/// a commune's choice, and the search (issue #7) each add a few KB to the theme: all its
/// JavaScript stays under 15 KB.
#[test]
fn theme_stays_within_its_weight_budget() {
    let dir = repo().join("themes/commun/static");
    let size = |ext: &str| -> u64 {
        fs::read_dir(&dir)
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == ext))
            .map(|e| e.metadata().unwrap().len())
            .sum()
    };
    let script = |name: &str| fs::metadata(dir.join(name)).unwrap().len();
    assert!(size("css") < 30 * 1024, "CSS: {} bytes", size("css"));
    for own in ["integrations.js", "recherche.js"] {
        let page = script("site.js") + script(own);
        assert!(page < 10 * 1024, "site.js + {own}: {page} bytes");
    }
    assert!(size("js") < 15 * 1024, "JS: {} bytes", size("js"));
}

/// A commune copied from the `modele` fixture with `couleur_principale = colour`; returns the
/// path of its `commune.toml` and the line of the colour.
fn commune_with_colour(ws: &Workspace, colour: &str) -> (PathBuf, u32) {
    let folder = ws.add_commune("teinte");
    let config = folder.join("commune.toml");
    let mut text = fs::read_to_string(&config).unwrap();
    assert!(!text.contains("[identite_visuelle]"), "fixture changed");
    text.push_str("\n[identite_visuelle]\n");
    let line = text.lines().count() as u32 + 1;
    text.push_str(&format!("couleur_principale = \"{colour}\"\n"));
    fs::write(&config, text).unwrap();
    (config, line)
}

fn config_display(path: &Path, ws: &Workspace) -> String {
    path.strip_prefix(ws.path()).unwrap().display().to_string()
}

#[test]
fn too_light_primary_colour_is_refused_with_a_darker_suggestion() {
    let ws = Workspace::new();
    let (config, line) = commune_with_colour(&ws, "#4a90d9");
    let output = ws.usine(&["build"]);
    assert_eq!(code(&output), 1);
    let err = stderr(&output);
    let location = format!("{}:{line}", config_display(&config, &ws));
    assert!(err.contains(&location), "no {location} in:\n{err}");
    assert!(
        err.contains("la couleur principale #4a90d9 n'est pas assez contrastée"),
        "{err}"
    );
    assert!(err.contains("4,5:1"), "{err}");
    // The suggestion: a 6-digit colour, itself accepted by the build.
    let hint = &err[err.find("essayez couleur_principale = \"").expect(&err) + 30..];
    let suggested = &hint[..7];
    assert!(
        suggested.starts_with('#') && suggested[1..].chars().all(|c| c.is_ascii_hexdigit()),
        "{suggested}"
    );
    assert!(
        !ws.path().join("public/teinte").exists(),
        "refused commune published"
    );

    let ws = Workspace::new();
    commune_with_colour(&ws, suggested);
    let output = ws.usine(&["build"]);
    assert_eq!(
        code(&output),
        0,
        "suggested {suggested}: {}",
        stderr(&output)
    );
    let css = fs::read_to_string(ws.path().join("public/teinte/theme/commune.css")).unwrap();
    assert!(css.contains(suggested), "{css}");
}
