//! # 13.1.1 — Rafraîchissement automatique de la page
//!
//! ## Ce que la règle vérifie
//!
//! Signale chaque `<meta http-equiv="refresh">` sans adresse (la page se recharge elle-même)
//! dont le délai est inférieur à vingt heures.
//!
//! ## Pourquoi
//!
//! La page change sans que l’utilisateur l’ait demandé, et le lecteur d’écran repart du
//! début.
//!
//! ## Exemple en échec
//!
//! ```html
//! <meta http-equiv="refresh" content="300">
//! ```
//!
//! ## Correction
//!
//! ```html
//! <p><a href="">Actualiser la page</a></p>
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 13.1, test 13.1.1 (axe-core : `meta-refresh`). Erreur certaine.

use crate::context::{Cx, Out};
use crate::dom::Element;
use crate::rules::Rule;

/// Twenty hours, the longest limit RGAA accepts without user control.
const TWENTY_HOURS: f64 = 72_000.0;

#[derive(Default)]
pub(crate) struct MetaRefresh;

impl Rule for MetaRefresh {
    fn tags(&self) -> &'static [&'static str] {
        &["meta"]
    }

    fn events(&self) -> super::Events {
        super::Events::START
    }

    fn start(&mut self, _cx: &Cx<'_>, el: &Element, out: &mut Out<'_>) {
        if let Some((delay, None)) = parse_refresh(el) {
            if delay > 0.0 && delay < TWENTY_HOURS {
                out.error(
                    el.offset,
                    format!("La page se recharge toute seule toutes les {delay} s : supprimez ce rafraîchissement automatique."),
                );
            }
        }
    }
}

/// The delay and the target of `<meta http-equiv="refresh" content="…">`.
pub(crate) fn parse_refresh(el: &Element) -> Option<(f64, Option<String>)> {
    if !el.attr_is("http-equiv", "refresh") {
        return None;
    }
    let content = el.attr("content")?.trim();
    let (delay, rest) = content
        .split_once([';', ','])
        .map_or((content, ""), |(d, r)| (d, r));
    let delay: f64 = delay.trim().parse().ok()?;
    let rest = rest.trim();
    let url = rest
        .get(..4)
        .filter(|p| p.eq_ignore_ascii_case("url="))
        .map(|_| rest[4..].trim().to_owned())
        .or_else(|| (!rest.is_empty()).then(|| rest.to_owned()));
    Some((delay, url))
}
