//! Checks of the data the legal pages need (mentions légales, données personnelles,
//! déclaration d'accessibilité) and of the `[vie_privee]` exceptions.
//!
//! Missing mandatory data is an error naming the key: a site without its publisher's phone or
//! its DPO cannot be published lawfully. What only ages (an audit, a yearly plan) is a warning,
//! given by [`legal_warnings`] because it depends on the day of the build.

use super::{CommuneConfig, Host, key_position, nth_key_position};
use crate::dates::Date;
use crate::diagnostic::Diagnostic;

/// A declaration must be renewed 3 years after it was established (décret 2019-768).
const AUDIT_VALIDITY_YEARS: i16 = 3;
/// CNIL: audience-measurement data is kept 25 months at most.
const MAX_ANALYTICS_RETENTION_MONTHS: u32 = 25;

/// Mandatory texts that are present but empty. Checked before the metropole's host applies,
/// so that only the commune's own `[hebergeur]` is looked at here.
pub(super) fn required_values(config: &CommuneConfig, text: &str, file: &str) -> Vec<Diagnostic> {
    let mut fields = vec![
        ("commune", "nom", &config.identity.name, "mentions légales"),
        (
            "commune",
            "adresse",
            &config.identity.address,
            "mentions légales",
        ),
        (
            "commune",
            "telephone",
            &config.identity.phone,
            "mentions légales",
        ),
        ("maire", "nom", &config.mayor.name, "mentions légales"),
        ("dpo", "nom", &config.dpo.name, "page Données personnelles"),
        (
            "dpo",
            "courriel",
            &config.dpo.email,
            "page Données personnelles",
        ),
    ];
    if let Some(host) = &config.host {
        fields.extend(host_fields(host));
    }
    fields
        .into_iter()
        .filter(|(_, _, value, _)| value.trim().is_empty())
        .map(|(table, key, _, page)| {
            let (line, column) = key_position(text, table, key);
            missing(table, key, page).at(file, text, line, column)
        })
        .collect()
}

/// The metropole's `[hebergeur]`, when it has one: its three values are mandatory.
pub(super) fn check_metropole_host(host: &Host, text: &str, file: &str) -> Option<Diagnostic> {
    host_fields(host)
        .into_iter()
        .find(|(_, _, value, _)| value.trim().is_empty())
        .map(|(table, key, _, page)| {
            let (line, column) = key_position(text, table, key);
            missing(table, key, page).at(file, text, line, column)
        })
}

fn host_fields(host: &Host) -> [(&'static str, &'static str, &String, &'static str); 3] {
    [
        ("hebergeur", "nom", &host.name, "mentions légales"),
        ("hebergeur", "adresse", &host.address, "mentions légales"),
        ("hebergeur", "telephone", &host.phone, "mentions légales"),
    ]
}

fn missing(table: &str, key: &str, page: &str) -> Diagnostic {
    Diagnostic::error(
        "config.valeur-manquante",
        format!("la clé « {table}.{key} » est vide : elle est obligatoire ({page})"),
    )
    .with_hint(format!(
        "renseignez {key} dans la table [{table}] (voir docs/commune.exemple.toml)."
    ))
}

/// `[vie_privee]` and the links of `[accessibilite]`.
pub(super) fn validate(config: &CommuneConfig, text: &str, file: &str) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut fail = |position: (u32, u32), message: String, hint: &str| {
        problems.push(
            Diagnostic::error("config.valeur-invalide", message)
                .at(file, text, position.0, position.1)
                .with_hint(hint),
        );
    };
    for third in &config.privacy.third_parties {
        if parse_origin(&third.origin).is_none() {
            fail(
                nth_key_position(text, "origine", &third.origin),
                format!("origine invalide « {} »", third.origin),
                "une origine s'écrit https://nom-de-domaine, sans chemin ni / final, par exemple https://medias.metropole.fr",
            );
        }
        for (key, value) in [("nom", &third.name), ("finalite", &third.purpose)] {
            if value.trim().is_empty() {
                fail(
                    nth_key_position(text, "origine", &third.origin),
                    format!("la clé « {key} » du tiers {} est vide", third.origin),
                    "chaque tiers autorisé est déclaré dans la page Données personnelles : indiquez qui il est (nom) et à quoi il sert (finalite).",
                );
            }
        }
    }
    if let Some(analytics) = &config.privacy.analytics {
        let table = "vie_privee.mesure_audience";
        match analytics_origin(&analytics.matomo) {
            None => fail(
                key_position(text, table, "matomo"),
                format!("adresse de Matomo invalide « {} »", analytics.matomo),
                "écrivez l'adresse https du serveur Matomo, par exemple https://statistiques.metropole.fr/",
            ),
            Some(origin) if is_matomo_cloud(&origin) => fail(
                key_position(text, table, "matomo"),
                format!("« {} » n'est pas un Matomo auto-hébergé", analytics.matomo),
                "seul un Matomo hébergé par la commune ou la métropole, configuré pour l'exemption de consentement de la CNIL, est accepté.",
            ),
            Some(_) => {}
        }
        if !(2..=3).contains(&analytics.ip_bytes_masked) {
            fail(
                key_position(text, table, "anonymisation_ip_octets"),
                format!(
                    "anonymisation des adresses IP insuffisante ou impossible : {} octet(s)",
                    analytics.ip_bytes_masked
                ),
                "la CNIL exige de masquer au moins 2 octets de l'adresse IP (réglage « Anonymiser les IP » de Matomo) : indiquez 2 ou 3.",
            );
        }
        if analytics.retention_months == 0
            || analytics.retention_months > MAX_ANALYTICS_RETENTION_MONTHS
        {
            fail(
                key_position(text, table, "conservation_mois"),
                format!(
                    "durée de conservation des statistiques invalide : {} mois",
                    analytics.retention_months
                ),
                "la CNIL limite la conservation des données de mesure d'audience à 25 mois.",
            );
        }
    }
    let audit = &config.accessibility;
    let links = [
        ("schema_pluriannuel", audit.multi_year_scheme.as_deref()),
        (
            "plan_actions",
            audit.action_plan.as_ref().map(|p| p.link.as_str()),
        ),
    ];
    for (key, link) in links {
        if let Some(link) = link.filter(|l| !is_page_or_https(l)) {
            fail(
                key_position(text, "accessibilite", key),
                format!("lien invalide « {link} »"),
                "écrivez l'adresse d'une page du site (commençant par /) ou une adresse https://",
            );
        }
    }
    if let Some(contact) = audit.contact.as_deref() {
        if !is_page_or_https(contact) && !super::is_email(contact) {
            fail(
                key_position(text, "accessibilite", "contact"),
                format!("contact invalide « {contact} »"),
                "indiquez une adresse électronique, une page du site (commençant par /) ou une adresse https://",
            );
        }
    }
    problems
}

/// What the legal pages lack or what has aged: an audit over 3 years old, a missing
/// schéma or yearly plan, an audit whose non-conformities are not listed.
pub fn legal_warnings(
    config: &CommuneConfig,
    text: &str,
    file: &str,
    today: Date,
) -> Vec<Diagnostic> {
    let audit = &config.accessibility;
    let mut warnings = Vec::new();
    let mut warn = |key: &str, code: &str, message: String, hint: &str| {
        let (line, column) = key_position(text, "accessibilite", key);
        warnings.push(
            Diagnostic::warning(code, message)
                .at(file, text, line, column)
                .with_hint(hint),
        );
    };
    if let Some(date) = audit.audit_date {
        let expiry = date
            .0
            .checked_add(jiff::Span::new().years(AUDIT_VALIDITY_YEARS))
            .ok();
        if expiry.is_some_and(|expiry| expiry < today.0) {
            warn(
                "date_audit",
                "accessibilite.audit-ancien",
                format!(
                    "l'audit d'accessibilité du {} a plus de 3 ans : la déclaration n'est plus valide",
                    date.french()
                ),
                "la déclaration d'accessibilité se renouvelle au plus tard 3 ans après son établissement : faites réaliser un nouvel audit, puis mettez à jour date_audit, taux et etat.",
            );
        }
    }
    let audited = audit.audit_date.is_some() && audit.rate.is_some();
    if audited
        && audit.state != super::ConformityState::Totalement
        && audit.non_conformities.is_empty()
    {
        warn(
            "etat",
            "accessibilite.non-conformites-manquantes",
            "l'audit a relevé des non-conformités, mais elles ne sont pas listées".to_owned(),
            "la déclaration d'accessibilité doit énumérer les contenus non conformes : reprenez-les du rapport d'audit dans non_conformites = [\"…\", \"…\"] de [accessibilite].",
        );
    }
    if audit.multi_year_scheme.is_none() {
        warn(
            "etat",
            "accessibilite.schema-manquant",
            "le schéma pluriannuel de mise en accessibilité n'est pas indiqué".to_owned(),
            "publiez le schéma (3 ans au plus) et indiquez son adresse : schema_pluriannuel = \"/accessibilite/schema-pluriannuel/\" dans [accessibilite].",
        );
    }
    match &audit.action_plan {
        None => warn(
            "etat",
            "accessibilite.plan-manquant",
            "le plan d'actions de l'année n'est pas indiqué".to_owned(),
            "publiez le plan d'actions de l'année et indiquez-le : plan_actions = { annee = 2026, lien = \"/accessibilite/plan-2026/\" } dans [accessibilite].",
        ),
        Some(plan) if plan.year < today.0.year() => warn(
            "plan_actions",
            "accessibilite.plan-ancien",
            format!(
                "le plan d'actions indiqué est celui de {}, pas celui de {}",
                plan.year,
                today.0.year()
            ),
            "publiez le plan d'actions de l'année en cours et mettez à jour plan_actions.",
        ),
        Some(_) => {}
    }
    warnings
}

/// `https://host[:port]`, lowercased, without a trailing slash; `None` if it is not one.
pub fn parse_origin(text: &str) -> Option<String> {
    let text = text.trim().trim_end_matches('/').to_ascii_lowercase();
    let rest = text.strip_prefix("https://")?;
    let (host, port) = match rest.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (rest, None),
    };
    let host_ok = !host.is_empty()
        && host.contains('.')
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
        && !host.starts_with(['.', '-']);
    let port_ok = port.is_none_or(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    (host_ok && port_ok).then_some(text)
}

/// The origin of the Matomo server, if its address is an https URL.
pub fn analytics_origin(url: &str) -> Option<String> {
    let rest = url.trim().strip_prefix("https://")?;
    let host = rest.split('/').next().unwrap_or(rest);
    parse_origin(&format!("https://{host}"))
}

fn is_matomo_cloud(origin: &str) -> bool {
    origin.ends_with(".matomo.cloud") || origin.ends_with(".innocraft.cloud")
}

fn is_page_or_https(link: &str) -> bool {
    link.starts_with('/') && !link.starts_with("//") || link.starts_with("https://")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_example_is_valid() {
        let text = include_str!("../../docs/commune.exemple.toml");
        let config = super::super::parse_commune(
            text,
            "docs/commune.exemple.toml",
            &super::super::MetropoleConfig::default(),
        )
        .unwrap_or_else(|problems| panic!("{problems:#?}"));
        assert_eq!(config.privacy.embeds.len(), 2);
        assert_eq!(config.privacy.third_parties.len(), 1);
        assert!(config.privacy.analytics.is_some());
        let codes = |day: &str| -> Vec<String> {
            let today = Date(day.parse().unwrap());
            legal_warnings(&config, text, "docs/commune.exemple.toml", today)
                .into_iter()
                .map(|w| w.code)
                .collect()
        };
        assert_eq!(codes("2026-11-23"), Vec::<String>::new());
        // The audit of 2024-05-12 expires on 2027-05-12; the 2026 plan is then last year's.
        assert_eq!(
            codes("2027-06-01"),
            vec!["accessibilite.audit-ancien", "accessibilite.plan-ancien"]
        );
    }

    #[test]
    fn origins() {
        assert_eq!(
            parse_origin("https://Medias.Metropole.fr/").as_deref(),
            Some("https://medias.metropole.fr")
        );
        assert!(parse_origin("https://tuiles.example:8443").is_some());
        assert!(parse_origin("http://medias.metropole.fr").is_none());
        assert!(parse_origin("https://medias.metropole.fr/images").is_none());
        assert!(parse_origin("medias.metropole.fr").is_none());
        assert_eq!(
            analytics_origin("https://stats.metropole.fr/matomo/").as_deref(),
            Some("https://stats.metropole.fr")
        );
    }
}
