//! The lol_html rewrite of every page, before it is checked: what the build injects or
//! removes lives here, never in the `accessibility` crate (which only reads).
//!
//! 1. Links that open a new window get `rel="noopener noreferrer"`.
//! 2. Privacy by default (see [`crate::privacy`]): a script, stylesheet, image, font, frame,
//!    video or audio source from another origin is an error, unless the commune allows that
//!    origin in `[vie_privee]`. A video or map image (`![titre](https://youtu.be/…)`) of an
//!    allowed provider becomes a click-to-load placeholder ([`crate::privacy::embed`]).
//! 3. The page must work under the site's Content-Security-Policy: inline scripts and styles,
//!    event-handler attributes and `javascript:` URLs are errors (Markdown content has been
//!    sanitised before; what is left comes from a template). Table-cell alignment, the one
//!    inline style Markdown produces, becomes a class (`alignement-gauche|centre|droite`).
//! 4. Links to a document of the site (PDF, office files) get its format and size appended to
//!    their text, « (PDF, 245 Ko) », unless the text already says them ([`crate::downloads`],
//!    RGAA 6.1 and 13.3).
//! 5. The scripts a page needs are added: the Matomo loader on every page when audience
//!    measurement is on, the embed loader and its stylesheet on pages with a placeholder.
//! 6. Images of the Markdown that the build converted ([`crate::images`]) get their
//!    published widths: `src`, `srcset`, `sizes`, `width`, `height`, lazy loading (RGESN
//!    6.4). After the checks of 2 and 3, which read the attributes as written.
//!
//! Findings carry the Markdown line of the element when it came from a page body (from the
//! `<!--l:N-->` markers, still present here), else none: the template is then named.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use lol_html::html_content::{Attribute, ContentType, Element, EndTag};
use lol_html::{RewriteStrSettings, doc_comments, element, rewrite_str, text};

use crate::diagnostic::Diagnostic;
use crate::downloads::{self, Download, Downloads};
use crate::images::Rendition;
use crate::model::markdown::LINE_MARKER_PREFIX;
use crate::model::{PageId, Site};
use crate::privacy::embed::{self, facts};
use crate::privacy::{
    ANALYTICS_SCRIPT, EMBED_SCRIPT, EMBED_STYLESHEET, Policy, Target, decode_entities,
};

/// A rewritten page and what the rewrite found wrong with it.
pub(crate) struct Rewritten {
    pub(crate) html: String,
    pub(crate) findings: Vec<Finding>,
}

/// A privacy or security error on one element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Finding {
    pub(crate) code: &'static str,
    pub(crate) message: String,
    pub(crate) hint: &'static str,
    /// The Markdown line the element came from, if it did.
    pub(crate) line: Option<u32>,
}

/// Rewrites one rendered page under `policy`; `downloads` are the site's documents,
/// `images` its converted images by source URL.
pub(crate) fn rewrite(
    html: &str,
    policy: &Policy,
    downloads: &Downloads,
    images: &HashMap<String, Rendition>,
) -> Result<Rewritten, lol_html::errors::RewritingError> {
    // The download link being read, and its text so far (links do not nest).
    let link: Rc<RefCell<Option<(Download, String)>>> = Rc::new(RefCell::new(None));
    let findings = RefCell::new(Vec::new());
    let line: Cell<Option<u32>> = Cell::new(None);
    let has_placeholder = Rc::new(Cell::new(false));
    let may_embed = !policy.embeds.is_empty() && embed::mentions_provider(html);
    let report = |code: &'static str, message: String, hint: &'static str| {
        findings.borrow_mut().push(Finding {
            code,
            message,
            hint,
            line: line.get(),
        });
    };
    let settings = RewriteStrSettings::new()
        .append_element_content_handler(element!("a[target=_blank]", |el| {
            el.set_attribute("rel", "noopener noreferrer")?;
            Ok(())
        }))
        .append_element_content_handler(element!("head", |el| {
                if let Some(analytics) = &policy.analytics {
                    el.append(
                        &format!(
                            r#"<script src="{ANALYTICS_SCRIPT}" data-matomo="{}" data-site="{}" defer></script>"#,
                            crate::escape::html(&analytics.base),
                            analytics.site_id
                        ),
                        ContentType::Html,
                    );
                }
                if may_embed {
                    el.append(
                        &format!(r#"<link rel="stylesheet" href="{EMBED_STYLESHEET}">"#),
                        ContentType::Html,
                    );
                }
                Ok(())
        }))
        .append_element_content_handler(element!("body", |el| {
            embed_script_at_end(el, &has_placeholder)
        }))
        .append_element_content_handler(element!("*", |el| {
            check_element(el, html, policy, &report, &has_placeholder)
        }))
        .append_document_content_handler(doc_comments!(|comment| {
            if let Some(n) = comment.text().strip_prefix(LINE_MARKER_PREFIX) {
                if let Ok(n) = n.parse::<u32>() {
                    line.set((n > 0).then_some(n));
                }
            }
            Ok(())
        }));
    let settings = if downloads.is_empty() {
        settings
    } else {
        settings
            .append_element_content_handler(element!("a[href]", |el| {
                download_link(el, downloads, &link)
            }))
            .append_element_content_handler(text!("a[href]", |chunk| {
                if let Some((_, text)) = link.borrow_mut().as_mut() {
                    text.push_str(chunk.as_str());
                }
                Ok(())
            }))
    };
    let settings = if images.is_empty() {
        settings
    } else {
        settings.append_element_content_handler(element!("img[src]", |el| {
            // Only the Markdown's images: a template's (the logo) has its own sizes.
            if line.get().is_some() && !el.removed() {
                responsive_image(el, images)?;
            }
            Ok(())
        }))
    };
    let html = rewrite_str(html, settings)?;
    Ok(Rewritten {
        html,
        findings: findings.into_inner(),
    })
}

/// A link to one of the site's documents: its format and size go at the end of its text,
/// unless the editor wrote them already.
fn download_link(
    el: &mut Element<'_, '_>,
    downloads: &Downloads,
    link: &Rc<RefCell<Option<(Download, String)>>>,
) -> lol_html::HandlerResult {
    let Some(download) = el
        .get_attribute("href")
        .and_then(|href| downloads::lookup(downloads, &href).copied())
    else {
        return Ok(());
    };
    *link.borrow_mut() = Some((download, String::new()));
    let link = Rc::clone(link);
    el.on_end_tag(Box::new(move |end: &mut EndTag<'_>| {
        if let Some((download, text)) = link.borrow_mut().take() {
            if !downloads::already_described(&decode_entities(&text), download) {
                end.before(&format!(" ({})", download.details()), ContentType::Text);
            }
        }
        Ok(())
    }))?;
    Ok(())
}

/// An image the build converted: its largest variant as `src`, every width in `srcset`, the
/// size it is shown at in `sizes`, its proportions (no layout shift), lazy loading.
fn responsive_image(
    el: &mut Element<'_, '_>,
    images: &HashMap<String, Rendition>,
) -> lol_html::HandlerResult {
    let Some(rendition) = el.get_attribute("src").and_then(|src| images.get(&src)) else {
        return Ok(());
    };
    let largest = rendition.largest();
    el.set_attribute("src", &largest.url)?;
    if rendition.variants.len() > 1 {
        el.set_attribute("srcset", &rendition.srcset())?;
        el.set_attribute("sizes", &rendition.sizes())?;
    }
    el.set_attribute("width", &largest.width.to_string())?;
    el.set_attribute("height", &largest.height.to_string())?;
    for (name, value) in [("loading", "lazy"), ("decoding", "async")] {
        if !el.has_attribute(name) {
            el.set_attribute(name, value)?;
        }
    }
    Ok(())
}

/// Adds the embed loader before `</body>` if the page turned out to have a placeholder.
fn embed_script_at_end(
    el: &mut Element<'_, '_>,
    has_placeholder: &Rc<Cell<bool>>,
) -> lol_html::HandlerResult {
    let needed = Rc::clone(has_placeholder);
    el.on_end_tag(Box::new(move |end: &mut EndTag<'_>| {
        if needed.get() {
            end.before(
                &format!(r#"<script src="{EMBED_SCRIPT}" defer></script>"#),
                ContentType::Html,
            );
        }
        Ok(())
    }))?;
    Ok(())
}

const THIRD_PARTY_HINT: &str = "enregistrez le fichier dans le dossier de la commune et désignez-le par son chemin ; ou, si la commune l'accepte, déclarez ce site dans [vie_privee] (table [[vie_privee.tiers]]) de commune.toml : il sera déclaré dans la page Données personnelles et autorisé par les en-têtes de sécurité.";
const CSP_HINT: &str = "la politique de sécurité du site (Content-Security-Policy) n'autorise que les scripts et styles en fichiers du thème : déplacez ce code dans un fichier du dossier static du thème.";

/// Every check of one element; `report` records a finding at the current Markdown line.
///
/// `html` is the page being rewritten: names and values are read from it, not copied, unless
/// an earlier handler changed them.
fn check_element(
    el: &mut Element<'_, '_>,
    html: &str,
    policy: &Policy,
    report: &impl Fn(&'static str, String, &'static str),
    has_placeholder: &Rc<Cell<bool>>,
) -> lol_html::HandlerResult {
    let tag = tag_name(el, html);
    let resource = |what: &str, url: &str| {
        if let Some((code, message, hint)) = refused_resource(policy, what, url) {
            report(code, message, hint);
        }
    };
    let attributes: Vec<(Cow<'_, str>, Cow<'_, str>)> =
        el.attributes().iter().map(|a| attribute(a, html)).collect();
    for (name, value) in &attributes {
        if name.starts_with("on") {
            report(
                "securite.gestionnaire",
                format!(
                    "attribut « {name} » sur <{tag}> : un gestionnaire d'événement est un script en ligne"
                ),
                CSP_HINT,
            );
        } else if is_url_attribute(name) {
            if let Target::Scheme(scheme) = policy.target(value) {
                if matches!(scheme.as_str(), "javascript" | "vbscript" | "data") {
                    report(
                        "securite.adresse",
                        format!("adresse « {scheme}: » dans l'attribut « {name} » de <{tag}>"),
                        "seules les adresses web, de courriel et de téléphone sont acceptées.",
                    );
                }
            }
        }
    }
    let get = |name: &str| {
        attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| &**v)
    };
    match &*tag {
        "script" => match get("src") {
            Some(src) => resource("script", src),
            None => {
                let data_block = get("type").is_some_and(|t| {
                    matches!(
                        t.trim().to_ascii_lowercase().as_str(),
                        "application/ld+json" | "application/json"
                    )
                });
                if !data_block {
                    report(
                        "securite.script-en-ligne",
                        "script écrit dans la page : bloqué par la politique de sécurité du site"
                            .to_owned(),
                        CSP_HINT,
                    );
                }
            }
        },
        "style" => report(
            "securite.style-en-ligne",
            "balise <style> dans la page : bloquée par la politique de sécurité du site".to_owned(),
            CSP_HINT,
        ),
        "link" => {
            let rel = get("rel").unwrap_or("").to_ascii_lowercase();
            let loads = rel.split_ascii_whitespace().any(|r| {
                matches!(
                    r,
                    "stylesheet"
                        | "icon"
                        | "preload"
                        | "prefetch"
                        | "preconnect"
                        | "dns-prefetch"
                        | "modulepreload"
                        | "manifest"
                        | "apple-touch-icon"
                        | "mask-icon"
                )
            });
            if let (true, Some(href)) = (loads, get("href")) {
                resource("ressource (link)", href);
            }
        }
        "img" => {
            if let Some(src) = get("src") {
                match embed::recognise(src) {
                    Some(found) if policy.allows_embed(found.provider) => {
                        let title = decode_entities(get("alt").unwrap_or("")).into_owned();
                        el.replace(&embed::placeholder(&found, &title), ContentType::Html);
                        has_placeholder.set(true);
                        return Ok(());
                    }
                    Some(found) => {
                        let name = facts(found.provider).name;
                        report(
                            "vie-privee.integration",
                            format!(
                                "intégration {name} non autorisée : la commune n'a pas accepté ce service tiers"
                            ),
                            embed_hint(found.provider),
                        );
                    }
                    None => resource("image", src),
                }
            }
            if let Some(srcset) = get("srcset") {
                for url in srcset_urls(srcset) {
                    resource("image", url);
                }
            }
        }
        "iframe" | "frame" => {
            if get("srcdoc").is_some() {
                report(
                    "securite.cadre",
                    format!(
                        "<{tag} srcdoc> : un cadre ne peut pas contenir de code écrit dans la page"
                    ),
                    CSP_HINT,
                );
            }
            if let Some(src) = get("src") {
                resource("cadre (iframe)", src);
            }
        }
        "object" | "embed" | "applet" => report(
            "securite.objet",
            format!(
                "balise <{tag}> : les objets et greffons sont bloqués par la politique de sécurité du site"
            ),
            "publiez le document en lien de téléchargement, ou la vidéo avec ![titre](adresse de la vidéo).",
        ),
        "video" | "audio" | "source" | "track" | "input" => {
            if let Some(src) = get("src") {
                resource("média", src);
            }
            if let Some(poster) = get("poster") {
                resource("image", poster);
            }
            if let Some(srcset) = get("srcset") {
                for url in srcset_urls(srcset) {
                    resource("image", url);
                }
            }
        }
        "base" => {
            if let Some(href) = get("href") {
                if policy.target(href) != Target::Local {
                    report(
                        "securite.base",
                        "balise <base> vers un autre site : toutes les adresses de la page en dépendraient".to_owned(),
                        "retirez la balise <base>.",
                    );
                }
            }
        }
        "meta" => {
            let equiv = get("http-equiv").unwrap_or("").to_ascii_lowercase();
            match equiv.trim() {
                "refresh" => report(
                    "securite.redirection",
                    "<meta http-equiv=\"refresh\"> : redirection ou rechargement automatique"
                        .to_owned(),
                    "faites un lien vers la page visée : une redirection automatique désoriente (RGAA 13.1) et peut mener vers un autre site.",
                ),
                "set-cookie" => report(
                    "vie-privee.cookie",
                    "<meta http-equiv=\"set-cookie\"> : le site ne dépose aucun cookie".to_owned(),
                    "retirez cette balise.",
                ),
                _ => {}
            }
        }
        "form" => {
            if let Some(action) = get("action") {
                if policy.target(action) != Target::Local {
                    report(
                        "vie-privee.formulaire",
                        "formulaire qui envoie ses données à un autre site".to_owned(),
                        "un formulaire ne peut envoyer qu'au site lui-même (politique form-action 'self') : faites plutôt un lien vers le formulaire de l'autre site.",
                    );
                }
            }
        }
        _ => {}
    }
    if let Some(ping) = get("ping") {
        for url in ping.split_ascii_whitespace() {
            resource("signal (ping)", url);
        }
    }
    if let Some(style) = get("style") {
        let class = match (&*tag, style.trim().trim_end_matches(';')) {
            ("td" | "th", "text-align: left") => Some("alignement-gauche"),
            ("td" | "th", "text-align: center") => Some("alignement-centre"),
            ("td" | "th", "text-align: right") => Some("alignement-droite"),
            _ => None,
        };
        match class {
            Some(class) => {
                el.remove_attribute("style");
                let classes = match get("class") {
                    Some(existing) => format!("{existing} {class}"),
                    None => class.to_owned(),
                };
                el.set_attribute("class", &classes)?;
            }
            None => report(
                "securite.style-en-ligne",
                format!(
                    "attribut « style » sur <{tag}> : bloqué par la politique de sécurité du site"
                ),
                CSP_HINT,
            ),
        }
    }
    Ok(())
}

/// `text` in lowercase, borrowed when it already is.
fn lowercase(text: &str) -> Cow<'_, str> {
    if text.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(text.to_ascii_lowercase())
    } else {
        Cow::Borrowed(text)
    }
}

/// The element's tag name, lowercase, read from the page (`<name` at the element's position).
fn tag_name<'h>(el: &Element<'_, '_>, html: &'h str) -> Cow<'h, str> {
    let start = el.source_location().bytes().start + 1;
    let name = html.get(start..).and_then(|rest| {
        let len = rest
            .bytes()
            .position(|b| matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b'\x0C' | b'/' | b'>'))
            .unwrap_or(rest.len());
        rest.get(..len)
    });
    match name {
        Some(name) if html.as_bytes()[start - 1] == b'<' && !name.is_empty() => lowercase(name),
        _ => Cow::Owned(el.tag_name()),
    }
}

/// An attribute's lowercase name and its value as written, read from the page where lol_html
/// says they lie; copied only when an earlier handler changed the attribute.
fn attribute<'h>(a: &Attribute<'_>, html: &'h str) -> (Cow<'h, str>, Cow<'h, str>) {
    // lol_html drops a leading byte-order mark when it decodes: keep its copy then.
    let source =
        |range: std::ops::Range<usize>| html.get(range).filter(|s| !s.starts_with('\u{feff}'));
    let name = a.name_source_location().and_then(|l| source(l.bytes()));
    let value = match (name, a.value_source_location()) {
        (Some(_), None) => Some(""),
        (_, Some(l)) => source(l.bytes()),
        (None, None) => None,
    };
    let name = name.map_or_else(|| Cow::Owned(a.name()), lowercase);
    let value = value.map_or_else(|| Cow::Owned(a.value()), Cow::Borrowed);
    debug_assert_eq!((&*name, &*value), (a.name().as_str(), a.value().as_str()));
    (name, value)
}

/// Why loading `url` as `what` is refused, if it is.
fn refused_resource(
    policy: &Policy,
    what: &str,
    url: &str,
) -> Option<(&'static str, String, &'static str)> {
    match policy.target(url) {
        Target::Local => None,
        Target::Origin(origin) if policy.allows(&origin) => None,
        Target::Origin(origin) => Some((
            "vie-privee.tiers",
            format!(
                "{what} chargé(e) depuis un autre site ({origin}) : le site ne fait aucune requête vers un autre site sans l'accord de la commune"
            ),
            THIRD_PARTY_HINT,
        )),
        Target::Scheme(scheme) => Some((
            "securite.adresse",
            format!(
                "{what} à l'adresse « {scheme}: » : bloqué(e) par la politique de sécurité du site"
            ),
            "enregistrez le fichier dans le dossier de la commune et désignez-le par son chemin.",
        )),
    }
}

fn embed_hint(provider: crate::config::EmbedProvider) -> &'static str {
    use crate::config::EmbedProvider;
    match provider {
        EmbedProvider::Youtube => {
            "si la commune l'accepte, ajoutez integrations = [\"youtube\"] dans [vie_privee] de commune.toml (la vidéo ne se chargera qu'au clic du visiteur) ; sinon, faites un simple lien : [titre](adresse)."
        }
        EmbedProvider::Dailymotion => {
            "si la commune l'accepte, ajoutez integrations = [\"dailymotion\"] dans [vie_privee] de commune.toml (la vidéo ne se chargera qu'au clic du visiteur) ; sinon, faites un simple lien : [titre](adresse)."
        }
        EmbedProvider::Vimeo => {
            "si la commune l'accepte, ajoutez integrations = [\"vimeo\"] dans [vie_privee] de commune.toml (la vidéo ne se chargera qu'au clic du visiteur) ; sinon, faites un simple lien : [titre](adresse)."
        }
        EmbedProvider::Openstreetmap => {
            "si la commune l'accepte, ajoutez integrations = [\"openstreetmap\"] dans [vie_privee] de commune.toml (la carte ne se chargera qu'au clic du visiteur) ; sinon, faites un simple lien : [titre](adresse)."
        }
    }
}

fn is_url_attribute(name: &str) -> bool {
    matches!(
        name,
        "href"
            | "src"
            | "action"
            | "formaction"
            | "data"
            | "poster"
            | "cite"
            | "background"
            | "xlink:href"
            | "ping"
            | "longdesc"
            | "manifest"
            | "codebase"
    )
}

/// The URLs of a `srcset` (`a.jpg 1x, b.jpg 2x`).
fn srcset_urls(srcset: &str) -> impl Iterator<Item = &str> {
    srcset
        .split(',')
        .filter_map(|candidate| candidate.split_ascii_whitespace().next())
}

impl Rewritten {
    /// The findings as error diagnostics on the Markdown line, else on the template.
    pub(crate) fn diagnostics(
        &self,
        site: &Site,
        page: PageId,
        url: &str,
        template: &str,
        templates_dir: &str,
    ) -> Vec<Diagnostic> {
        if self.findings.is_empty() {
            return Vec::new();
        }
        let source = site.pages[page].source.as_ref();
        let text = if self.findings.iter().any(|f| f.line.is_some()) {
            super::source_text(site, page)
        } else {
            String::new()
        };
        self.findings
            .iter()
            .map(|finding| {
                let diagnostic =
                    Diagnostic::error(finding.code, format!("{} (page {url})", finding.message))
                        .with_hint(finding.hint);
                match (finding.line, source) {
                    (Some(line), Some(source)) => diagnostic.at(&source.display, &text, line, 1),
                    _ => diagnostic.in_file(&format!("{templates_dir}/{template}")),
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::EmbedProvider;

    fn run(html: &str, policy: &Policy) -> Rewritten {
        rewrite(html, policy, &Downloads::new(), &HashMap::new()).unwrap()
    }

    #[test]
    fn download_links_tell_format_and_size_once() {
        let table: Downloads = [(
            "/actes/d.pdf".to_owned(),
            Download {
                format: "PDF",
                bytes: 250_000,
            },
        )]
        .into();
        let html = concat!(
            r#"<p><a href="/actes/d.pdf">Délibération du <em>11 juillet</em> 2024</a> "#,
            r#"<a href="/actes/d.pdf">Délibération (PDF, 245 Ko)</a> "#,
            r#"<a href="/actes/autre.pdf">Autre</a> <a href="/page/">Page</a></p>"#
        );
        let out = rewrite(html, &Policy::default(), &table, &HashMap::new()).unwrap();
        assert_eq!(
            out.html,
            concat!(
                r#"<p><a href="/actes/d.pdf">Délibération du <em>11 juillet</em> 2024 (PDF, 245 Ko)</a> "#,
                r#"<a href="/actes/d.pdf">Délibération (PDF, 245 Ko)</a> "#,
                r#"<a href="/actes/autre.pdf">Autre</a> <a href="/page/">Page</a></p>"#
            )
        );
    }

    #[test]
    fn converted_images_of_the_markdown_get_their_widths() {
        use crate::images::{Rendition, Stored, Variant};
        let variant = |width: u32, height: u32| Variant {
            width,
            height,
            url: format!("/m/photo-{width}w.jpg"),
            file: format!("x-{width}.jpg"),
            stored: Stored::Bytes(std::sync::Arc::from(&b""[..])),
        };
        let rendition = Rendition {
            variants: vec![variant(480, 320), variant(1200, 800)],
        };
        let images = HashMap::from([("/m/photo.jpg".to_owned(), rendition)]);
        let html = concat!(
            r#"<header><img src="/m/photo.jpg" alt=""></header><main><!--l:4-->"#,
            r#"<p><img src="/m/photo.jpg" alt="Port" /></p><!--l:0--></main>"#
        );
        let out = rewrite(html, &Policy::default(), &Downloads::new(), &images).unwrap();
        assert_eq!(
            out.html,
            concat!(
                r#"<header><img src="/m/photo.jpg" alt=""></header><main><!--l:4-->"#,
                r#"<p><img src="/m/photo-1200w.jpg" alt="Port" "#,
                r#"srcset="/m/photo-480w.jpg 480w, /m/photo-1200w.jpg 1200w" "#,
                r#"sizes="(max-width: 48rem) calc(100vw - 2rem), 46rem" width="1200" "#,
                r#"height="800" loading="lazy" decoding="async" /></p><!--l:0--></main>"#
            )
        );
    }

    fn codes(out: &Rewritten) -> Vec<(&'static str, Option<u32>)> {
        out.findings.iter().map(|f| (f.code, f.line)).collect()
    }

    #[test]
    fn new_window_links_get_noopener() {
        let out = run(
            r#"<a href="https://x.example" target="_blank">x</a>"#,
            &Policy::default(),
        );
        assert!(out.html.contains(r#"rel="noopener noreferrer""#));
    }

    #[test]
    fn third_party_resources_are_refused_at_their_markdown_line() {
        let html = concat!(
            r#"<head><link rel="stylesheet" href="https://fonts.example/css"></head><main>"#,
            r#"<!--l:4--><p><img src="https://cdn.example/a.png" alt="a"></p>"#,
            r#"<!--l:6--><p><img src="/local.png" alt="b"><a href="https://ailleurs.example/">lien</a></p>"#,
            r#"<!--l:0--><script src="//cdn.example/x.js"></script></main>"#
        );
        let out = run(html, &Policy::default());
        assert_eq!(
            codes(&out),
            vec![
                ("vie-privee.tiers", None),
                ("vie-privee.tiers", Some(4)),
                ("vie-privee.tiers", None)
            ]
        );
    }

    #[test]
    fn allowed_origins_pass() {
        let policy = Policy {
            third_parties: vec!["https://medias.metropole.example".into()],
            ..Policy::for_tests()
        };
        let out = run(
            r#"<img src="https://medias.metropole.example/a.png" alt="a">"#,
            &policy,
        );
        assert!(out.findings.is_empty());
    }

    #[test]
    fn embeds_become_placeholders_only_when_allowed() {
        let html = r#"<html><head></head><body><p><img src="https://www.youtube.com/watch?v=M7lc1UVf-VE" alt="Conseil &amp; vote"></p></body></html>"#;
        let refused = run(html, &Policy::default());
        assert_eq!(codes(&refused), vec![("vie-privee.integration", None)]);
        let policy = Policy {
            embeds: vec![EmbedProvider::Youtube],
            ..Policy::for_tests()
        };
        let out = run(html, &policy);
        assert!(out.findings.is_empty());
        assert!(!out.html.contains("<img"));
        assert!(out.html.contains("Conseil &amp; vote"), "{}", out.html);
        assert!(out.html.contains(EMBED_STYLESHEET));
        assert!(out.html.contains(&format!(
            r#"<script src="{EMBED_SCRIPT}" defer></script></body>"#
        )));
    }

    #[test]
    fn inline_code_is_refused_and_alignment_becomes_a_class() {
        let out = run(
            r#"<script>alert(1)</script><script type="application/ld+json">{}</script><p onclick="x()" style="color:red"><a href="javascript:x()">a</a></p><td style="text-align: center">1</td>"#,
            &Policy::default(),
        );
        assert_eq!(
            codes(&out).into_iter().map(|(c, _)| c).collect::<Vec<_>>(),
            vec![
                "securite.script-en-ligne",
                "securite.gestionnaire",
                "securite.style-en-ligne",
                "securite.adresse"
            ]
        );
        assert!(
            out.html.contains(r#"<td class="alignement-centre">1</td>"#),
            "{}",
            out.html
        );
    }

    #[test]
    fn analytics_loader_goes_in_the_head() {
        let policy = Policy {
            analytics: Some(crate::privacy::AnalyticsSetup {
                origin: "https://stats.example".into(),
                base: "https://stats.example/".into(),
                site_id: 7,
            }),
            ..Policy::for_tests()
        };
        let out = run(
            "<html><head><title>t</title></head><body></body></html>",
            &policy,
        );
        assert!(out.html.contains(r#"<script src="/theme/mesure-audience.js" data-matomo="https://stats.example/" data-site="7" defer></script></head>"#), "{}", out.html);
    }
}
