//! The déclaration d'accessibilité, following the official model
//! (accessibilite.numerique.gouv.fr, « Déclaration d'accessibilité »).

use serde::Serialize;

use crate::config::{CommuneConfig, ConformityState};

/// The `declaration` context of the templates.
#[derive(Debug, Serialize)]
pub struct Declaration {
    /// `totalement conforme`, `partiellement conforme` or `non conforme`.
    etat: &'static str,
    /// An audit was declared (date and rate).
    audite: bool,
    /// Rates in French notation: `87,5`.
    taux: Option<String>,
    taux_moyen: Option<String>,
    auditeur: Option<String>,
    date_audit: Option<String>,
    /// When the declaration was established: declared, else the audit's date.
    date_etablissement: Option<String>,
    date_mise_a_jour: Option<String>,
    non_conformites: Vec<String>,
    derogations: Vec<String>,
    contenus_non_soumis: Vec<String>,
    /// What the site is made with: fixed by the factory, not declared by the commune.
    technologies: Vec<&'static str>,
    environnement_test: Vec<String>,
    outils: Vec<String>,
    pages_verifiees: Vec<String>,
    schema_pluriannuel: Option<String>,
    plan_actions: Option<ActionPlanView>,
    /// Where to report a problem: an e-mail address...
    contact_courriel: String,
    /// ... and, when declared, a page or a form.
    contact_lien: Option<String>,
}

#[derive(Debug, Serialize)]
struct ActionPlanView {
    annee: i16,
    lien: String,
}

impl Declaration {
    pub fn new(config: &CommuneConfig) -> Declaration {
        let audit = &config.accessibility;
        let uses_javascript =
            !config.privacy.embeds.is_empty() || config.privacy.analytics.is_some();
        let mut technologies = vec!["HTML5", "CSS"];
        if uses_javascript {
            technologies.push("JavaScript");
        }
        let (contact_courriel, contact_lien) = match audit.contact.as_deref() {
            Some(contact) if contact.contains('@') && !contact.contains('/') => {
                (contact.to_owned(), None)
            }
            Some(link) => (config.identity.email.clone(), Some(link.to_owned())),
            None => (config.identity.email.clone(), None),
        };
        Declaration {
            etat: match audit.state {
                ConformityState::Totalement => "totalement conforme",
                ConformityState::Partiellement => "partiellement conforme",
                ConformityState::Non => "non conforme",
            },
            audite: audit.audit_date.is_some() && audit.rate.is_some(),
            taux: audit.rate.map(french_number),
            taux_moyen: audit.average_rate.map(french_number),
            auditeur: audit.auditor.clone(),
            date_audit: audit.audit_date.map(|d| d.french()),
            date_etablissement: audit
                .declaration_date
                .or(audit.audit_date)
                .map(|d| d.french()),
            date_mise_a_jour: audit.update_date.map(|d| d.french()),
            non_conformites: audit.non_conformities.clone(),
            derogations: audit.disproportionate_burden.clone(),
            contenus_non_soumis: audit.exempted.clone(),
            technologies,
            environnement_test: audit.test_environment.clone(),
            outils: audit.tools.clone(),
            pages_verifiees: audit.pages_tested.clone(),
            schema_pluriannuel: audit.multi_year_scheme.clone(),
            plan_actions: audit.action_plan.as_ref().map(|p| ActionPlanView {
                annee: p.year,
                lien: p.link.clone(),
            }),
            contact_courriel,
            contact_lien,
        }
    }
}

/// `87,5`, `100`: French decimal notation, at most two decimals.
fn french_number(value: f64) -> String {
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    text.replace('.', ",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_french() {
        assert_eq!(french_number(87.5), "87,5");
        assert_eq!(french_number(100.0), "100");
        assert_eq!(french_number(62.25), "62,25");
    }
}
