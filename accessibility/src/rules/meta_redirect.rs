//! # 13.1.2 — Redirection différée
//!
//! ## Ce que la règle vérifie
//!
//! Chaque redirection par `<meta http-equiv="refresh" content="N; url=…">` est immédiate
//! (`N` = 0).
//!
//! ## Pourquoi
//!
//! Une redirection différée emmène l’utilisateur ailleurs pendant qu’il lit.
//!
//! ## Exemple en échec
//!
//! ```html
//! <meta http-equiv="refresh" content="5; url=/nouvelle-adresse/">
//! ```
//!
//! ## Correction
//!
//! ```html
//! <meta http-equiv="refresh" content="0; url=/nouvelle-adresse/">
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 13.1, test 13.1.2 (axe-core : `meta-refresh`). Erreur certaine.

use crate::context::{Cx, Out};
use crate::dom::Element;
use crate::rules::Rule;
use crate::rules::meta_refresh::parse_refresh;

#[derive(Default)]
pub(crate) struct MetaRedirect;

impl Rule for MetaRedirect {
    fn tags(&self) -> &'static [&'static str] {
        &["meta"]
    }

    fn events(&self) -> super::Events {
        super::Events::START
    }

    fn start(&mut self, _cx: &Cx<'_>, el: &Element, out: &mut Out<'_>) {
        if let Some((delay, Some(url))) = parse_refresh(el) {
            if delay > 0.0 {
                out.error(
                    el.offset,
                    format!("Redirection vers {url} après {delay} s : rendez-la immédiate (content=\"0; url=…\")."),
                );
            }
        }
    }
}
