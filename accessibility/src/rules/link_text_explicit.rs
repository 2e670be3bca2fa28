//! # 6.1.1 — Intitulé de lien peu explicite
//!
//! ## Ce que la règle vérifie
//!
//! Signale les liens dont l’intitulé seul ne dit rien de la destination (« ici », « en savoir
//! plus », « lire la suite », « cliquez ici »…) : une personne vérifie que le contexte (phrase,
//! titre, paragraphe) suffit.
//!
//! ## Pourquoi
//!
//! La liste des liens d’une page est un moyen courant de naviguer ; « en savoir plus » dix
//! fois n’y aide personne.
//!
//! ## Exemple en échec
//!
//! ```html
//! <p>Le conseil municipal se réunit jeudi. <a href="/conseil/">En savoir plus</a></p>
//! ```
//!
//! ## Correction
//!
//! ```html
//! <p>Le conseil municipal se réunit jeudi. <a href="/conseil/">Ordre du jour du conseil municipal</a></p>
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 6.1, test 6.1.1. À vérifier : le contexte du lien peut suffire.

use crate::context::{Cx, Out};
use crate::dom::Frame;
use crate::rules::Rule;
use crate::text::{fold, fold_at_most};

const VAGUE: &[&str] = &[
    "ici",
    "cliquez ici",
    "cliquer ici",
    "clic ici",
    "en savoir plus",
    "savoir plus",
    "lire la suite",
    "la suite",
    "suite",
    "lire plus",
    "plus",
    "voir",
    "voir plus",
    "voir la suite",
    "lien",
    "ce lien",
    "cette page",
    "page",
    "télécharger",
    "consulter",
    "détails",
    "plus de détails",
    "plus d’infos",
    "plus d infos",
    "plus dinfos",
    "plus d’informations",
    "plus d informations",
    "more",
    "read more",
    "click here",
    "here",
    "link",
    "en lire plus",
    "découvrir",
    "accéder",
];

/// `VAGUE`, folded once, and the length of the longest one.
fn vague() -> &'static (Vec<String>, usize) {
    static FOLDED: std::sync::OnceLock<(Vec<String>, usize)> = std::sync::OnceLock::new();
    FOLDED.get_or_init(|| {
        let folded: Vec<String> = VAGUE.iter().map(|v| fold(v)).collect();
        let longest = folded.iter().map(String::len).max().unwrap_or(0);
        (folded, longest)
    })
}

#[derive(Default)]
pub(crate) struct LinkTextExplicit;

impl Rule for LinkTextExplicit {
    fn tags(&self) -> &'static [&'static str] {
        &["a"]
    }

    fn events(&self) -> super::Events {
        super::Events::END
    }

    fn end(&mut self, cx: &Cx<'_>, frame: &Frame, out: &mut Out<'_>) {
        let el = &frame.el;
        if !el.has("href") || el.aria_hidden() || cx.hidden() {
            return;
        }
        let name = match el.attr_filled("aria-label") {
            Some(label) => label,
            None => frame.norm_text(),
        };
        // Every vague text is short: a name is folded no further than the longest one.
        let (vague, longest) = vague();
        let vague_text = fold_at_most(name, *longest).is_some_and(|folded| vague.contains(&folded));
        if vague_text {
            out.review(
                el.offset,
                format!("Intitulé de lien « {name} » peu explicite : vérifiez que le contexte suffit, sinon nommez la destination."),
            );
        }
    }
}
