//! Language codes (RGAA 8.4, 8.8): BCP 47 syntax, and ISO 639-1 for two-letter primary tags.

/// ISO 639-1 codes (all 183 of them, plus the deprecated `iw`, `in`, `ji` and `mo`).
const ISO_639_1: &str = "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca \
ce ch co cr cs cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv \
ha he hi ho hr ht hu hy hz ia id ie ig ii ik in io is it iu iw ja ji jv ka kg ki kj kk kl km kn \
ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mo mr ms mt my na nb nd ne ng \
nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn \
so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh \
yi yo za zh zu";

/// The primary subtag of a language code (`fr` for ` fr-FR `), as written: compare it with
/// `eq_ignore_ascii_case`.
pub(crate) fn primary_subtag(code: &str) -> &str {
    code.trim().split('-').next().unwrap_or_default()
}

/// Why a language code is not valid, in French, or `None` when it is.
pub(crate) fn invalid_reason(code: &str) -> Option<String> {
    let code = code.trim();
    if code.is_empty() {
        return Some("le code de langue est vide".to_owned());
    }
    if code.contains('_') {
        return Some(format!(
            "« {code} » utilise « _ » : écrivez « {} »",
            code.replace('_', "-")
        ));
    }
    let lower = code.to_ascii_lowercase();
    let mut parts = lower.split('-');
    let primary = parts.next().unwrap_or_default();
    if primary == "x" || primary == "i" {
        // Private use and grandfathered tags: syntax only.
        let ok = parts
            .all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()));
        return if ok {
            None
        } else {
            Some(format!("« {code} » n’est pas un code BCP 47 valide"))
        };
    }
    let primary_ok = match primary.len() {
        2 => {
            primary.chars().all(|c| c.is_ascii_lowercase())
                && ISO_639_1.split_ascii_whitespace().any(|c| c == primary)
        }
        3 => primary.chars().all(|c| c.is_ascii_lowercase()),
        _ => false,
    };
    if !primary_ok {
        return Some(format!(
            "« {code} » n’est pas un code de langue ISO 639 (par exemple « fr », « en »)"
        ));
    }
    if subtags_valid(parts) {
        None
    } else {
        Some(format!("« {code} » n’est pas un code BCP 47 valide"))
    }
}

/// Checks the subtags after the primary one: extlang, script, region, variants, extensions.
fn subtags_valid<'a>(parts: impl Iterator<Item = &'a str>) -> bool {
    // 0 extlang, 1 script, 2 region, 3 variants, 4 extension or private use.
    let mut stage = 0;
    let mut in_extension = false;
    let mut singleton_pending = false;
    for p in parts {
        if p.is_empty() || p.len() > 8 || !p.chars().all(|c| c.is_ascii_alphanumeric()) {
            return false;
        }
        if in_extension {
            singleton_pending = false;
            continue;
        }
        let alpha = p.chars().all(|c| c.is_ascii_alphabetic());
        let digits = p.chars().all(|c| c.is_ascii_digit());
        if p.len() == 1 {
            in_extension = true;
            singleton_pending = true;
        } else if stage == 0 && p.len() == 3 && alpha {
            stage = 1;
        } else if stage <= 1 && p.len() == 4 && alpha {
            stage = 2;
        } else if (stage <= 2 && ((p.len() == 2 && alpha) || (p.len() == 3 && digits)))
            || p.len() >= 5
            || (p.len() == 4 && p.starts_with(|c: char| c.is_ascii_digit()))
        {
            stage = 3;
        } else {
            return false;
        }
    }
    !singleton_pending
}

#[cfg(test)]
mod tests {
    use super::invalid_reason;

    #[test]
    fn accepts_valid_codes() {
        for code in [
            "fr",
            "FR",
            "fr-FR",
            "en-GB",
            "oc",
            "br",
            "zh-Hant-TW",
            "es-419",
            "de-CH-1996",
            "gsw",
            "x-klingon",
            "sr-Latn",
            "fr-x-local",
        ] {
            assert_eq!(invalid_reason(code), None, "{code}");
        }
    }

    #[test]
    fn rejects_invalid_codes() {
        for code in [
            "", " ", "fr_FR", "french", "fe", "f", "fr-", "en-GB-x", "12", "fr--FR",
        ] {
            assert!(invalid_reason(code).is_some(), "{code}");
        }
    }
}
