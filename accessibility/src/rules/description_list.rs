//! # 9.3.3 — Liste de description mal structurée
//!
//! ## Ce que la règle vérifie
//!
//! Un `<dl>` ne contient directement que `<dt>`, `<dd>`, `<div>` (qui regroupe des `<dt>`/
//! `<dd>`), `<script>` ou `<template>` ; chaque `<dt>` et `<dd>` est dans un `<dl>` (directement
//! ou via un `<div>`).
//!
//! ## Pourquoi
//!
//! Hors de cette structure, les termes et leurs définitions ne sont plus associés.
//!
//! ## Exemple en échec
//!
//! ```html
//! <dl>
//!   <p>Adresse</p>
//!   <dd>1 place de la Mairie</dd>
//! </dl>
//! ```
//!
//! ## Correction
//!
//! ```html
//! <dl>
//!   <dt>Adresse</dt>
//!   <dd>1 place de la Mairie</dd>
//! </dl>
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 9.3, test 9.3.3 (axe-core : `definition-list`, `dlitem`). Erreur certaine.

use crate::context::{Cx, Out};
use crate::dom::Element;
use crate::dom::Frame;
use crate::rules::Rule;

#[derive(Default)]
pub(crate) struct DescriptionList;

impl Rule for DescriptionList {
    fn tags(&self) -> &'static [&'static str] {
        &["*"]
    }

    fn events(&self) -> super::Events {
        super::Events::START
    }

    fn start(&mut self, cx: &Cx<'_>, el: &Element, out: &mut Out<'_>) {
        let parent = cx.parent().map(Frame::name);
        if parent == Some("dl") && !matches!(el.name(), "dt" | "dd" | "div" | "script" | "template")
        {
            out.push(
                crate::Severity::Error,
                el.offset,
                format!("<{}> directement dans <dl> : une liste de description ne contient que <dt> et <dd>.", el.name),
                Some("definition-list"),
            );
        }
        if matches!(el.name(), "dt" | "dd") {
            let n = cx.stack.len();
            let in_dl = parent == Some("dl")
                || (parent == Some("div") && n >= 2 && cx.stack[n - 2].name() == "dl");
            if !in_dl {
                out.push(
                    crate::Severity::Error,
                    el.offset,
                    format!(
                        "<{}> hors d’un <dl> : placez-le dans une liste de description.",
                        el.name
                    ),
                    Some("dlitem"),
                );
            }
        }
    }
}
