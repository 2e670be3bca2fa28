//! What a page tells the site-level checks ([`PageSummary`]), gathered during the same pass,
//! with a few page facts other tools reuse so the page is read once (the generator's sobriety
//! report: element count, files the page loads).

use std::collections::BTreeSet;

use serde::Serialize;

use crate::context::Page;
use crate::dom::{Element, Frame};

/// What a `<link rel>` loads as the page opens, if anything.
fn link_kind(rel: &str) -> Option<ResourceKind> {
    let mut kind = None;
    for token in rel.split_ascii_whitespace() {
        let token = token.to_ascii_lowercase();
        kind = match token.as_str() {
            "stylesheet" => return Some(ResourceKind::Stylesheet),
            "icon" => Some(ResourceKind::Image),
            "manifest" | "preload" | "modulepreload" => kind.or(Some(ResourceKind::Other)),
            _ => kind,
        };
    }
    kind
}

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
    /// Elements of the page, as the browser's `//*` would count them when the markup is
    /// explicit (tags the parser adds, like an omitted `<tbody>`, are not counted).
    pub elements: u32,
    /// Of [`Self::elements`], those inside an `<svg>` (the `<svg>` itself excepted).
    pub elements_in_svg: u32,
    /// The files the page asks the browser to load as it opens, in source order, as written
    /// (duplicates kept). Links, downloads and `prefetch` hints are not included.
    pub resources: Vec<Resource>,
    /// The page's regions: byte ranges of the children of `<body>`, in page order, when
    /// `<body>` holds nothing else than such elements, each closed by its own end tag, and
    /// whitespace; empty otherwise. The generator minifies a region that recurs from page to
    /// page (header, footer) once.
    #[serde(skip)]
    pub regions: Vec<std::ops::Range<usize>>,
    /// The same for `<head>`: its children (a void element is its start tag), when it holds
    /// nothing else than them and whitespace (`<meta>`, the style sheets: the same on every
    /// page).
    #[serde(skip)]
    pub head_regions: Vec<std::ops::Range<usize>>,
}

/// A file a page loads as it opens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Resource {
    pub kind: ResourceKind,
    /// The URL, as written (trimmed).
    pub url: String,
}

/// What a loaded file is for, from the element that loads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum ResourceKind {
    /// `<link rel="stylesheet">`.
    Stylesheet,
    /// `<script src>`.
    Script,
    /// `<img src>` (the `src`, not a `srcset` candidate), `<input type="image">`, a video's
    /// `poster`, `<link rel="icon">`.
    Image,
    /// `<iframe src>`, `<link rel="manifest">`, `<link rel="preload">` and the like.
    Other,
}

impl Resource {
    /// A resource built by hand (for tests).
    pub fn new(kind: ResourceKind, url: &str) -> Self {
        Self {
            kind,
            url: url.to_owned(),
        }
    }
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
            elements: 0,
            elements_in_svg: 0,
            resources: Vec::new(),
            regions: Vec::new(),
            head_regions: Vec::new(),
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
    elements: u32,
    elements_in_svg: u32,
    resources: Vec<Resource>,
    head: Regions,
    body: Regions,
}

/// The element whose children are a page's regions ([`PageSummary::regions`]).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Parent {
    Head,
    Body,
}

/// The children of `<head>` or `<body>` met so far.
#[derive(Debug, Default)]
struct Regions {
    ranges: Vec<std::ops::Range<usize>>,
    /// Something there is not a region: none is reported.
    broken: bool,
}

impl Regions {
    fn reported(self) -> Vec<std::ops::Range<usize>> {
        if self.broken { Vec::new() } else { self.ranges }
    }
}

impl SummaryBuilder {
    /// Called for every element as it starts; `in_svg`: an ancestor is an `<svg>`.
    pub(crate) fn started(&mut self, el: &Element<'_>, in_svg: bool) {
        self.elements += 1;
        if in_svg {
            self.elements_in_svg += 1;
            return;
        }
        let (kind, url) = match el.name() {
            "link" => match el.attr("href").and_then(|_| link_kind(el.attr("rel")?)) {
                Some(kind) => (kind, el.attr("href")),
                None => return,
            },
            "script" => (ResourceKind::Script, el.attr("src")),
            "img" => (ResourceKind::Image, el.attr("src")),
            "input" if el.attr_is("type", "image") => (ResourceKind::Image, el.attr("src")),
            "video" => (ResourceKind::Image, el.attr("poster")),
            "iframe" => (ResourceKind::Other, el.attr("src")),
            _ => return,
        };
        if let Some(url) = url.map(str::trim).filter(|u| !u.is_empty()) {
            self.resources.push(Resource::new(kind, url));
        }
    }

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

    /// A child of `parent` ended: at `range` with its own end tag (a void child of
    /// `<head>`: its start tag), else implicitly (`None`).
    pub(crate) fn region(&mut self, parent: Parent, range: Option<std::ops::Range<usize>>) {
        let regions = self.regions_of(parent);
        match range {
            Some(range) => regions.ranges.push(range),
            None => regions.broken = true,
        }
    }

    /// Text (or, in `<body>`, a void element) lies among the children of `parent`.
    pub(crate) fn not_a_region(&mut self, parent: Parent) {
        self.regions_of(parent).broken = true;
    }

    fn regions_of(&mut self, parent: Parent) -> &mut Regions {
        match parent {
            Parent::Head => &mut self.head,
            Parent::Body => &mut self.body,
        }
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
            elements: self.elements,
            elements_in_svg: self.elements_in_svg,
            resources: self.resources,
            regions: self.body.reported(),
            head_regions: self.head.reported(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_elements_and_lists_what_the_page_loads() {
        let html = r#"<!doctype html><html lang="fr"><head><title>T</title>
<link rel="stylesheet" href="/theme/site.css"><link rel="alternate" href="/flux.atom">
<link rel="shortcut icon" href="/logo.svg"><link rel="prefetch" href="/suite/">
<script src="/theme/site.js" defer></script></head>
<body><main><h1>T</h1><svg viewBox="0 0 1 1"><g><path d="M0 0"/></g></svg>
<img src="/a.png" srcset="/a-2x.png 2x" alt=""><video poster="/affiche.webp"></video>
<a href="/doc.pdf">Document</a></main></body></html>"#;
        let (_, summary) = crate::check_page_with_summary(html);
        // html head title link×4 script body main h1 svg g path img video a
        assert_eq!(summary.elements, 17);
        assert_eq!(summary.elements_in_svg, 2);
        let loaded: Vec<(ResourceKind, &str)> = summary
            .resources
            .iter()
            .map(|r| (r.kind, r.url.as_str()))
            .collect();
        assert_eq!(
            loaded,
            vec![
                (ResourceKind::Stylesheet, "/theme/site.css"),
                (ResourceKind::Image, "/logo.svg"),
                (ResourceKind::Script, "/theme/site.js"),
                (ResourceKind::Image, "/a.png"),
                (ResourceKind::Image, "/affiche.webp"),
            ]
        );
    }
}
