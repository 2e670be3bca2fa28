//! # 7.1.1 — Rôles et attributs ARIA invalides
//!
//! ## Ce que la règle vérifie
//!
//! - Chaque attribut `aria-*` existe dans WAI-ARIA 1.2 (`aria-labeledby` mal orthographié,
//!   par exemple, est une erreur) ;
//! - chaque attribut `role` contient au moins un rôle ARIA 1.2 concret (les rôles abstraits comme
//!   `widget` ou `landmark` sont interdits ; `doc-*` et `graphics-*` sont acceptés) ;
//! - les états booléens (`aria-hidden`, `aria-expanded`, `aria-checked`…) valent `true` ou
//!   `false` (ou `mixed` quand c’est permis).
//!
//! ## Pourquoi
//!
//! Un rôle ou un état inconnu est ignoré : le composant est restitué sans son nom, son rôle
//! ou son état.
//!
//! ## Exemple en échec
//!
//! ```html
//! <button type="button" aria-expanded="oui" aria-labeledby="titre-menu">Menu</button>
//! <div role="navbar">…</div>
//! ```
//!
//! ## Correction
//!
//! ```html
//! <button type="button" aria-expanded="false" aria-labelledby="titre-menu">Menu</button>
//! <nav>…</nav>
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 7.1, test 7.1.1 (axe-core : `aria-roles`, `aria-valid-attr`,
//! `aria-valid-attr-value`). Erreur certaine.

use std::borrow::Cow;
use std::sync::OnceLock;

use crate::Severity;
use crate::context::{Cx, Out};
use crate::dom::Element;
use crate::rules::Rule;

const ROLES: &str = "alert alertdialog application article banner blockquote button caption \
cell checkbox code columnheader combobox comment complementary contentinfo definition deletion \
dialog directory document emphasis feed figure form generic grid gridcell group heading img \
image insertion link list listbox listitem log main mark marquee math menu menubar menuitem \
menuitemcheckbox menuitemradio meter navigation none note option paragraph presentation \
progressbar radio radiogroup region row rowgroup rowheader scrollbar search searchbox separator \
slider spinbutton status strong subscript suggestion superscript switch tab table tablist \
tabpanel term textbox time timer toolbar tooltip tree treegrid treeitem";

const ATTRIBUTES: &str = "activedescendant atomic autocomplete braillelabel \
brailleroledescription busy checked colcount colindex colindextext colspan controls current \
describedby description details disabled dropeffect errormessage expanded flowto grabbed \
haspopup hidden invalid keyshortcuts label labelledby level live modal multiline \
multiselectable orientation owns placeholder posinset pressed readonly relevant required \
roledescription rowcount rowindex rowindextext rowspan selected setsize sort valuemax valuemin \
valuenow valuetext";

/// States whose value is `true`/`false` (`undefined` allowed), and those that also take `mixed`.
const BOOLEAN: &[&str] = &[
    "aria-atomic",
    "aria-busy",
    "aria-disabled",
    "aria-expanded",
    "aria-hidden",
    "aria-modal",
    "aria-multiline",
    "aria-multiselectable",
    "aria-readonly",
    "aria-required",
    "aria-selected",
    "aria-grabbed",
];
const TRISTATE: &[&str] = &["aria-checked", "aria-pressed"];

/// The words of a list, sorted once for binary search.
fn sorted(list: &'static str) -> Vec<&'static str> {
    let mut words: Vec<&'static str> = list.split_ascii_whitespace().collect();
    words.sort_unstable();
    words
}

fn valid_role(role: &str) -> bool {
    static SORTED: OnceLock<Vec<&'static str>> = OnceLock::new();
    let role: Cow<'_, str> = if role.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(role.to_ascii_lowercase())
    } else {
        Cow::Borrowed(role)
    };
    role.starts_with("doc-")
        || role.starts_with("graphics-")
        || SORTED
            .get_or_init(|| sorted(ROLES))
            .binary_search(&&*role)
            .is_ok()
}

fn known_attribute(suffix: &str) -> bool {
    static SORTED: OnceLock<Vec<&'static str>> = OnceLock::new();
    SORTED
        .get_or_init(|| sorted(ATTRIBUTES))
        .binary_search(&suffix)
        .is_ok()
}

#[derive(Default)]
pub(crate) struct AriaValidity;

impl Rule for AriaValidity {
    fn tags(&self) -> &'static [&'static str] {
        &["*"]
    }

    fn events(&self) -> super::Events {
        super::Events::START_WITH_ATTRIBUTES
    }

    fn start(&mut self, _cx: &Cx<'_>, el: &Element, out: &mut Out<'_>) {
        if let Some(role) = el.attr("role").filter(|r| !r.trim().is_empty()) {
            if !role.split_ascii_whitespace().any(valid_role) {
                out.push(
                    Severity::Error,
                    el.offset,
                    format!(
                        "role=\"{role}\" n’est pas un rôle ARIA valide : corrigez-le ou retirez-le."
                    ),
                    Some("aria-roles"),
                );
            }
        }
        for a in &el.attrs {
            let Some(suffix) = a.name.strip_prefix("aria-") else {
                continue;
            };
            if !known_attribute(suffix) {
                out.push(
                    Severity::Error,
                    el.offset,
                    format!(
                        "Attribut {} inconnu de WAI-ARIA : vérifiez son orthographe.",
                        a.name
                    ),
                    Some("aria-valid-attr"),
                );
                continue;
            }
            let value = a.value.trim();
            let is = |words: &[&str]| words.iter().any(|w| value.eq_ignore_ascii_case(w));
            let ok = if BOOLEAN.contains(&&*a.name) {
                is(&["true", "false", "undefined"])
            } else if TRISTATE.contains(&&*a.name) {
                is(&["true", "false", "mixed", "undefined"])
            } else {
                true
            };
            if !ok {
                out.push(
                    Severity::Error,
                    el.offset,
                    format!(
                        "{}=\"{}\" : la valeur doit être true ou false.",
                        a.name, a.value
                    ),
                    Some("aria-valid-attr-value"),
                );
            }
        }
    }
}
