//! What a page tells the site-level checks ([`PageSummary`]), gathered during the same pass.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::context::Page;
use crate::dom::Frame;

/// One link of a page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Link {
    /// The `href` attribute, as written.
    pub href: String,
    /// The link text (accessible name from content), whitespace collapsed.
    pub text: String,
    /// 1-based line of the `<a>` start tag.
    pub line: u32,
    /// 1-based column of the `<a>` start tag.
    pub column: u32,
    /// Inside the page footer (`<footer>` or `role="contentinfo"`).
    pub in_footer: bool,
    /// Inside a navigation zone (`<nav>` or `role="navigation"`).
    pub in_nav: bool,
    #[serde(skip)]
    pub(crate) offset: usize,
}

/// What the site-level checks need from one page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct PageSummary {
    /// Text of the `<title>` element, if any.
    pub title: Option<String>,
    /// Every `id` declared in the page.
    pub ids: BTreeSet<String>,
    /// Every `<a href>` of the page, in source order.
    pub links: Vec<Link>,
    /// The page has a navigation zone (`<nav>` or `role="navigation"`).
    pub has_nav: bool,
    /// The page has a search zone (`<search>` or `role="search"`).
    pub has_search: bool,
}

impl PageSummary {
    /// A summary built by hand (for callers that do not check pages, and for tests).
    pub fn new(title: Option<String>, ids: BTreeSet<String>, links: Vec<Link>) -> Self {
        Self {
            title,
            ids,
            links,
            has_nav: true,
            has_search: false,
        }
    }

    /// The links of the footer.
    pub fn footer_links(&self) -> impl Iterator<Item = &Link> {
        self.links.iter().filter(|l| l.in_footer)
    }
}

impl Link {
    /// A link built by hand; `line` is where it is reported.
    pub fn new(href: &str, text: &str, line: u32, in_footer: bool) -> Self {
        Self {
            href: href.to_owned(),
            text: text.to_owned(),
            line,
            column: 1,
            in_footer,
            in_nav: false,
            offset: 0,
        }
    }
}

#[derive(Debug, Default)]
pub(crate) struct SummaryBuilder {
    links: Vec<Link>,
    has_nav: bool,
    has_search: bool,
}

impl SummaryBuilder {
    /// Called for every element as it closes, with its ancestors.
    pub(crate) fn closed(&mut self, frame: &Frame<'_>, ancestors: &[Frame<'_>]) {
        let el = &frame.el;
        if el.name == "nav" || el.has_role(&["navigation"]) {
            self.has_nav = true;
        }
        if el.name == "search" || el.has_role(&["search"]) {
            self.has_search = true;
        }
        if el.name != "a" {
            return;
        }
        let Some(href) = el.attr("href") else {
            return;
        };
        let within = |name: &str, role: &str| {
            ancestors
                .iter()
                .any(|f| f.name() == name || f.el.has_role(&[role]))
        };
        self.links.push(Link {
            href: href.trim().to_owned(),
            text: frame.norm_text().to_owned(),
            line: 0,
            column: 0,
            in_footer: within("footer", "contentinfo"),
            in_nav: within("nav", "navigation"),
            offset: el.offset,
        });
    }

    pub(crate) fn build(mut self, page: &Page<'_>, html: &str) -> PageSummary {
        self.links.sort_by_key(|l| l.offset);
        let offsets: Vec<usize> = self.links.iter().map(|l| l.offset).collect();
        for (l, (line, column)) in self
            .links
            .iter_mut()
            .zip(crate::position::line_columns(html, &offsets))
        {
            l.line = line;
            l.column = column;
        }
        PageSummary {
            title: page.title.as_ref().map(|(t, _)| t.clone()),
            ids: page.ids.keys().map(|id| id.to_string()).collect(),
            links: self.links,
            has_nav: self.has_nav,
            has_search: self.has_search,
        }
    }
}
