//! RGAA 4.1.2 checker for static HTML pages.
//!
//! The generator (`usine`) and the `usine check --html` command both call [`check_page`] (or
//! [`check_page_with_summary`]) for every page, then [`SiteChecker`] for the rules that need
//! the whole site, then one of the [`format`] functions to print the findings.
//! This crate only reads HTML and reports: it never rewrites a page.
//!
//! 1. [`walker`] streams the page once through lol_html and feeds every rule; [`memo`] keeps
//!    the regions a site's pages share, so that lol_html reads them once per site.
//! 2. [`rules`] holds one file per RGAA test; [`registry`] is the table of them.
//! 3. [`site`] checks what spans pages (titles, internal links, plan du site, accessibility).
//! 4. [`format`] renders findings for people and for tools.

use serde::Serialize;

mod context;
mod criteres;
mod dom;
pub mod format;
mod lang;
mod memo;
mod position;
mod registry;
mod rules;
mod site;
mod summary;
mod text;
mod walker;

pub use criteres::{RuleDoc, RuleInfo, explain, rules};
pub use dom::StartTag;
pub use memo::RegionMemo;
pub use site::{SiteChecker, SiteFinding};
pub use summary::{Link, PageSummary, Resource, ResourceKind};

/// How sure the checker is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Severity {
    /// A certain failure of the RGAA test.
    Error,
    /// A person must look: never counted as a failure.
    Review,
}

impl Severity {
    /// `"error"` or `"review"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Review => "review",
        }
    }

    /// French label for people.
    pub fn label_fr(self) -> &'static str {
        match self {
            Severity::Error => "erreur",
            Severity::Review => "à vérifier",
        }
    }
}

/// One finding on one page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Finding {
    /// RGAA test id, e.g. `"1.1.1"`.
    pub rule: &'static str,
    /// The matching axe-core rule id, where one maps.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub axe: Option<&'static str>,
    /// Certain failure or human review.
    pub severity: Severity,
    /// French message for the editor.
    pub message: String,
    /// Byte offset of the offending element in the checked HTML.
    #[serde(skip)]
    pub offset: usize,
    /// 1-based line in the checked HTML.
    pub line: u32,
    /// 1-based column (in characters) in the checked HTML.
    pub column: u32,
}

impl Finding {
    /// The same finding at another position: the generator points findings in content at the
    /// Markdown source the element came from.
    pub fn relocated(&self, line: u32, column: u32) -> Finding {
        Finding {
            line,
            column,
            ..self.clone()
        }
    }

    /// The same finding as a review item: an error accepted by a commune's exceptions.
    pub fn downgraded(&self) -> Finding {
        Finding {
            severity: Severity::Review,
            ..self.clone()
        }
    }
}

/// Checks one HTML page and returns its findings, sorted by position.
pub fn check_page(html: &str) -> Vec<Finding> {
    walker::walk(html, &mut |_| {}, None).0
}

/// Checks one HTML page and also returns what [`SiteChecker`] needs from it: one pass serves
/// both.
pub fn check_page_with_summary(html: &str) -> (Vec<Finding>, PageSummary) {
    walker::walk(html, &mut |_| {}, None)
}

/// [`check_page_with_summary`] that also shows every start tag to `visit`, in page order: a
/// caller with checks of its own (the generator's privacy and security rules) reads the page
/// in the same pass.
pub fn check_page_visiting(
    html: &str,
    visit: &mut dyn FnMut(&StartTag<'_, '_>),
) -> (Vec<Finding>, PageSummary) {
    walker::walk(html, visit, None)
}

/// [`check_page_visiting`] for one page of a site whose pages share regions (header, menu,
/// footer): `memo` keeps those of the pages checked before, which are then not tokenized
/// again. The findings and summary are the same as without it. Use one memo per site.
pub fn check_site_page(
    html: &str,
    memo: &RegionMemo,
    visit: &mut dyn FnMut(&StartTag<'_, '_>),
) -> (Vec<Finding>, PageSummary) {
    walker::walk(html, visit, Some(memo))
}
