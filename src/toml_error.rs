//! Turns `toml`/serde errors into French diagnostics that point at the right line.
//!
//! serde's messages are English and fixed ("unknown field `x`, expected one of ..."): we
//! recognise the common shapes and rephrase them, adding a "did you mean" for typos.

use crate::diagnostic::Diagnostic;

/// `err` happened while reading `text`, which starts at line `first_line` of `file`
/// (front matter sits a line below the top of its Markdown file).
pub fn to_diagnostic(
    err: &toml::de::Error,
    file: &str,
    file_text: &str,
    text_offset: usize,
) -> Diagnostic {
    let (message, hint) = translate(err.message());
    let diagnostic = Diagnostic::error("toml", message);
    let diagnostic = match err.span() {
        Some(span) => diagnostic.at_offset(file, file_text, text_offset + span.start),
        None => diagnostic.in_file(file),
    };
    match hint {
        Some(hint) => diagnostic.with_hint(hint),
        None => diagnostic,
    }
}

fn translate(message: &str) -> (String, Option<String>) {
    let message = message.trim();
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (field, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let candidates = backticked(expected);
        let hint = match closest(field, &candidates) {
            Some(best) => format!("vouliez-vous dire « {best} » ?"),
            None if candidates.is_empty() => "supprimez cette clé.".to_owned(),
            None => format!("les clés possibles ici sont : {}.", candidates.join(", ")),
        };
        return (format!("clé inconnue « {field} »"), Some(hint));
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or(rest);
        return (
            format!("la clé obligatoire « {field} » manque"),
            Some(format!(
                "ajoutez « {field} = … » (voir docs/commune.exemple.toml)."
            )),
        );
    }
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let (value, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let candidates = backticked(expected);
        return (
            format!("valeur inconnue « {value} »"),
            Some(format!("valeurs possibles : {}.", candidates.join(", "))),
        );
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, "?"));
        return (
            format!(
                "type incorrect : {} trouvé, {} attendu",
                french_type(found),
                french_type(expected)
            ),
            Some("vérifiez les guillemets : le texte s'écrit entre guillemets, les nombres et booléens sans.".to_owned()),
        );
    }
    if message.starts_with("duplicate key") {
        return (
            "cette clé est définie deux fois".to_owned(),
            Some("gardez une seule définition.".to_owned()),
        );
    }
    if message.contains("string values must be quoted") {
        return (
            "un texte doit être écrit entre guillemets".to_owned(),
            Some("écrivez par exemple : cle = \"valeur\" (les nombres, dates et true/false s'écrivent sans guillemets).".to_owned()),
        );
    }
    if message.starts_with("invalid basic string") || message.contains("expected `\"`") {
        return (
            "guillemet fermant manquant".to_owned(),
            Some("fermez le texte par un guillemet \" sur la même ligne.".to_owned()),
        );
    }
    // Messages we do not know (and our own, already French): keep them, say it is TOML syntax.
    if message.is_ascii() {
        (
            format!("syntaxe TOML invalide ({message})"),
            Some(
                "vérifiez les guillemets, les crochets et le signe « = » sur cette ligne."
                    .to_owned(),
            ),
        )
    } else {
        (message.to_owned(), None)
    }
}

fn french_type(serde_type: &str) -> String {
    let t = serde_type.trim();
    let known = [
        ("string", "un texte"),
        ("a string", "un texte"),
        ("integer", "un nombre entier"),
        ("u32", "un nombre entier"),
        ("i64", "un nombre entier"),
        ("f64", "un nombre"),
        ("boolean", "un booléen (true ou false)"),
        ("a boolean", "un booléen (true ou false)"),
        ("a sequence", "une liste [..]"),
        ("sequence", "une liste [..]"),
        ("map", "une table"),
        ("struct", "une table"),
    ];
    for (en, fr) in known {
        if t == en || t.starts_with(&format!("{en} ")) {
            return fr.to_owned();
        }
    }
    if t.starts_with("string ") {
        return "un texte".to_owned();
    }
    if t.starts_with("integer ") {
        return "un nombre entier".to_owned();
    }
    if t.starts_with("struct ") {
        return "une table".to_owned();
    }
    t.to_owned()
}

fn backticked(text: &str) -> Vec<&str> {
    text.split('`').skip(1).step_by(2).collect()
}

/// The candidate closest to `word`, if it is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(word, c), *c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_field_suggests_the_closest_key() {
        let (msg, hint) = translate("unknown field `telefone`, expected one of `nom`, `telephone`");
        assert_eq!(msg, "clé inconnue « telefone »");
        assert_eq!(hint.unwrap(), "vouliez-vous dire « telephone » ?");
    }

    #[test]
    fn missing_field_names_the_key() {
        let (msg, _) = translate("missing field `dpo`");
        assert_eq!(msg, "la clé obligatoire « dpo » manque");
    }
}
