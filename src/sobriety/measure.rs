//! What one page costs a visitor: measured where the page is finished ([`PageMeasure`]), then
//! resolved once every file of the site is written and its size known ([`PageMeasure::resolve`]).
//!
//! - **DOM**: the elements of the final HTML, descendants of `<svg>` excepted, counted by the
//!   RGAA checker's pass ([`accessibility::PageSummary::elements`]); minify removes no element.
//! - **Requests**: 1 (the HTML) + each distinct file the page loads as it opens (stylesheets,
//!   scripts, images by their `src`, icon, manifest, frames). Lazy-loaded images count: the
//!   reference measures after scrolling to the bottom, which loads them. What scripts fetch
//!   later (audience measurement, a click-to-load video) is not counted.
//! - **Weight**: the HTML plus the sizes of those files as written in the site, **not
//!   compressed** (the reference counts transferred bytes; with gzip or brotli HTML, CSS and JS
//!   weigh less, so the estimate errs on the heavy side). A file of another site counts as a
//!   request of unknown weight (0).

use std::collections::HashMap;
use std::path::Path;

use accessibility::{PageSummary, ResourceKind};
use serde::{Deserialize, Serialize};

use super::ecoindex::EcoIndex;
use crate::model::PageId;

/// The sizes of the site's files besides its pages, by output path (`theme/site.css`).
pub type FileSizes = HashMap<String, u64>;

/// One page as finished, before the sizes of the files it loads are known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageMeasure {
    pub url: String,
    pub page: PageId,
    pub html_bytes: u64,
    pub dom: u32,
    /// Each distinct file the page loads, in order of first appearance.
    pub loads: Vec<Load>,
}

/// A file a page loads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Load {
    pub kind: ResourceKind,
    pub target: Target,
}

/// Where a loaded file comes from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Target {
    /// A file of the site, by output path (`medias/logo.svg`).
    Local(String),
    /// Another site: a request whose weight the build cannot know.
    External(String),
}

impl PageMeasure {
    /// Measures the page at `url` (its output has `html_bytes` bytes); `origin` is the site's
    /// public address (`https://www.ville.fr`): a file under it is a file of the site.
    pub fn new(
        url: &str,
        page: PageId,
        summary: &PageSummary,
        html_bytes: u64,
        origin: &str,
    ) -> PageMeasure {
        let mut loads: Vec<Load> = Vec::with_capacity(summary.resources.len());
        for resource in &summary.resources {
            let Some(target) = resolve(url, &resource.url, origin) else {
                continue;
            };
            if !loads.iter().any(|l| l.target == target) {
                loads.push(Load {
                    kind: resource.kind,
                    target,
                });
            }
        }
        PageMeasure {
            url: url.to_owned(),
            page,
            html_bytes,
            dom: summary.elements.saturating_sub(summary.elements_in_svg),
            loads,
        }
    }

    /// The page's figures and EcoIndex, with the sizes of the site's files.
    pub fn resolve(&self, sizes: &FileSizes) -> PageSobriety {
        let mut page = PageSobriety {
            url: self.url.clone(),
            page: self.page,
            html_bytes: self.html_bytes,
            css_bytes: 0,
            js_bytes: 0,
            image_bytes: 0,
            other_bytes: 0,
            weight_bytes: 0,
            requests: 1 + self.loads.len() as u32,
            external_requests: 0,
            missing_files: 0,
            dom: self.dom,
            ecoindex: EcoIndex::compute(0, 0, 0.0),
        };
        for load in &self.loads {
            let bytes = match &load.target {
                Target::Local(path) => sizes.get(path).copied().unwrap_or_else(|| {
                    page.missing_files += 1;
                    0
                }),
                Target::External(_) => {
                    page.external_requests += 1;
                    0
                }
            };
            *match load.kind {
                ResourceKind::Stylesheet => &mut page.css_bytes,
                ResourceKind::Script => &mut page.js_bytes,
                ResourceKind::Image => &mut page.image_bytes,
                _ => &mut page.other_bytes,
            } += bytes;
        }
        page.weight_bytes =
            page.html_bytes + page.css_bytes + page.js_bytes + page.image_bytes + page.other_bytes;
        page.ecoindex = EcoIndex::compute(page.dom, page.requests, kilobytes(page.weight_bytes));
        page
    }
}

/// EcoIndex KB: 1,000 bytes.
pub fn kilobytes(bytes: u64) -> f64 {
    bytes as f64 / 1000.0
}

/// One page in the sobriety report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageSobriety {
    pub url: String,
    #[serde(skip)]
    pub page: PageId,
    pub html_bytes: u64,
    pub css_bytes: u64,
    pub js_bytes: u64,
    pub image_bytes: u64,
    /// Icon, manifest, frames.
    pub other_bytes: u64,
    /// Everything above, not compressed.
    pub weight_bytes: u64,
    pub requests: u32,
    /// Requests to other sites (weight unknown, counted 0).
    pub external_requests: u32,
    /// Files of the site the page loads that the build did not write (weight counted 0).
    pub missing_files: u32,
    pub dom: u32,
    pub ecoindex: EcoIndex,
}

/// Where `url`, found on the page at `page_url`, is loaded from; `None` when loading it makes
/// no request (`data:`) or it cannot be read.
fn resolve(page_url: &str, url: &str, origin: &str) -> Option<Target> {
    let url = url.split(['#', '?']).next().unwrap_or(url);
    let origin = origin.trim_end_matches('/');
    let path = match url.strip_prefix(origin) {
        Some(rest) if !origin.is_empty() && (rest.is_empty() || rest.starts_with('/')) => {
            if rest.is_empty() { "/" } else { rest }
        }
        _ => url,
    };
    if path.starts_with("//") {
        return Some(Target::External(url.to_owned()));
    }
    if has_scheme(path) {
        let lower = path.to_ascii_lowercase();
        let fetched = lower.starts_with("http:") || lower.starts_with("https:");
        return fetched.then(|| Target::External(url.to_owned()));
    }
    let (base, rest) = match path.strip_prefix('/') {
        Some(rest) => ("", rest),
        // Relative to the page's folder: page URLs end with `/` (or name an `.html` file).
        None => (&page_url[..page_url.rfind('/').map_or(0, |i| i + 1)], path),
    };
    let resolved = crate::model::url::resolve_relative(Path::new(base), rest)?;
    let mut key = resolved
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    if rest.is_empty() || rest.ends_with('/') {
        key = if key.is_empty() {
            "index.html".to_owned()
        } else {
            format!("{key}/index.html")
        };
    }
    Some(Target::Local(key))
}

/// `scheme:` at the start of `url` (RFC 3986: a letter, then letters, digits, `+`, `-`, `.`).
fn has_scheme(url: &str) -> bool {
    let Some((scheme, _)) = url.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use accessibility::Resource;

    const ORIGIN: &str = "https://www.ville.example";

    fn local(path: &str) -> Option<Target> {
        Some(Target::Local(path.to_owned()))
    }

    #[test]
    fn urls_resolve_to_output_paths() {
        let at = |url| resolve("/mairie/elus/", url, ORIGIN);
        assert_eq!(at("/theme/site.css?v=2"), local("theme/site.css"));
        assert_eq!(at("photo.png"), local("mairie/elus/photo.png"));
        assert_eq!(at("../plan%20ville.png"), local("mairie/plan ville.png"));
        assert_eq!(
            at("https://www.ville.example/medias/logo.svg"),
            local("medias/logo.svg")
        );
        assert_eq!(at("/carte/"), local("carte/index.html"));
        assert_eq!(
            at("https://stats.metropole.example/m.js"),
            Some(Target::External(
                "https://stats.metropole.example/m.js".into()
            ))
        );
        assert_eq!(
            at("//cdn.example/x.js"),
            Some(Target::External("//cdn.example/x.js".into()))
        );
        assert_eq!(at("data:image/png;base64,AAAA"), None);
        assert_eq!(at("../../../hors-du-site.png"), None);
    }

    #[test]
    fn a_page_counts_each_file_once_and_adds_their_sizes() {
        let mut summary = PageSummary::default();
        summary.elements = 120;
        summary.elements_in_svg = 20;
        summary.resources = vec![
            Resource::new(ResourceKind::Stylesheet, "/theme/site.css"),
            Resource::new(ResourceKind::Script, "/theme/site.js"),
            Resource::new(ResourceKind::Image, "/medias/logo.svg"),
            Resource::new(ResourceKind::Image, "/medias/logo.svg"),
            Resource::new(ResourceKind::Image, "photo.png"),
            Resource::new(ResourceKind::Image, "https://tiers.example/i.png"),
            Resource::new(ResourceKind::Image, "absente.png"),
        ];
        let measure = PageMeasure::new("/actualites/fete/", 3, &summary, 10_000, ORIGIN);
        let sizes: FileSizes = [
            ("theme/site.css", 20_000),
            ("theme/site.js", 4_000),
            ("medias/logo.svg", 1_000),
            ("actualites/fete/photo.png", 65_000),
        ]
        .into_iter()
        .map(|(p, s)| (p.to_owned(), s))
        .collect();
        let page = measure.resolve(&sizes);
        assert_eq!(page.dom, 100);
        assert_eq!(page.requests, 7);
        assert_eq!(page.external_requests, 1);
        assert_eq!(page.missing_files, 1);
        assert_eq!(
            (page.css_bytes, page.js_bytes, page.image_bytes),
            (20_000, 4_000, 66_000)
        );
        assert_eq!(page.weight_bytes, 100_000);
        assert_eq!(page.ecoindex, EcoIndex::compute(100, 7, 100.0));
    }
}
