//! Privacy by default and safe content (issue #5): no cookie and no request to another origin
//! unless the commune allows it, click-to-load embeds, sanitised raw HTML (XSS corpus), and
//! the security headers written beside each site.

use std::cell::RefCell;
use std::fs;
use std::path::Path;

use lol_html::{RewriteStrSettings, element, rewrite_str};

use super::support::{Workspace, code, edit, repo, stderr};

/// What a published page asks the browser to do, read with a real HTML tokenizer.
#[derive(Debug, Default)]
pub(crate) struct Scan {
    /// `src` of every script element (`None`: inline).
    pub(crate) scripts: Vec<Option<String>>,
    /// Event-handler attributes, as `tag[name]`.
    pub(crate) handlers: Vec<String>,
    /// Attribute values that run code or load a document when followed.
    pub(crate) dangerous_urls: Vec<String>,
    /// URLs the browser fetches on display (images, scripts, stylesheets, frames, media).
    pub(crate) requests: Vec<String>,
    /// Elements that must never reach a page: iframe, object, embed, base, meta refresh, style.
    pub(crate) forbidden: Vec<String>,
}

pub(crate) fn scan(html: &str) -> Scan {
    let found = RefCell::new(Scan::default());
    let settings = RewriteStrSettings::new().append_element_content_handler(element!("*", |el| {
        let mut scan = found.borrow_mut();
        let tag = el.tag_name();
        for attribute in el.attributes() {
            let (name, value) = (attribute.name(), attribute.value());
            if name.starts_with("on") {
                scan.handlers.push(format!("{tag}[{name}]"));
            }
            let normalised: String = decode(&value)
                .chars()
                .filter(|c| *c > ' ')
                .collect::<String>()
                .to_ascii_lowercase();
            let runs_code = ["javascript:", "vbscript:", "data:text/html"]
                .iter()
                .any(|p| normalised.starts_with(p) || normalised.contains(&format!("url={p}")));
            if runs_code || name == "srcdoc" {
                scan.dangerous_urls.push(format!("{tag}[{name}={value}]"));
            }
        }
        let loads = match tag.as_str() {
            "script" => {
                scan.scripts.push(el.get_attribute("src"));
                vec!["src"]
            }
            "link" => {
                let rel = el.get_attribute("rel").unwrap_or_default();
                if rel.contains("canonical") || rel.contains("alternate") {
                    vec![]
                } else {
                    vec!["href"]
                }
            }
            "img" | "iframe" | "frame" | "audio" | "video" | "source" | "track" | "embed"
            | "input" => vec!["src", "srcset", "poster"],
            "object" => vec!["data"],
            _ => vec![],
        };
        for attribute in loads {
            if let Some(url) = el.get_attribute(attribute) {
                scan.requests.push(url);
            }
        }
        let refresh = tag == "meta"
            && el
                .get_attribute("http-equiv")
                .is_some_and(|v| v.eq_ignore_ascii_case("refresh"));
        if matches!(
            tag.as_str(),
            "iframe" | "frame" | "object" | "embed" | "base" | "style" | "svg" | "math"
        ) || refresh
        {
            scan.forbidden.push(tag);
        }
        Ok(())
    }));
    rewrite_str(html, settings).expect("published HTML is readable");
    found.into_inner()
}

/// Numeric and the usual named character references: enough to unmask a scheme.
fn decode(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at + 1..];
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
            .unwrap_or(rest.len());
        let name = &rest[..end];
        let decoded = if let Some(hex) = name.strip_prefix("#x").or(name.strip_prefix("#X")) {
            u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
        } else if let Some(dec) = name.strip_prefix('#') {
            dec.parse().ok().and_then(char::from_u32)
        } else {
            match name {
                "colon" => Some(':'),
                "Tab" => Some('\t'),
                "NewLine" => Some('\n'),
                "amp" => Some('&'),
                "quot" => Some('"'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                _ => None,
            }
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = rest[end..].strip_prefix(';').unwrap_or(&rest[end..]);
            }
            None => out.push('&'),
        }
    }
    out.push_str(rest);
    out
}

/// Every HTML file of a published site with its path.
pub(crate) fn pages(site: &Path) -> Vec<(String, String)> {
    let mut pages: Vec<(String, String)> = walkdir::WalkDir::new(site)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            let rel = e.path().strip_prefix(site).unwrap().display().to_string();
            (rel, fs::read_to_string(e.path()).unwrap())
        })
        .collect();
    pages.sort();
    pages
}

fn write_page(commune: &Path, rel: &str, title: &str, body: &str) {
    let path = commune.join("contenu").join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, format!("+++\ntitre = \"{title}\"\n+++\n\n{body}\n")).unwrap();
}

fn append_config(commune: &Path, toml: &str) {
    let path = commune.join("commune.toml");
    let mut text = fs::read_to_string(&path).unwrap();
    text.push_str(toml);
    fs::write(path, text).unwrap();
}

/// Requests of a page that leave the site (absolute or protocol-relative URLs).
fn foreign(requests: &[String]) -> Vec<&String> {
    requests
        .iter()
        .filter(|u| {
            let u = u.trim().to_ascii_lowercase();
            u.starts_with("//") || u.contains("://") || u.starts_with("/\\")
        })
        .collect()
}

#[test]
fn default_site_sets_no_cookie_and_calls_no_other_origin() {
    let ws = Workspace::new();
    ws.add_commune("ville");
    let output = ws.usine(&["build"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let site = ws.path().join("public/ville");
    let pages = pages(&site);
    assert!(pages.len() >= 5);
    for (path, html) in &pages {
        let scan = scan(html);
        assert_eq!(foreign(&scan.requests), Vec::<&String>::new(), "{path}");
        assert!(
            scan.scripts.iter().all(Option::is_some),
            "{path}: inline script"
        );
        assert!(scan.handlers.is_empty(), "{path}: {:?}", scan.handlers);
        assert!(!html.to_ascii_lowercase().contains("set-cookie"), "{path}");
    }
    // No theme stylesheet nor script reaches out either.
    for entry in walkdir::WalkDir::new(site.join("theme"))
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.path().extension().is_some_and(|x| x == "css") {
            let css = fs::read_to_string(entry.path()).unwrap();
            for reference in ["@import", "url(http", "url(//", "url(\"http", "url('http"] {
                assert!(
                    !css.contains(reference),
                    "{}: {reference}",
                    entry.path().display()
                );
            }
        }
    }
}

#[test]
fn security_headers_are_written_for_nginx_and_netlify() {
    let ws = Workspace::new();
    ws.add_commune("ville");
    let output = ws.usine(&["build"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let site = ws.path().join("public/ville");
    let nginx = fs::read_to_string(site.join("_nginx.conf")).unwrap();
    let headers = fs::read_to_string(site.join("_headers")).unwrap();
    // The fixture has search on (the default): Pagefind's WebAssembly, nothing else.
    let csp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'; font-src 'self'; media-src 'self'; connect-src 'self'; frame-src 'none'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'; upgrade-insecure-requests";
    assert!(
        nginx.contains(&format!(
            "add_header Content-Security-Policy \"{csp}\" always;"
        )),
        "{nginx}"
    );
    assert!(
        headers.contains(&format!("/*\n  Content-Security-Policy: {csp}\n")),
        "{headers}"
    );
    for (header, value) in [
        ("Strict-Transport-Security", "max-age=31536000"),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ("X-Frame-Options", "DENY"),
    ] {
        assert!(
            nginx.contains(&format!("add_header {header} \"{value}\" always;")),
            "{header}"
        );
        assert!(
            headers.contains(&format!("  {header}: {value}\n")),
            "{header}"
        );
    }
    assert!(nginx.contains("add_header Permissions-Policy \"accelerometer=(), camera=()"));
    assert!(headers.contains("  Permissions-Policy: accelerometer=(), camera=()"));
    assert!(
        nginx.contains("location ^~ /.usine/ { deny all; }"),
        "{nginx}"
    );
    assert!(nginx.contains("location = /_headers { deny all; }"));
    // The theme works under that policy: no inline script, style or handler in any page.
    for (path, html) in pages(&site) {
        let scan = scan(&html);
        assert!(scan.scripts.iter().all(Option::is_some), "{path}");
        assert!(scan.handlers.is_empty(), "{path}");
        assert!(!scan.forbidden.contains(&"style".to_owned()), "{path}");
        assert!(!html.contains(" style="), "{path}: inline style");
    }
}

#[test]
fn third_party_resources_in_pages_are_errors_naming_file_and_line() {
    let ws = Workspace::new();
    let commune = ws.add_commune("ville");
    write_page(
        &commune,
        "tiers/_index.md",
        "Tiers",
        "Une image :\n\n![Logo de la métropole](https://cdn.example/logo.png)\n\n<video controls src=\"https://cdn.example/film.mp4\"></video>\n\n<audio controls><source src=\"//cdn.example/son.mp3\" type=\"audio/mpeg\"></audio>\n\n<img src=\"https://cdn.example/photo.jpg\" alt=\"Photo\">",
    );
    let output = ws.usine(&["build"]);
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let err = stderr(&output);
    for line in [7, 9, 11, 13] {
        assert!(
            err.contains(&format!("communes/ville/contenu/tiers/_index.md:{line}")),
            "line {line}:\n{err}"
        );
    }
    assert_eq!(err.matches("erreur[vie-privee.tiers]").count(), 4, "{err}");
    assert!(err.contains("(https://cdn.example)"), "{err}");
    assert!(err.contains("[[vie_privee.tiers]]"), "{err}");
    assert!(
        !ws.path().join("public/ville").exists(),
        "nothing is published"
    );
}

#[test]
fn third_party_scripts_styles_fonts_and_frames_in_templates_are_errors() {
    let ws = Workspace::new();
    ws.add_commune("ville");
    let theme = ws.path().join("theme");
    super::support::copy_dir(&repo().join("themes/commun"), &theme);
    edit(
        &theme.join("templates/base.html"),
        "</head>",
        concat!(
            "<script src=\"https://cdn.example/lib.js\"></script>\n",
            "<link rel=\"stylesheet\" href=\"https://fonts.googleapis.com/css2?family=Marianne\">\n",
            "<link rel=\"preload\" as=\"font\" href=\"https://fonts.gstatic.com/m.woff2\" crossorigin>\n",
            "</head>"
        ),
    );
    edit(
        &theme.join("templates/mentions-legales.html"),
        "{{ page.contenu | safe }}",
        "<iframe src=\"https://carte.example/\" title=\"Carte\"></iframe>\n{{ page.contenu | safe }}",
    );
    let output = ws
        .command()
        .args(["build", "--date", "2026-11-23", "--theme"])
        .arg(&theme)
        .output()
        .unwrap();
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let err = stderr(&output);
    for origin in [
        "script chargé(e) depuis un autre site (https://cdn.example)",
        "ressource (link) chargé(e) depuis un autre site (https://fonts.googleapis.com)",
        "ressource (link) chargé(e) depuis un autre site (https://fonts.gstatic.com)",
        "cadre (iframe) chargé(e) depuis un autre site (https://carte.example)",
    ] {
        assert!(err.contains(origin), "{origin}:\n{err}");
    }
    // Findings from a template name the page's template (base.html is shared by all).
    assert!(err.contains("theme/templates/plan-du-site.html"), "{err}");
    assert!(
        err.contains("theme/templates/mentions-legales.html"),
        "{err}"
    );
}

#[test]
fn an_allowed_origin_is_accepted_declared_and_in_the_policy() {
    let ws = Workspace::new();
    let commune = ws.add_commune("ville");
    write_page(
        &commune,
        "tiers/_index.md",
        "Tiers",
        "![Logo de la métropole](https://medias.metropole.example/logo.png)",
    );
    append_config(
        &commune,
        "\n[[vie_privee.tiers]]\norigine = \"https://medias.metropole.example\"\nnom = \"Médiathèque de la métropole\"\nfinalite = \"héberger les images du site\"\n",
    );
    let output = ws.usine(&["build"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let site = ws.path().join("public/ville");
    let csp = fs::read_to_string(site.join("_headers")).unwrap();
    assert!(
        csp.contains("img-src 'self' https://medias.metropole.example;"),
        "{csp}"
    );
    let privacy = fs::read_to_string(site.join("donnees-personnelles/index.html")).unwrap();
    assert!(privacy.contains("Médiathèque de la métropole"));
    assert!(privacy.contains("héberger les images du site"));
}

#[test]
fn embeds_are_refused_unless_allowed_then_load_on_click_only() {
    let ws = Workspace::new();
    let commune = ws.add_commune("ville");
    write_page(
        &commune,
        "videos/_index.md",
        "Vidéos",
        "Le dernier conseil :\n\n![Conseil municipal du 12 mars](https://www.youtube.com/watch?v=M7lc1UVf-VE)\n\n![Plan d'accès à la mairie](https://www.openstreetmap.org/?mlat=47.21&mlon=-1.55#map=17/47.21/-1.55)",
    );
    let refused = ws.usine(&["build"]);
    assert_eq!(code(&refused), 1);
    let err = stderr(&refused);
    assert!(
        err.contains("erreur[vie-privee.integration]: intégration YouTube non autorisée"),
        "{err}"
    );
    assert!(
        err.contains("intégration OpenStreetMap non autorisée"),
        "{err}"
    );
    assert!(
        err.contains("communes/ville/contenu/videos/_index.md:7"),
        "{err}"
    );
    assert!(err.contains("integrations = [\"youtube\"]"), "{err}");

    append_config(
        &commune,
        "\n[vie_privee]\nintegrations = [\"youtube\", \"openstreetmap\"]\n",
    );
    let output = ws.usine(&["build"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let site = ws.path().join("public/ville");
    let html = fs::read_to_string(site.join("videos/index.html")).unwrap();
    let scan = scan(&html);
    // Nothing is requested from YouTube or OpenStreetMap before the click.
    assert_eq!(foreign(&scan.requests), Vec::<&String>::new());
    assert!(scan.forbidden.is_empty(), "{:?}", scan.forbidden);
    // The placeholder names the third party and links to the video on its site.
    assert!(
        html.contains("Vidéo « Conseil municipal du 12 mars », hébergée par YouTube"),
        "{html}"
    );
    assert!(html.contains("Google Ireland Limited"));
    assert!(html.contains("https://www.youtube.com/watch?v=M7lc1UVf-VE"));
    assert!(html.contains("Voir la vidéo « Conseil municipal du 12 mars » sur YouTube"));
    assert!(html.contains("https://www.youtube-nocookie.com/embed/M7lc1UVf-VE"));
    // (Markdown's smart punctuation makes the apostrophe typographic.)
    assert!(
        html.contains("Carte « Plan d’accès à la mairie », hébergée par OpenStreetMap"),
        "{html}"
    );
    // The click-to-load button is hidden until the external script shows it.
    assert!(html.contains("/theme/integrations.js"));
    assert!(html.contains("/theme/integrations.css"));
    assert!(site.join("theme/integrations.js").is_file());
    assert!(scan.scripts.iter().all(Option::is_some), "no inline script");
    // Pages without an embed do not load the embed script.
    let home = fs::read_to_string(site.join("index.html")).unwrap();
    assert!(!home.contains("integrations.js"));
    // The policy lets the players in, and the privacy page declares each provider.
    let headers = fs::read_to_string(site.join("_headers")).unwrap();
    assert!(
        headers
            .contains("frame-src https://www.openstreetmap.org https://www.youtube-nocookie.com;")
            || headers.contains(
                "frame-src https://www.youtube-nocookie.com https://www.openstreetmap.org;"
            ),
        "{headers}"
    );
    let privacy = fs::read_to_string(site.join("donnees-personnelles/index.html")).unwrap();
    assert!(privacy.contains("integration-youtube"));
    assert!(privacy.contains("integration-openstreetmap"));
    assert!(privacy.contains("https://policies.google.com/privacy"));
}

#[test]
fn audience_measurement_is_cookieless_matomo_declared_on_the_privacy_page() {
    let ws = Workspace::new();
    let commune = ws.add_commune("ville");
    append_config(
        &commune,
        "\n[vie_privee.mesure_audience]\nmatomo = \"https://statistiques.metropole.example/\"\nidentifiant_site = 7\nanonymisation_ip_octets = 2\n",
    );
    let output = ws.usine(&["build"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let site = ws.path().join("public/ville");
    for (path, html) in pages(&site) {
        assert!(
            scan(&html)
                .scripts
                .contains(&Some("/theme/mesure-audience.js".to_owned())),
            "{path}"
        );
    }
    let loader = fs::read_to_string(site.join("theme/mesure-audience.js")).unwrap();
    assert!(loader.contains("disableCookies"));
    let privacy = fs::read_to_string(site.join("donnees-personnelles/index.html")).unwrap();
    assert!(privacy.contains("traitement-mesure-audience"));
    assert!(privacy.contains("exempté de consentement"));
    assert!(privacy.contains("mesure-audience-bouton"));
    let headers = fs::read_to_string(site.join("_headers")).unwrap();
    assert!(
        headers.contains(
            "script-src 'self' 'wasm-unsafe-eval' https://statistiques.metropole.example;"
        )
    );
    assert!(headers.contains("connect-src 'self' https://statistiques.metropole.example;"));

    // Not self-hosted, or not anonymised enough: refused.
    edit(
        &commune.join("commune.toml"),
        "anonymisation_ip_octets = 2",
        "anonymisation_ip_octets = 1",
    );
    let weak = ws.usine(&["build"]);
    assert_eq!(code(&weak), 1);
    let line = fs::read_to_string(commune.join("commune.toml"))
        .unwrap()
        .lines()
        .position(|l| l.starts_with("anonymisation_ip_octets"))
        .unwrap()
        + 1;
    let err = stderr(&weak);
    assert!(
        err.contains(&format!("communes/ville/commune.toml:{line}")),
        "{err}"
    );
    assert!(err.contains("au moins 2 octets"), "{err}");
}

#[test]
fn xss_corpus_leaves_no_script_handler_or_javascript_url() {
    let corpus = fs::read_to_string(repo().join("tests/fixtures/xss/charges.txt")).unwrap();
    let payloads: Vec<&str> = corpus.split("\n%%\n").skip(1).map(str::trim_end).collect();
    assert!(payloads.len() >= 40, "only {} payloads", payloads.len());
    let ws = Workspace::new();
    let commune = ws.add_commune("ville");
    write_page(
        &commune,
        "xss/_index.md",
        "Charges",
        "Les charges du corpus.",
    );
    for (index, payload) in payloads.iter().enumerate() {
        write_page(
            &commune,
            &format!("xss/charge-{index:02}.md"),
            &format!("Charge {index}"),
            payload,
        );
    }
    let output = ws.usine(&["build"]);
    let err = stderr(&output);
    assert_eq!(code(&output), 0, "{err}");
    assert!(err.contains("avertissement[contenu.html-retire]"), "{err}");
    let site = ws.path().join("public/ville");
    for (index, payload) in payloads.iter().enumerate() {
        let path = format!("xss/charge-{index:02}/index.html");
        let html = fs::read_to_string(site.join(&path)).unwrap_or_else(|_| panic!("{path}"));
        let scan = scan(&html);
        // The theme's own files are the only scripts: none from the page.
        for script in &scan.scripts {
            let src = script
                .as_deref()
                .unwrap_or_else(|| panic!("inline script: {payload}"));
            assert!(src.starts_with("/theme/"), "{payload}: script {src}");
        }
        assert!(scan.handlers.is_empty(), "{payload}: {:?}", scan.handlers);
        assert!(
            scan.dangerous_urls.is_empty(),
            "{payload}: {:?}",
            scan.dangerous_urls
        );
        assert!(scan.forbidden.is_empty(), "{payload}: {:?}", scan.forbidden);
        assert_eq!(foreign(&scan.requests), Vec::<&String>::new(), "{payload}");
    }
    // Each removal names the page and the line of the payload.
    assert!(
        err.contains("communes/ville/contenu/xss/charge-00.md:5"),
        "{err}"
    );
    assert!(err.contains("balise <script> retirée"), "{err}");
    assert!(
        err.contains("attribut « onerror » retiré de <img>"),
        "{err}"
    );
    assert!(
        err.contains("lien retiré vers une adresse « javascript: »"),
        "{err}"
    );
}
