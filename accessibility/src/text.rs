//! Text helpers: entity decoding, whitespace collapsing, comparisons for names and labels.
//!
//! The walker calls these for most elements of every page: they copy only when they must.

use std::borrow::Cow;

/// Decodes the entities that matter for emptiness and comparisons (`&nbsp;`, `&amp;`, numeric…).
pub(crate) fn decode_entities(raw: &str) -> Cow<'_, str> {
    if !raw.contains('&') {
        return Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest[1..]
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '#')
            .map(|j| j + 1);
        let decoded = match end {
            Some(j) if rest[j..].starts_with(';') => decode_one(&rest[1..j]).map(|c| (c, j + 1)),
            _ => None,
        };
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

fn decode_one(entity: &str) -> Option<char> {
    if let Some(num) = entity.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code);
    }
    Some(match entity {
        "nbsp" => '\u{a0}',
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "eacute" => 'é',
        "egrave" => 'è',
        "agrave" => 'à',
        "ccedil" => 'ç',
        "rsquo" => '’',
        "hellip" => '…',
        "ndash" => '–',
        "mdash" => '—',
        "laquo" => '«',
        "raquo" => '»',
        "thinsp" | "ensp" | "emsp" => ' ',
        "zwnj" | "zwj" | "shy" => '\u{200b}',
        _ => return None,
    })
}

/// Separates words: whitespace, no-break spaces and zero-width characters.
fn is_separator(c: char) -> bool {
    c.is_whitespace() || c == '\u{200b}'
}

/// Decodes entities and collapses every run of whitespace (no-break spaces included) to one
/// space, trimming both ends.
pub(crate) fn normalize(raw: &str) -> String {
    let decoded = decode_entities(raw);
    if is_collapsed(&decoded) {
        return decoded.into_owned();
    }
    let mut out = String::with_capacity(decoded.len());
    for word in decoded.split(is_separator) {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// `true` when `text` is already what [`normalize`] makes of it: words separated by single
/// plain spaces. Most names and headings are, and are then copied without being cut into words.
fn is_collapsed(text: &str) -> bool {
    // A leading space is not collapsed: start as if one came before.
    let mut after_space = true;
    for c in text.chars() {
        if c == ' ' {
            if after_space {
                return false;
            }
            after_space = true;
        } else if is_separator(c) {
            return false;
        } else {
            after_space = false;
        }
    }
    !after_space || text.is_empty()
}

/// `true` when the text has nothing but whitespace (entities included).
pub(crate) fn is_blank(raw: &str) -> bool {
    decode_entities(raw).chars().all(is_separator)
}

/// Lowercase letters and digits only, for "contains the visible label" comparisons where
/// RGAA lets punctuation and capitals differ.
///
/// Words are what [`normalize`] separates; inside a word, characters other than letters and
/// digits are dropped (`l’accueil` → `laccueil`), and a word left empty leaves no space.
pub(crate) fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_each(text, |c| {
        out.push(c);
        true
    });
    out
}

/// [`fold`]`(text)`, if it is at most `max` bytes long; folds no more of `text` than that.
pub(crate) fn fold_at_most(text: &str, max: usize) -> Option<String> {
    // Room for the last character pushed, which may make it too long.
    let mut out = String::with_capacity(max + 4);
    fold_each(text, |c| {
        out.push(c);
        out.len() <= max
    });
    (out.len() <= max).then_some(out)
}

/// `fold(text).starts_with(prefix)`, without folding more of `text` than the prefix needs:
/// site rules ask it of every link of every page.
pub(crate) fn fold_starts_with(text: &str, prefix: &str) -> bool {
    // The first letter or digit of the text, when plain ASCII before any entity or other
    // character, is the first folded one: most texts are told apart by it alone.
    if let Some(&first) = prefix.as_bytes().first().filter(|b| b.is_ascii()) {
        let lead = text
            .bytes()
            .find(|&b| b.is_ascii_alphanumeric() || !b.is_ascii() || b == b'&');
        if let Some(lead) = lead.filter(u8::is_ascii_alphanumeric) {
            if lead.to_ascii_lowercase() != first {
                return false;
            }
        }
    }
    let mut expected = prefix.chars();
    let mut matches = true;
    fold_each(text, |c| match expected.next() {
        None => false,
        Some(e) => {
            matches = e == c;
            matches
        }
    });
    matches && expected.next().is_none()
}

/// Feeds the characters of [`fold`]`(text)` to `each`, in order, until it returns `false`.
fn fold_each(text: &str, mut each: impl FnMut(char) -> bool) {
    let decoded = decode_entities(text);
    let (mut gap, mut started) = (false, false);
    for c in decoded.chars() {
        if is_separator(c) {
            gap = true;
            continue;
        }
        let mut keep = |l: char| {
            if !l.is_alphanumeric() {
                return true;
            }
            if gap && started && !each(' ') {
                return false;
            }
            (gap, started) = (false, true);
            each(l)
        };
        let go_on = if c.is_ascii() {
            keep(c.to_ascii_lowercase())
        } else {
            c.to_lowercase().all(keep)
        };
        if !go_on {
            return;
        }
    }
}

/// Shortens a text for a message.
pub(crate) fn excerpt(text: &str) -> String {
    let text = normalize(text);
    let mut out: String = text.chars().take(40).collect();
    if text.chars().count() > 40 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_entities_and_spaces() {
        assert_eq!(normalize("  a&nbsp;&nbsp;b\n\tc "), "a b c");
        assert_eq!(normalize("&#160;&#xA0;"), "");
        assert_eq!(normalize("Tom &amp; Jerry"), "Tom & Jerry");
        assert_eq!(normalize("a & b"), "a & b");
        assert_eq!(normalize("&unknown; x"), "&unknown; x");
        for text in [
            "",
            " ",
            "a",
            "a b",
            "a  b",
            " a",
            "a ",
            "a\u{a0}b",
            "a\nb",
            "é’ « b »",
        ] {
            let collapsed = text.split(is_separator).filter(|w| !w.is_empty());
            let expected = collapsed.collect::<Vec<_>>().join(" ");
            assert_eq!(is_collapsed(text), text == expected, "{text:?}");
            assert_eq!(normalize(text), expected, "{text:?}");
        }
    }

    #[test]
    fn folded_prefixes() {
        assert!(fold_starts_with("  Plan du site", "plan du site"));
        assert!(fold_starts_with(
            "Plan&nbsp;du — site (liste)",
            "plan du site"
        ));
        assert!(!fold_starts_with("Plan du", "plan du site"));
        assert!(!fold_starts_with("Accueil", "plan du site"));
        assert!(fold_starts_with("x", ""));
        for text in [
            "Accessibilité : non conforme",
            "L’accès",
            " A-b  c ",
            "",
            "É É",
            "« Accès »",
            "&nbsp;accès",
            "-- 1 a",
        ] {
            for prefix in ["accessibilité", "lacces", "ab c", "", "é é", "é", "a", "l"] {
                assert_eq!(
                    fold_starts_with(text, prefix),
                    fold(text).starts_with(prefix),
                    "{text:?} {prefix:?}"
                );
            }
        }
    }

    #[test]
    fn folds_up_to_a_length() {
        for text in [
            "Lire la suite",
            "  L’accès ",
            "É",
            "",
            "Plan&nbsp;du — site (liste)",
        ] {
            for max in [0, 1, 2, 6, 11, 12, 40] {
                let whole = fold(text);
                let expected = (whole.len() <= max).then_some(whole);
                assert_eq!(fold_at_most(text, max), expected, "{text:?} {max}");
            }
        }
    }

    #[test]
    fn folds_case_and_punctuation() {
        assert_eq!(fold("Rechercher !"), "rechercher");
        assert!(fold("Lire la suite : Conseil municipal").contains(&fold("Lire la suite")));
    }

    #[test]
    fn blank_detection() {
        assert!(is_blank(" &nbsp; \n"));
        assert!(!is_blank("x"));
    }
}
