//! `commune.toml` and `_metropole.toml`: parsing, defaults and validation.
//!
//! Parsing errors and invalid values are returned as diagnostics that name the file and line.

pub(crate) mod contrast;
mod legal;
mod schema;

pub use legal::{analytics_origin, legal_warnings, parse_origin};
pub use schema::*;

use crate::diagnostic::Diagnostic;
use crate::toml_error;

/// Parses and validates a commune's configuration, applying the metropole's defaults.
pub fn parse_commune(
    text: &str,
    file: &str,
    metropole: &MetropoleConfig,
) -> Result<CommuneConfig, Vec<Diagnostic>> {
    let mut config: CommuneConfig =
        toml::from_str(text).map_err(|e| vec![toml_error::to_diagnostic(&e, file, text, 0)])?;
    let mut problems = legal::required_values(&config, text, file);
    if config.host.is_none() {
        config.host = metropole.host.clone();
    }
    problems.extend(validate(&config, text, file));
    problems.extend(legal::validate(&config, text, file));
    if problems.iter().any(Diagnostic::is_error) {
        return Err(problems);
    }
    Ok(config)
}

/// Parses `communes/_metropole.toml`.
pub fn parse_metropole(text: &str, file: &str) -> Result<MetropoleConfig, Diagnostic> {
    let metropole: MetropoleConfig =
        toml::from_str(text).map_err(|e| toml_error::to_diagnostic(&e, file, text, 0))?;
    match metropole
        .host
        .as_ref()
        .and_then(|host| legal::check_metropole_host(host, text, file))
    {
        Some(problem) => Err(problem),
        None => Ok(metropole),
    }
}

fn validate(config: &CommuneConfig, text: &str, file: &str) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut fail = |table: &str, key: &str, message: String, hint: &str| {
        let (line, column) = key_position(text, table, key);
        problems.push(
            Diagnostic::error("config.valeur-invalide", message)
                .at(file, text, line, column)
                .with_hint(hint),
        );
    };
    let id = &config.identity;
    if !is_insee_code(&id.insee_code) {
        fail(
            "commune",
            "code_insee",
            format!("code INSEE invalide « {} »", id.insee_code),
            "le code INSEE a 5 caractères : 5 chiffres, ou 2A/2B suivi de 3 chiffres pour la Corse.",
        );
    }
    if id.siret.len() != 14 || !id.siret.bytes().all(|b| b.is_ascii_digit()) {
        fail(
            "commune",
            "siret",
            format!("numéro SIRET invalide « {} »", id.siret),
            "le SIRET a 14 chiffres, sans espace.",
        );
    }
    if !id.url.starts_with("https://") && !id.url.starts_with("http://") {
        fail(
            "commune",
            "url",
            format!("adresse du site invalide « {} »", id.url),
            "écrivez l'adresse complète, par exemple https://www.ma-commune.fr",
        );
    }
    for (table, key, email) in [
        ("commune", "courriel", &id.email),
        ("dpo", "courriel", &config.dpo.email),
    ] {
        if !is_email(email) {
            fail(
                table,
                key,
                format!("adresse électronique invalide « {email} »"),
                "écrivez une adresse de la forme nom@domaine.fr",
            );
        }
    }
    if !is_hex_colour(&config.branding.primary_colour) {
        fail(
            "identite_visuelle",
            "couleur_principale",
            format!("couleur invalide « {} »", config.branding.primary_colour),
            "écrivez la couleur en hexadécimal à 6 chiffres, par exemple #1d4f91.",
        );
    } else if let Some((message, hint)) = contrast::check_primary(&config.branding.primary_colour) {
        fail("identite_visuelle", "couleur_principale", message, &hint);
    }
    let audit = &config.accessibility;
    if audit.state != ConformityState::Non && (audit.audit_date.is_none() || audit.rate.is_none()) {
        fail(
            "accessibilite",
            "etat",
            "un état « partiellement » ou « totalement » conforme exige un audit daté".to_owned(),
            "renseignez date_audit et taux, ou indiquez etat = \"non\".",
        );
    }
    if let Some(rate) = audit.rate {
        if !(0.0..=100.0).contains(&rate) {
            fail(
                "accessibilite",
                "taux",
                format!("taux de conformité impossible : {rate}"),
                "le taux est un pourcentage entre 0 et 100.",
            );
        } else if audit.state == ConformityState::Totalement && rate < 100.0
            || audit.state == ConformityState::Partiellement && !(50.0..100.0).contains(&rate)
            || audit.state == ConformityState::Non && rate >= 50.0
        {
            fail(
                "accessibilite",
                "etat",
                format!("l'état déclaré ne correspond pas au taux de {rate} %"),
                "100 % : totalement ; de 50 à 99 % : partiellement ; moins de 50 % : non conforme.",
            );
        }
    }
    let budget = &config.sobriety;
    for (key, value) in [
        ("poids_max_ko", budget.max_weight_kb),
        ("requetes_max", budget.max_requests),
    ] {
        if value == 0 {
            fail(
                "sobriete",
                key,
                format!("budget de sobriété impossible : {key} = 0"),
                "indiquez un nombre supérieur à 0, ou retirez la clé pour garder la valeur par défaut.",
            );
        }
    }
    if config.host.is_none() {
        problems.push(
            Diagnostic::error(
                "config.hebergeur-manquant",
                "l'hébergeur du site n'est pas indiqué (obligatoire dans les mentions légales)",
            )
            .in_file(file)
            .with_hint(
                "ajoutez une table [hebergeur] avec nom, adresse et telephone, ici ou dans communes/_metropole.toml.",
            ),
        );
    }
    for (index, entry) in config.menu.iter().enumerate() {
        let links = std::iter::once(&entry.link).chain(entry.children.iter().map(|c| &c.link));
        for link in links {
            if !link.starts_with('/') && !link.starts_with("https://") {
                let (line, column) = nth_key_position(text, "lien", link);
                problems.push(
                    Diagnostic::error(
                        "config.lien-menu",
                        format!("lien de menu invalide « {link} » (entrée {})", index + 1),
                    )
                    .at(file, text, line, column)
                    .with_hint(
                        "un lien de menu commence par / (page du site), par exemple /mairie/",
                    ),
                );
            }
        }
    }
    problems
}

/// Line and column of `key = ` inside `[table]` (or `[[table]]`), else of the table header.
fn key_position(text: &str, table: &str, key: &str) -> (u32, u32) {
    let mut in_table = false;
    let mut header_line = 1;
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            let name = trimmed.trim_matches(|c| c == '[' || c == ']' || c == ' ');
            let name = name.split(']').next().unwrap_or(name);
            in_table = name == table;
            if in_table {
                header_line = index as u32 + 1;
            }
        } else if in_table && starts_with_key(trimmed, key) {
            let column = line.len() - trimmed.len() + 1;
            return (index as u32 + 1, column as u32);
        }
    }
    (header_line, 1)
}

/// Line of the `key = "value"` assignment whose value is `value`.
fn nth_key_position(text: &str, key: &str, value: &str) -> (u32, u32) {
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if starts_with_key(trimmed, key) && line.contains(value) {
            return (index as u32 + 1, (line.len() - trimmed.len() + 1) as u32);
        }
    }
    (1, 1)
}

fn starts_with_key(line: &str, key: &str) -> bool {
    line.strip_prefix(key)
        .is_some_and(|rest| rest.trim_start().starts_with('='))
}

fn is_insee_code(code: &str) -> bool {
    let bytes = code.as_bytes();
    bytes.len() == 5
        && (bytes.iter().all(u8::is_ascii_digit)
            || (code.starts_with("2A") || code.starts_with("2B"))
                && bytes[2..].iter().all(u8::is_ascii_digit))
}

fn is_email(email: &str) -> bool {
    let mut parts = email.split('@');
    matches!((parts.next(), parts.next(), parts.next()),
        (Some(user), Some(domain), None) if !user.is_empty() && domain.contains('.') && !email.contains(' '))
}

fn is_hex_colour(colour: &str) -> bool {
    colour.len() == 7
        && colour.starts_with('#')
        && colour[1..].bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_position_finds_the_key_in_its_table() {
        let text = "[commune]\nnom = \"A\"\n[dpo]\nnom = \"B\"\n";
        assert_eq!(key_position(text, "dpo", "nom"), (4, 1));
        assert_eq!(key_position(text, "commune", "nom"), (2, 1));
    }

    /// `docs/commune.exemple.toml` writes out the defaults of `[sobriete]`: they must agree.
    #[test]
    fn the_example_shows_the_sobriety_defaults() {
        let text = include_str!("../../docs/commune.exemple.toml");
        let config = parse_commune(text, "exemple", &MetropoleConfig::default()).unwrap();
        let (written, default) = (&config.sobriety, SobrietyBudget::default());
        assert_eq!(written.min_grade, default.min_grade);
        assert_eq!(written.max_weight_kb, default.max_weight_kb);
        assert_eq!(written.max_requests, default.max_requests);
        assert_eq!(written.blocking, default.blocking);
        assert!(text.contains("[sobriete]"));
    }

    #[test]
    fn insee_codes() {
        assert!(is_insee_code("44109"));
        assert!(is_insee_code("2A004"));
        assert!(!is_insee_code("4410"));
        assert!(!is_insee_code("2C004"));
    }
}
