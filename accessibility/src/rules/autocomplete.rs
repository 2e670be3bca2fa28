//! # 11.13.1 — Finalité des champs personnels (autocomplete)
//!
//! ## Ce que la règle vérifie
//!
//! - Chaque attribut `autocomplete` a une valeur valide : `on`, `off`, ou une suite de jetons
//!   HTML (`section-…`, `shipping`/`billing`, `home`/`work`/`mobile`/`fax`/`pager`, puis un nom de
//!   champ comme `email`, `family-name`, `postal-code`…) (erreur sinon) ;
//! - à vérifier : un champ de type `email` ou `tel`, ou dont le nom évoque une donnée
//!   personnelle (nom, prénom, courriel, téléphone, adresse, code postal, ville), sans
//!   `autocomplete`.
//!
//! ## Pourquoi
//!
//! `autocomplete` permet au navigateur de remplir le champ et aux outils d’adaptation
//! d’afficher une icône : moins de saisie pour les personnes qui ont du mal à écrire.
//!
//! ## Exemple en échec
//!
//! ```html
//! <label for="tel">Téléphone</label>
//! <input type="tel" id="tel" autocomplete="telephone">
//! ```
//!
//! ## Correction
//!
//! ```html
//! <label for="tel">Téléphone</label>
//! <input type="tel" id="tel" autocomplete="tel">
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 11.13, test 11.13.1 (axe-core : `autocomplete-valid`). Erreur certaine pour une
//! valeur invalide.

use crate::context::{Cx, Out};
use crate::dom::Element;
use crate::rules::Rule;
use crate::rules::input_type;

const FIELDS: &[&str] = &[
    "name",
    "honorific-prefix",
    "given-name",
    "additional-name",
    "family-name",
    "honorific-suffix",
    "nickname",
    "username",
    "new-password",
    "current-password",
    "one-time-code",
    "organization-title",
    "organization",
    "street-address",
    "address-line1",
    "address-line2",
    "address-line3",
    "address-level4",
    "address-level3",
    "address-level2",
    "address-level1",
    "country",
    "country-name",
    "postal-code",
    "cc-name",
    "cc-given-name",
    "cc-additional-name",
    "cc-family-name",
    "cc-number",
    "cc-exp",
    "cc-exp-month",
    "cc-exp-year",
    "cc-csc",
    "cc-type",
    "transaction-currency",
    "transaction-amount",
    "language",
    "bday",
    "bday-day",
    "bday-month",
    "bday-year",
    "sex",
    "url",
    "photo",
];

const CONTACT_FIELDS: &[&str] = &[
    "tel",
    "tel-country-code",
    "tel-national",
    "tel-area-code",
    "tel-local",
    "tel-local-prefix",
    "tel-local-suffix",
    "tel-extension",
    "email",
    "impp",
];

const PERSONAL_HINTS: &[&str] = &[
    "email", "courriel", "mail", "tel", "phone", "nom", "prenom", "prénom", "name", "adresse",
    "address", "postal", "ville", "city",
];

/// `true` when `value` follows the HTML autofill grammar.
pub(crate) fn valid(value: &str) -> bool {
    let tokens: Vec<String> = value
        .split_ascii_whitespace()
        .map(str::to_ascii_lowercase)
        .collect();
    let mut t: &[String] = &tokens;
    if let [only] = t {
        if only == "on" || only == "off" {
            return true;
        }
    }
    if t.first().is_some_and(|s| s.starts_with("section-")) {
        t = &t[1..];
    }
    if t.first().is_some_and(|s| s == "shipping" || s == "billing") {
        t = &t[1..];
    }
    if t.last().is_some_and(|s| s == "webauthn") {
        t = &t[..t.len() - 1];
    }
    match t {
        [field] => FIELDS.contains(&field.as_str()) || CONTACT_FIELDS.contains(&field.as_str()),
        [kind, field] => {
            matches!(kind.as_str(), "home" | "work" | "mobile" | "fax" | "pager")
                && CONTACT_FIELDS.contains(&field.as_str())
        }
        _ => false,
    }
}

#[derive(Default)]
pub(crate) struct Autocomplete;

impl Rule for Autocomplete {
    fn tags(&self) -> &'static [&'static str] {
        &["input", "select", "textarea"]
    }

    fn events(&self) -> super::Events {
        super::Events::START
    }

    fn start(&mut self, _cx: &Cx<'_>, el: &Element, out: &mut Out<'_>) {
        if !el.is_labelable_field() {
            return;
        }
        if let Some(value) = el.attr("autocomplete") {
            if !valid(value) {
                out.error(
                    el.offset,
                    format!("autocomplete=\"{value}\" n’est pas une valeur valide (par exemple email, tel, family-name, postal-code)."),
                );
            }
            return;
        }
        let ty = input_type(el);
        let key = format!(
            "{} {}",
            el.attr("name").unwrap_or_default(),
            el.attr("id").unwrap_or_default()
        )
        .to_lowercase();
        let personal = (el.name == "input" && (ty == "email" || ty == "tel"))
            || key
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| PERSONAL_HINTS.contains(&w));
        if personal && !matches!(ty.as_str(), "checkbox" | "radio" | "search" | "password") {
            out.review(
                el.offset,
                "Champ de donnée personnelle sans autocomplete : ajoutez la valeur qui convient (email, tel, family-name…).",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::valid;

    #[test]
    fn autofill_grammar() {
        for ok in [
            "email",
            "on",
            "OFF",
            "section-a shipping postal-code",
            "work email",
            "tel webauthn",
        ] {
            assert!(valid(ok), "{ok}");
        }
        for bad in ["telephone", "", "work family-name", "email email", "mail"] {
            assert!(!valid(bad), "{bad}");
        }
    }
}
