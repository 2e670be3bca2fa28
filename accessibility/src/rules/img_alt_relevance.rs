//! # 1.3.1 — Alternative d’image suspecte
//!
//! ## Ce que la règle vérifie
//!
//! Signale les alternatives (`alt`, `aria-label`) d’images qui ne peuvent pas être pertinentes
//! seules : nom de fichier, adresse web, mot générique (« image », « photo », « logo »…),
//! ponctuation ou chiffres seuls.
//!
//! ## Pourquoi
//!
//! Une alternative doit transmettre l’information de l’image ; « IMG_2034.jpg » ou « photo »
//! n’apprennent rien.
//!
//! ## Exemple en échec
//!
//! ```html
//! <img src="IMG_2034.jpg" alt="IMG_2034.jpg">
//! ```
//!
//! ## Correction
//!
//! ```html
//! <img src="IMG_2034.jpg" alt="Inauguration de la médiathèque, 12 mai">
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 1.3, test 1.3.1. À vérifier : la pertinence se juge en contexte.

use crate::context::{Cx, Out};
use crate::dom::Element;
use crate::rules::Rule;
use crate::text::{excerpt, normalize};

#[derive(Default)]
pub(crate) struct ImgAltRelevance;

const GENERIC: &[&str] = &[
    "image",
    "img",
    "photo",
    "photographie",
    "logo",
    "icone",
    "icône",
    "picto",
    "pictogramme",
    "illustration",
    "graphique",
    "visuel",
    "bannière",
    "banniere",
    "banner",
    "sans titre",
    "untitled",
    "alt",
    "alternative",
    "texte alternatif",
    "picture",
    "icon",
];

const EXTENSIONS: &[&str] = &[
    ".jpg", ".jpeg", ".png", ".gif", ".svg", ".webp", ".avif", ".bmp",
];

/// Why `alt` cannot be relevant on its own, if it cannot.
pub(crate) fn suspicious(alt: &str) -> Option<&'static str> {
    let lower = alt.to_lowercase();
    if EXTENSIONS.iter().any(|e| lower.ends_with(e)) {
        return Some("c’est un nom de fichier");
    }
    if lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("www.") {
        return Some("c’est une adresse web");
    }
    if GENERIC.contains(&lower.as_str()) {
        return Some("c’est un mot générique");
    }
    if !lower.chars().any(char::is_alphabetic) {
        return Some("elle ne contient aucun mot");
    }
    None
}

impl Rule for ImgAltRelevance {
    fn tags(&self) -> &'static [&'static str] {
        &["img", "area", "input"]
    }

    fn events(&self) -> super::Events {
        super::Events::START
    }

    fn start(&mut self, cx: &Cx<'_>, el: &Element, out: &mut Out<'_>) {
        if el.name == "input" && !el.attr_is("type", "image") {
            return;
        }
        if el.aria_hidden() || cx.hidden() {
            return;
        }
        let Some(alt) = el.attr_filled("aria-label").or(el.attr_filled("alt")) else {
            return;
        };
        let alt = normalize(alt);
        if let Some(why) = suspicious(&alt) {
            out.review(
                el.offset,
                format!(
                    "Alternative « {} » peu pertinente ({why}) : décrivez l’information portée par l’image.",
                    excerpt(&alt)
                ),
            );
        }
    }
}
