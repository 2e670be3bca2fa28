//! The privacy and security rules of every element of a page, read in the RGAA checker's pass
//! over the final HTML ([`accessibility::check_page_visiting`]): what is published is what is
//! checked, the rewrite's additions included.
//!
//! 1. Privacy by default (see [`crate::privacy`]): a script, stylesheet, image, font, frame,
//!    video or audio source from another origin is an error, unless the commune allows that
//!    origin in `[vie_privee]`; so is an embed (`![titre](https://youtu.be/…)`) of a provider
//!    the commune has not accepted.
//! 2. The page must work under the site's Content-Security-Policy: inline scripts and styles,
//!    event-handler attributes and `javascript:` URLs are errors (Markdown content has been
//!    sanitised before; what is left comes from a template).

use accessibility::StartTag;

use super::PageTrace;
use crate::diagnostic::Diagnostic;
use crate::model::Site;
use crate::privacy::embed::{self, facts};
use crate::privacy::{Policy, Target};

/// A privacy or security error on one element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub code: &'static str,
    pub message: String,
    pub hint: &'static str,
    /// Byte offset of the element's start tag in the checked HTML.
    pub offset: usize,
}

impl Finding {
    /// An error on the Markdown line the element came from, else on the page's template.
    pub(crate) fn diagnostic(
        &self,
        site: &Site,
        url: &str,
        trace: &PageTrace,
        source_text: &str,
        templates_dir: &str,
    ) -> Diagnostic {
        let diagnostic = Diagnostic::error(self.code, format!("{} (page {url})", self.message))
            .with_hint(self.hint);
        match trace.markdown_source(site, self.offset) {
            Some((line, source)) => diagnostic.at(&source.display, source_text, line, 1),
            None => diagnostic.in_file(&trace.template_file(templates_dir)),
        }
    }
}

/// The findings of one page, gathered tag by tag.
pub(crate) struct Scan<'p> {
    policy: &'p Policy,
    pub(crate) findings: Vec<Finding>,
    /// The start tag being checked.
    offset: usize,
}

const THIRD_PARTY_HINT: &str = "enregistrez le fichier dans le dossier de la commune et désignez-le par son chemin ; ou, si la commune l'accepte, déclarez ce site dans [vie_privee] (table [[vie_privee.tiers]]) de commune.toml : il sera déclaré dans la page Données personnelles et autorisé par les en-têtes de sécurité.";
const CSP_HINT: &str = "la politique de sécurité du site (Content-Security-Policy) n'autorise que les scripts et styles en fichiers du thème : déplacez ce code dans un fichier du dossier static du thème.";

impl<'p> Scan<'p> {
    pub(crate) fn new(policy: &'p Policy) -> Self {
        Scan {
            policy,
            findings: Vec::new(),
            offset: 0,
        }
    }

    fn report(&mut self, code: &'static str, message: String, hint: &'static str) {
        self.findings.push(Finding {
            code,
            message,
            hint,
            offset: self.offset,
        });
    }

    fn resource(&mut self, what: &str, url: &str) {
        if let Some((code, message, hint)) = refused_resource(self.policy, what, url) {
            self.report(code, message, hint);
        }
    }

    /// Every check of one start tag.
    pub(crate) fn check(&mut self, start: &StartTag<'_, '_>) {
        self.offset = start.offset();
        let policy = self.policy;
        let tag = start.name();
        for (name, value) in start.attributes() {
            if name.starts_with("on") {
                self.report(
                    "securite.gestionnaire",
                    format!(
                        "attribut « {name} » sur <{tag}> : un gestionnaire d'événement est un script en ligne"
                    ),
                    CSP_HINT,
                );
            } else if is_url_attribute(name) {
                if let Target::Scheme(scheme) = policy.target(value) {
                    if matches!(scheme.as_str(), "javascript" | "vbscript" | "data") {
                        self.report(
                            "securite.adresse",
                            format!("adresse « {scheme}: » dans l'attribut « {name} » de <{tag}>"),
                            "seules les adresses web, de courriel et de téléphone sont acceptées.",
                        );
                    }
                }
            }
        }
        let get = |name: &str| start.attribute(name);
        match tag {
            "script" => match get("src") {
                Some(src) => self.resource("script", src),
                None => {
                    let data_block = get("type").is_some_and(|t| {
                        matches!(
                            t.trim().to_ascii_lowercase().as_str(),
                            "application/ld+json" | "application/json"
                        )
                    });
                    if !data_block {
                        self.report(
                            "securite.script-en-ligne",
                            "script écrit dans la page : bloqué par la politique de sécurité du site"
                                .to_owned(),
                            CSP_HINT,
                        );
                    }
                }
            },
            "style" => self.report(
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
                    self.resource("ressource (link)", href);
                }
            }
            "img" => {
                if let Some(src) = get("src") {
                    match embed::recognise(src) {
                        // The rewrite made it a click-to-load placeholder.
                        Some(found) if policy.allows_embed(found.provider) => {}
                        Some(found) => {
                            let name = facts(found.provider).name;
                            self.report(
                                "vie-privee.integration",
                                format!(
                                    "intégration {name} non autorisée : la commune n'a pas accepté ce service tiers"
                                ),
                                embed_hint(found.provider),
                            );
                        }
                        None => self.resource("image", src),
                    }
                }
                if let Some(srcset) = get("srcset") {
                    for url in srcset_urls(srcset) {
                        self.resource("image", url);
                    }
                }
            }
            "iframe" | "frame" => {
                if get("srcdoc").is_some() {
                    self.report(
                        "securite.cadre",
                        format!(
                            "<{tag} srcdoc> : un cadre ne peut pas contenir de code écrit dans la page"
                        ),
                        CSP_HINT,
                    );
                }
                if let Some(src) = get("src") {
                    self.resource("cadre (iframe)", src);
                }
            }
            "object" | "embed" | "applet" => self.report(
                "securite.objet",
                format!(
                    "balise <{tag}> : les objets et greffons sont bloqués par la politique de sécurité du site"
                ),
                "publiez le document en lien de téléchargement, ou la vidéo avec ![titre](adresse de la vidéo).",
            ),
            "video" | "audio" | "source" | "track" | "input" => {
                if let Some(src) = get("src") {
                    self.resource("média", src);
                }
                if let Some(poster) = get("poster") {
                    self.resource("image", poster);
                }
                if let Some(srcset) = get("srcset") {
                    for url in srcset_urls(srcset) {
                        self.resource("image", url);
                    }
                }
            }
            "base" => {
                if let Some(href) = get("href") {
                    if policy.target(href) != Target::Local {
                        self.report(
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
                    "refresh" => self.report(
                        "securite.redirection",
                        "<meta http-equiv=\"refresh\"> : redirection ou rechargement automatique"
                            .to_owned(),
                        "faites un lien vers la page visée : une redirection automatique désoriente (RGAA 13.1) et peut mener vers un autre site.",
                    ),
                    "set-cookie" => self.report(
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
                        self.report(
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
                self.resource("signal (ping)", url);
            }
        }
        // The alignment of table cells, the one inline style Markdown writes, became a class in
        // the rewrite.
        if get("style").is_some() {
            self.report(
                "securite.style-en-ligne",
                format!(
                    "attribut « style » sur <{tag}> : bloqué par la politique de sécurité du site"
                ),
                CSP_HINT,
            );
        }
    }
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

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::config::EmbedProvider;
    use crate::downloads::Downloads;

    /// (code, Markdown line) of the findings on `html` rewritten, as the build reads it.
    fn findings(html: &str, policy: &Policy) -> Vec<(&'static str, Option<u32>)> {
        let rewritten =
            super::super::rewrite(html, policy, &Downloads::new(), &HashMap::new()).unwrap();
        let (html, markers) = super::super::strip_markers(&rewritten);
        let reading = super::super::read(&html, policy);
        let line = |f: &Finding| super::super::markdown_line(&markers, f.offset);
        reading.policy.iter().map(|f| (f.code, line(f))).collect()
    }

    #[test]
    fn third_party_resources_are_refused_at_their_markdown_line() {
        let html = concat!(
            r#"<head><link rel="stylesheet" href="https://fonts.example/css"></head><main>"#,
            r#"<!--l:4--><p><img src="https://cdn.example/a.png" alt="a"></p>"#,
            r#"<!--l:6--><p><img src="/local.png" alt="b"><a href="https://ailleurs.example/">lien</a></p>"#,
            r#"<!--l:0--><script src="//cdn.example/x.js"></script></main>"#
        );
        assert_eq!(
            findings(html, &Policy::default()),
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
        let html = r#"<img src="https://medias.metropole.example/a.png" alt="a">"#;
        assert_eq!(findings(html, &policy), []);
    }

    #[test]
    fn embeds_are_refused_unless_allowed() {
        let html = r#"<html><head></head><body><p><img src="https://www.youtube.com/watch?v=M7lc1UVf-VE" alt="Conseil &amp; vote"></p></body></html>"#;
        let refused = findings(html, &Policy::default());
        assert_eq!(refused, vec![("vie-privee.integration", None)]);
        let policy = Policy {
            embeds: vec![EmbedProvider::Youtube],
            ..Policy::for_tests()
        };
        assert_eq!(findings(html, &policy), []);
    }

    #[test]
    fn inline_code_is_refused_but_not_the_alignment_of_table_cells() {
        let html = concat!(
            r#"<script>alert(1)</script><script type="application/ld+json">{}</script>"#,
            r#"<p onclick="x()" style="color:red"><a href="javascript:x()">a</a></p>"#,
            r#"<table><tr><td style="text-align: center">1</td></tr></table>"#
        );
        let codes: Vec<_> = findings(html, &Policy::default())
            .into_iter()
            .map(|(code, _)| code)
            .collect();
        assert_eq!(
            codes,
            vec![
                "securite.script-en-ligne",
                "securite.gestionnaire",
                "securite.style-en-ligne",
                "securite.adresse"
            ]
        );
    }
}
