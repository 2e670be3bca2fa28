//! Renderers: the same findings for people (French text), for scripts (JSON), for CI
//! (JUnit XML, GitHub annotations) and for code-scanning tools (SARIF 2.1.0).
//!
//! Each takes a slice of `(file path, findings)`, one entry per checked file, files without
//! findings included, and returns a `String`.

mod github;
mod human;
mod json;
mod junit;
mod sarif;

pub use github::github;
pub use human::human;
pub use json::json;
pub use junit::junit;
pub use sarif::sarif;

/// Escapes text for XML attributes and content.
pub(crate) fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            _ => out.push(c),
        }
    }
    out
}
