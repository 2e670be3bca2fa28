//! # 8.2.1 — Code source invalide
//!
//! ## Ce que la règle vérifie
//!
//! Vérifie ce qu’une lecture en flux peut établir sans doute possible :
//! - chaque valeur d’`id` est unique dans la page ;
//! - aucun attribut n’est doublé sur un même élément ;
//! - les éléments dont la balise fermante est obligatoire (`<div>`, `<a>`, `<ul>`…) sont
//!   fermés ;
//! - pas de lien dans un lien, de bouton dans un bouton ou un lien, de formulaire dans un
//!   formulaire ;
//! - pas d’élément obsolète en HTML5 (`<acronym>`, `<applet>`, `<frameset>`, `<xmp>`…) ;
//! - la page se lit sans ambiguïté : une balise à contenu brut (`<style>`, `<textarea>`,
//!   `<xmp>`…) dans `<select>` se lit de deux façons ; la lecture s’arrête là, et la suite de
//!   la page n’est pas vérifiée.
//!
//! ## Pourquoi
//!
//! Les technologies d’assistance s’appuient sur l’arbre construit par le navigateur ; un code
//! invalide donne un arbre imprévisible (un `id` doublé casse les `label`, `aria-labelledby` et
//! liens d’évitement).
//!
//! ## Exemple en échec
//!
//! ```html
//! <p id="horaires">Lundi</p>
//! <p id="horaires">Mardi</p>
//! ```
//!
//! ## Correction
//!
//! ```html
//! <p id="horaires-lundi">Lundi</p>
//! <p id="horaires-mardi">Mardi</p>
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 8.2, test 8.2.1 (axe-core : `duplicate-id-aria` pour une partie des `id`).
//! Erreur certaine.

use crate::context::{Cx, DocInfo, Out, Page};
use crate::dom::{Element, Frame, end_tag_optional};
use crate::rules::Rule;

const OBSOLETE: &[&str] = &[
    "acronym",
    "applet",
    "dir",
    "frameset",
    "frame",
    "noframes",
    "isindex",
    "keygen",
    "listing",
    "nextid",
    "noembed",
    "plaintext",
    "xmp",
];

#[derive(Default)]
pub(crate) struct ValidMarkup;

impl Rule for ValidMarkup {
    fn tags(&self) -> &'static [&'static str] {
        &["*"]
    }

    fn start(&mut self, cx: &Cx<'_>, el: &Element, out: &mut Out<'_>) {
        if let Some(id) = el.attr("id").filter(|id| !id.is_empty()) {
            // The walker counts ids before rules see the element: a second one is a duplicate.
            if cx.ids.get(id).is_some_and(|info| info.count > 1) {
                out.error(
                    el.offset,
                    format!("id « {id} » déjà utilisé dans la page : chaque id doit être unique."),
                );
            }
        }
        for (i, a) in el.attrs.iter().enumerate() {
            if el.attrs[..i].iter().any(|b| b.name == a.name) {
                out.error(
                    el.offset,
                    format!(
                        "Attribut {} doublé sur <{}> : gardez-en un seul.",
                        a.name, el.name
                    ),
                );
            }
        }
        let nested = match el.name() {
            "a" => ["a", "button"].into_iter().find(|n| cx.inside(n)),
            "button" => ["a", "button"].into_iter().find(|n| cx.inside(n)),
            "form" => cx.inside("form").then_some("form"),
            _ => None,
        };
        if let Some(outer) = nested {
            out.error(
                el.offset,
                format!(
                    "<{}> placé dans <{outer}> : cette imbrication est interdite.",
                    el.name
                ),
            );
        }
        if OBSOLETE.contains(&el.name()) && cx.doc.is_html5() {
            out.error(
                el.offset,
                format!("<{}> est obsolète en HTML5 : remplacez-le.", el.name),
            );
        }
    }

    fn end(&mut self, cx: &Cx<'_>, frame: &Frame, out: &mut Out<'_>) {
        // A page read only in part: its end tags were not read (see `finish`).
        let unread = cx.doc.unread_from.is_some();
        if frame.explicit_end || end_tag_optional(frame.name()) || cx.foreign() || unread {
            return;
        }
        out.error(
            frame.el.offset,
            format!(
                "<{}> n’est pas fermée : ajoutez </{}> au bon endroit.",
                frame.name(),
                frame.name()
            ),
        );
    }

    fn finish(&mut self, _page: &Page, doc: &DocInfo, out: &mut Out<'_>) {
        if let Some(at) = doc.unread_from {
            out.error(
                at,
                "Code HTML ambigu : une balise à contenu brut (<style>, <textarea>, <title>, \
                 <xmp>, <iframe>, <noscript>…) placée dans <select> peut être lue de deux \
                 façons, et la suite de la page n’a pas été vérifiée : sortez-la de <select>."
                    .to_owned(),
            );
        }
    }
}
