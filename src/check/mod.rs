//! Stage 5, check and rewrite: rendered HTML → the HTML to publish, with its findings.
//!
//! 1. Rewrite with lol_html ([`rewrite`]: `rel="noopener noreferrer"`, embed placeholders,
//!    download details, responsive images…).
//! 2. Remove the Markdown line markers, remembering where each stood.
//! 3. Read the final HTML once: the RGAA checker (`accessibility` crate) and, on each start
//!    tag, the privacy and security rules ([`policy`]). Their findings become diagnostics that
//!    name the Markdown file and line when the element came from a page's Markdown, else the
//!    template.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::LazyLock;

use memchr::memmem::Finder;

use accessibility::{Finding, PageSummary, RegionMemo, SiteChecker};

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::markdown::LINE_MARKER_PREFIX;
use crate::model::{PageId, PageSource, Site};
use crate::render::RenderedPage;

mod policy;
mod rewrite;

use crate::privacy::Policy;
use rewrite::rewrite;

/// A page ready to minify and write.
#[derive(Debug)]
pub struct CheckedPage {
    pub url: String,
    pub output: PathBuf,
    pub html: String,
    pub diagnostics: Vec<Diagnostic>,
    /// What the site-wide rules need from this page.
    pub summary: PageSummary,
    /// Where this page's findings come from, for site-wide findings found later.
    pub trace: PageTrace,
    /// The page's regions, as the checker read them, in two groups: those of `<head>`
    /// ([`PageSummary::head_regions`]), then those of `<body>` ([`PageSummary::regions`]).
    pub regions: [Vec<std::ops::Range<usize>>; 2],
}

/// How to point a finding on an output page back at its source.
#[derive(Debug, Clone)]
pub struct PageTrace {
    pub page: PageId,
    pub template: String,
    /// (offset in the final HTML, Markdown line); line 0 closes the Markdown region.
    pub markers: Vec<(usize, u32)>,
}

impl PageTrace {
    /// The Markdown line and source file of the element at `offset` of the final HTML, when
    /// it came from the page's Markdown.
    fn markdown_source<'s>(&self, site: &'s Site, offset: usize) -> Option<(u32, &'s PageSource)> {
        let line = markdown_line(&self.markers, offset)?;
        Some((line, site.pages[self.page].source.as_ref()?))
    }

    /// The template the page was rendered with, as findings outside the Markdown name it.
    fn template_file(&self, templates_dir: &str) -> String {
        format!("{templates_dir}/{}", self.template)
    }
}

/// What reading the final HTML of a page found.
#[derive(Debug, Clone)]
pub struct Reading {
    pub findings: Vec<Finding>,
    pub summary: PageSummary,
    /// The privacy and security findings.
    pub policy: Vec<policy::Finding>,
}

/// Reads the final HTML of a page once: the RGAA checker, and the privacy and security rules
/// of `policy` on each start tag.
pub fn read(html: &str, policy: &Policy) -> Reading {
    read_with(html, policy, None)
}

/// [`read`] for a page of a site: `regions` keeps the regions (header, footer…) of the
/// site's pages read before, which the checker then does not tokenize again.
pub fn read_with(html: &str, policy: &Policy, regions: Option<&RegionMemo>) -> Reading {
    let mut scan = policy::Scan::new(policy);
    let mut visit = |tag: &accessibility::StartTag<'_, '_>| scan.check(tag);
    let (findings, summary) = match regions {
        Some(memo) => accessibility::check_site_page(html, memo, &mut visit),
        None => accessibility::check_page_visiting(html, &mut visit),
    };
    Reading {
        findings,
        summary,
        policy: scan.findings,
    }
}

/// Checks and rewrites one page.
pub fn check_page(rendered: RenderedPage, site: &Site, templates_dir: &str) -> CheckedPage {
    check_page_with(rendered, site, templates_dir, read)
}

/// [`check_page`] with the reading of the final HTML passed in: it reads that HTML and the
/// site's policy, nothing else, so `serve` can hand back its results for an HTML it has
/// already read.
pub fn check_page_with(
    rendered: RenderedPage,
    site: &Site,
    templates_dir: &str,
    reader: impl FnOnce(&str, &Policy) -> Reading,
) -> CheckedPage {
    let mut diagnostics = Vec::new();
    let policy = Policy::new(&site.config);
    let images = &site.images.renditions;
    let rewritten = match rewrite(&rendered.html, &policy, &site.downloads, images) {
        Ok(html) => html,
        Err(err) => {
            diagnostics.push(
                Diagnostic::error(
                    "verification.reecriture",
                    format!("page illisible par le réécrivain HTML : {err}"),
                )
                .in_file(&format!("{templates_dir}/{}", rendered.template)),
            );
            rendered.html
        }
    };
    let (html, markers) = strip_markers(&rewritten);
    let Reading {
        findings,
        mut summary,
        policy: refused,
    } = reader(&html, &policy);
    let regions = [
        std::mem::take(&mut summary.head_regions),
        std::mem::take(&mut summary.regions),
    ];
    let trace = PageTrace {
        page: rendered.page,
        template: rendered.template,
        markers,
    };
    if !findings.is_empty() || !refused.is_empty() {
        let source_text = source_text(site, trace.page);
        let url = &rendered.url;
        diagnostics.extend(
            refused
                .iter()
                .map(|f| f.diagnostic(site, url, &trace, &source_text, templates_dir)),
        );
        diagnostics.extend(findings.iter().map(|finding| {
            finding_diagnostic(finding, site, url, &trace, &source_text, templates_dir)
        }));
    }
    CheckedPage {
        url: rendered.url,
        output: rendered.output,
        html,
        diagnostics,
        summary,
        trace,
        regions,
    }
}

/// The Markdown source of a page, read again only when it has findings.
fn source_text(site: &Site, page: PageId) -> String {
    site.pages[page]
        .source
        .as_ref()
        .and_then(|s| std::fs::read_to_string(site.root.join(&s.rel)).ok())
        .unwrap_or_default()
}

/// A finding as a diagnostic on the Markdown line the element came from, else on the template.
fn finding_diagnostic(
    finding: &Finding,
    site: &Site,
    url: &str,
    trace: &PageTrace,
    source_text: &str,
    templates_dir: &str,
) -> Diagnostic {
    let severity = match finding.severity {
        accessibility::Severity::Error => Severity::Error,
        _ => Severity::Review,
    };
    let axe = finding
        .axe
        .map(|a| format!(", axe {a}"))
        .unwrap_or_default();
    let message = format!(
        "RGAA {}{axe} : {} (page {url})",
        finding.rule, finding.message
    );
    let mut diagnostic = Diagnostic::new(severity, finding.rule, message);
    match trace.markdown_source(site, finding.offset) {
        Some((line, source)) => {
            diagnostic = diagnostic.at(&source.display, source_text, line, 1);
            diagnostic.finding = Some(Box::new(finding.relocated(line, 1)));
        }
        None => {
            diagnostic = diagnostic
                .in_file(&trace.template_file(templates_dir))
                .with_hint("l'élément vient du gabarit du thème, pas du contenu de la page.");
            diagnostic.finding = Some(Box::new(finding.clone()));
        }
    }
    diagnostic
}

/// Runs the site-wide rules (unique titles, internal links, plan du site and accessibility
/// links) once every page is checked.
pub fn check_site(
    site: &Site,
    pages: Vec<(String, PageSummary, PageTrace)>,
    templates_dir: &str,
) -> Vec<Diagnostic> {
    let mut checker = SiteChecker::new();
    let mut traces = HashMap::with_capacity(pages.len());
    for (url, summary, trace) in pages {
        checker.add_page(&url, summary);
        traces.insert(url, trace);
    }
    let mut diagnostics = Vec::new();
    let mut sources: HashMap<PageId, String> = HashMap::new();
    for (url, finding) in checker.finish() {
        let Some(trace) = traces.get(&url) else {
            continue;
        };
        let text = sources
            .entry(trace.page)
            .or_insert_with(|| source_text(site, trace.page));
        diagnostics.push(finding_diagnostic(
            &finding,
            site,
            &url,
            trace,
            text,
            templates_dir,
        ));
    }
    diagnostics
}

/// The `<!--l:N-->` markers of `html`, in order: where each lies, and its N.
fn line_markers(html: &str) -> impl Iterator<Item = (std::ops::Range<usize>, u32)> + '_ {
    // Searchers built once: every page has a marker per Markdown block.
    static OPEN: LazyLock<Finder<'static>> =
        LazyLock::new(|| Finder::new(&format!("<!--{LINE_MARKER_PREFIX}")).into_owned());
    static CLOSE: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("-->"));
    let bytes = html.as_bytes();
    let mut from = 0;
    std::iter::from_fn(move || {
        loop {
            let start = from + OPEN.find(&bytes[from..])?;
            let after = start + OPEN.needle().len();
            let end = after + CLOSE.find(&bytes[after..])?;
            from = after;
            if let Ok(line) = html[after..end].parse::<u32>() {
                from = end + 3;
                return Some((start..from, line));
            }
        }
    })
}

/// Removes `<!--l:N-->` markers; returns the clean HTML and (offset in it, N) pairs.
fn strip_markers(html: &str) -> (String, Vec<(usize, u32)>) {
    let mut out = String::with_capacity(html.len());
    let mut markers = Vec::new();
    let mut copied = 0;
    for (span, line) in line_markers(html) {
        out.push_str(&html[copied..span.start]);
        markers.push((out.len(), line));
        copied = span.end;
    }
    out.push_str(&html[copied..]);
    (out, markers)
}

/// The Markdown line of the element at `offset`, if it lies inside the Markdown region.
fn markdown_line(markers: &[(usize, u32)], offset: usize) -> Option<u32> {
    let index = markers.partition_point(|&(at, _)| at <= offset);
    let (_, line) = markers.get(index.checked_sub(1)?)?;
    (*line > 0).then_some(*line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_removed_and_located() {
        let (html, markers) =
            strip_markers("<main><!--l:5--><p>a</p><!--l:7--><p>b</p><!--l:0--></main>");
        assert_eq!(html, "<main><p>a</p><p>b</p></main>");
        assert_eq!(markers, vec![(6, 5), (14, 7), (22, 0)]);
        assert_eq!(markdown_line(&markers, 15), Some(7));
        assert_eq!(markdown_line(&markers, 2), None);
        assert_eq!(markdown_line(&markers, 23), None);
        let (html, markers) = strip_markers("<!--l:x--><p>a</p><!--l:2-->");
        assert_eq!(html, "<!--l:x--><p>a</p>");
        assert_eq!(markers, vec![(18, 2)]);
    }
}
