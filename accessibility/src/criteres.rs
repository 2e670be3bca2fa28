//! Rule documentation at run time: the rule's own `//!` text plus the official RGAA title and
//! test text, read from the embedded `data/criteres.json` (DISIC, Licence Ouverte 2.0).

use serde::Serialize;
use serde_json::Value;

use crate::registry::{self, Kind, RULES};

static CRITERES: &str = include_str!("../data/criteres.json");

/// Everything known about one rule, for `usine rgaa explain 1.1.1` and the docs site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct RuleDoc {
    /// RGAA test id, e.g. `"1.1.1"`.
    pub id: &'static str,
    /// Short English name of the rule (its file name), e.g. `img_alt`.
    pub name: &'static str,
    /// The matching axe-core rule, where one maps.
    pub axe: Option<&'static str>,
    /// Official criterion title (French, glossary links removed); `None` outside RGAA.
    pub criterion_title: Option<String>,
    /// Official test text, one entry per line (question then conditions).
    pub test_text: Vec<String>,
    /// The rule's documentation, in French Markdown.
    pub doc: String,
    /// `true` for rules that look at the whole site rather than one page.
    pub site_level: bool,
}

/// A line of the rule list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct RuleInfo {
    pub id: &'static str,
    pub name: &'static str,
    pub axe: Option<&'static str>,
    pub site_level: bool,
}

/// Every rule of the checker, in RGAA order.
pub fn rules() -> Vec<RuleInfo> {
    RULES
        .iter()
        .map(|e| RuleInfo {
            id: e.id,
            name: e.name,
            axe: e.axe,
            site_level: matches!(e.kind, Kind::Site),
        })
        .collect()
}

/// The documentation of the rule with id `test_id` (e.g. `"8.5.1"`).
pub fn explain(test_id: &str) -> Option<RuleDoc> {
    let entry = registry::entry(test_id)?;
    let (criterion_title, test_text) = official_text(test_id).unwrap_or_default();
    Some(RuleDoc {
        id: entry.id,
        name: entry.name,
        axe: entry.axe,
        criterion_title,
        test_text,
        doc: registry::doc_of(entry.source),
        site_level: matches!(entry.kind, Kind::Site),
    })
}

/// Criterion title and test lines for an RGAA test id `t.c.n`.
fn official_text(test_id: &str) -> Option<(Option<String>, Vec<String>)> {
    let mut parts = test_id.split('.');
    let topic: u64 = parts.next()?.parse().ok()?;
    let crit: u64 = parts.next()?.parse().ok()?;
    let test = parts.next()?;
    let data: Value = serde_json::from_str(CRITERES).ok()?;
    let topic = data["topics"]
        .as_array()?
        .iter()
        .find(|t| t["number"].as_u64() == Some(topic))?;
    let crit = topic["criteria"]
        .as_array()?
        .iter()
        .map(|c| &c["criterium"])
        .find(|c| c["number"].as_u64() == Some(crit))?;
    let title = crit["title"].as_str().map(strip_links);
    let lines = crit["tests"][test]
        .as_array()?
        .iter()
        .filter_map(Value::as_str)
        .map(strip_links)
        .collect();
    Some((title, lines))
}

/// `[texte](#ancre)` → `texte`: the glossary anchors mean nothing outside the RGAA site.
fn strip_links(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find("](").map(|i| open + i) else {
            break;
        };
        let Some(end) = rest[close..].find(')').map(|i| close + i) else {
            break;
        };
        out.push_str(&rest[..open]);
        out.push_str(&rest[open + 1..close]);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out.replace('\u{a0}', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_glossary_links() {
        assert_eq!(
            strip_links("Chaque [image](#image-x) a-t-elle une [alt](#alt) ?"),
            "Chaque image a-t-elle une alt ?"
        );
    }

    #[test]
    fn explains_a_rule_with_official_text() {
        let doc = explain("1.1.1").expect("1.1.1 is a rule");
        assert!(
            doc.criterion_title
                .unwrap()
                .starts_with("Chaque image porteuse")
        );
        assert!(doc.test_text[0].contains("<img>"));
        assert!(doc.doc.contains("## Ce que la règle vérifie"));
        assert!(explain("99.9.9").is_none());
    }

    #[test]
    fn every_rgaa_rule_has_official_text() {
        for e in RULES.iter().filter(|e| e.id.starts_with(char::is_numeric)) {
            let (title, lines) = official_text(e.id).unwrap_or_default();
            assert!(title.is_some() && !lines.is_empty(), "{}", e.id);
        }
    }
}
