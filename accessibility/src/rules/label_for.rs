//! # 11.1.2 — Étiquette reliée à un champ absent
//!
//! ## Ce que la règle vérifie
//!
//! Chaque `<label for="x">` désigne un `id` qui existe dans la page, porté par un élément
//! qui peut être étiqueté (`<input>`, `<select>`, `<textarea>`, `<button>`, `<meter>`,
//! `<output>`, `<progress>`).
//!
//! ## Pourquoi
//!
//! Une étiquette qui ne désigne rien laisse le champ sans nom, et le clic sur l’étiquette
//! ne place plus le curseur dans le champ.
//!
//! ## Exemple en échec
//!
//! ```html
//! <label for="nom">Nom</label>
//! <input type="text" id="name" autocomplete="family-name">
//! ```
//!
//! ## Correction
//!
//! ```html
//! <label for="nom">Nom</label>
//! <input type="text" id="nom" autocomplete="family-name">
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 11.1, test 11.1.2. Erreur certaine.

use crate::context::{Cx, DocInfo, Out, Page};
use crate::dom::Element;
use crate::rules::Rule;

const LABELABLE: &[&str] = &[
    "input", "select", "textarea", "button", "meter", "output", "progress",
];

#[derive(Default)]
pub(crate) struct LabelFor {
    pending: Vec<(usize, String)>,
}

impl Rule for LabelFor {
    fn tags(&self) -> &'static [&'static str] {
        &["label"]
    }

    fn events(&self) -> super::Events {
        super::Events::START
    }

    fn start(&mut self, _cx: &Cx<'_>, el: &Element, _out: &mut Out<'_>) {
        if let Some(id) = el.attr_filled("for") {
            self.pending.push((el.offset, id.to_owned()));
        }
    }

    fn finish(&mut self, page: &Page, _doc: &DocInfo, out: &mut Out<'_>) {
        for (offset, id) in self.pending.drain(..) {
            match page.ids.get(id.as_str()) {
                None => out.error(
                    offset,
                    format!("<label for=\"{id}\"> : aucun champ n’a l’id « {id} » ; donnez cet id au champ."),
                ),
                Some(info) if !LABELABLE.contains(&&*info.tag) => out.error(
                    offset,
                    format!("<label for=\"{id}\"> désigne un <{}>, pas un champ de formulaire.", info.tag),
                ),
                Some(_) => {}
            }
        }
    }
}
