//! Finishing every page of a rebuild (render → check → minify), reusing what is proven not to
//! have changed. Two levels, both keyed by content, never by the watcher's events:
//!
//! 1. **Whole pages**, when the `Site` is the same as at the previous rebuild apart from the
//!    pages' own Markdown HTML ([`site_digest`]), which is what editing the text of a page does.
//!    Then checking a page reads nothing that changed but the page itself (checking one page
//!    reads no other page's Markdown HTML; the site-wide rules run again at every rebuild), so a
//!    page whose rendered HTML and source text are unchanged is reused whole.
//! 2. **The stages that read the final HTML and nothing else**, the RGAA checker and minify,
//!    otherwise (a title, a new page, `commune.toml`, a document's size…): every page is
//!    rendered and rewritten again, and checked and minified again only if its HTML changed.
//!    These entries can never be stale, whatever else changed.
//!
//! Keys are 128-bit SipHash-1-3 digests of the HTML and sources: like git's object names, a
//! collision between two pages is not a practical concern, and a commune's HTML is not held
//! twice in memory.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::hash::Hasher as _;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

use accessibility::{Finding, PageSummary};
use rayon::prelude::*;
use siphasher::sip128::{Hasher128 as _, SipHasher13};

use crate::check::CheckedPage;
use crate::diagnostic::Diagnostic;
use crate::minify::{self, OutputFile};
use crate::model::{Page, PageId, Site};
use crate::pipeline;
use crate::render::{self, SiteContext, Theme};
use crate::sobriety::PageMeasure;

pub(crate) use crate::pipeline::SiteEntry;

/// A 128-bit content digest.
pub(crate) type Digest = u128;

/// One page, checked and minified.
#[derive(Debug)]
pub(crate) struct Finished {
    /// Shared with the cache: an unchanged page keeps the same bytes from one rebuild to the
    /// next, which makes comparing snapshots cheap.
    pub(crate) bytes: Arc<[u8]>,
    pub(crate) diagnostics: Vec<Diagnostic>,
    pub(crate) site_entry: SiteEntry,
    /// Its DOM size and the files it loads, resolved at each rebuild with the files' sizes.
    pub(crate) measure: PageMeasure,
    /// The HTML that was checked and minified, to keep those results while the page is reused.
    checked_html: Digest,
}

/// Everything about one output file that its check may read, besides the digested `Site`.
#[derive(Debug, PartialEq, Eq, Hash)]
struct PageKey {
    page: PageId,
    html: Digest,
    template: String,
    url: String,
    output: PathBuf,
    /// The page's source text: findings quote its lines.
    source: Option<Digest>,
}

type Checked = Arc<(Vec<Finding>, PageSummary)>;

/// What the latest rebuild used (older entries are dropped).
#[derive(Default)]
struct Memo {
    pages: HashMap<PageKey, Arc<Finished>>,
    /// RGAA checker results by digest of the final HTML.
    checks: HashMap<Digest, Checked>,
    /// Minified bytes by digest of the final HTML.
    minified: HashMap<Digest, Arc<[u8]>>,
}

/// The caches of the finish stages; see the module documentation.
#[derive(Default)]
pub(crate) struct FinishCache {
    /// `site_digest` of the latest rebuild: whole pages are reused only under the same one.
    site: String,
    memo: Memo,
}

impl FinishCache {
    /// Renders, checks and minifies every output file of `site`, in the order of
    /// `site.outputs`: each file's output path and finished page, or the error that stopped
    /// its rendering. `sources`: digest of each page source's text, by path.
    pub(crate) fn finish_all(
        &mut self,
        theme: &Theme,
        site: &Site,
        sources: &HashMap<PathBuf, Digest>,
    ) -> Vec<Result<(PathBuf, Arc<Finished>), Diagnostic>> {
        let site_now = site_digest(site);
        let same_site = site_now == self.site;
        let shared = SiteContext::new(site);
        let templates_dir = theme.templates_dir().display().to_string();
        let previous = &self.memo;
        let next = Mutex::new(Memo::default());
        let results = site
            .outputs
            .par_iter()
            .map(|job| {
                let rendered = render::render_page(theme, site, &shared, job)?;
                let key = PageKey {
                    page: rendered.page,
                    html: digest(&rendered.html),
                    template: rendered.template.clone(),
                    url: rendered.url.clone(),
                    output: rendered.output.clone(),
                    source: site.pages[rendered.page]
                        .source
                        .as_ref()
                        .and_then(|s| sources.get(&s.rel).copied()),
                };
                let reused = same_site.then(|| previous.pages.get(&key)).flatten();
                let done = match reused {
                    Some(done) => {
                        let mut next = lock(&next);
                        if let Some(checked) = previous.checks.get(&done.checked_html) {
                            next.checks.insert(done.checked_html, Arc::clone(checked));
                        }
                        next.minified
                            .insert(done.checked_html, Arc::clone(&done.bytes));
                        Arc::clone(done)
                    }
                    None => Arc::new(finish(rendered, site, &templates_dir, previous, &next)),
                };
                let output = key.output.clone();
                lock(&next).pages.insert(key, Arc::clone(&done));
                Ok((output, done))
            })
            .collect();
        self.site = site_now;
        self.memo = next.into_inner().unwrap_or_else(PoisonError::into_inner);
        results
    }
}

/// Checks and minifies one rendered page with the build's own function, handing it the RGAA
/// checker's results and the minified bytes of an HTML already seen.
fn finish(
    rendered: render::RenderedPage,
    site: &Site,
    templates_dir: &str,
    previous: &Memo,
    next: &Mutex<Memo>,
) -> Finished {
    let mut checked_html = None;
    let mut bytes = None;
    let checker = |html: &str| {
        let key = digest(html);
        let checked = match previous.checks.get(&key) {
            Some(checked) => Arc::clone(checked),
            None => Arc::new(accessibility::check_page_with_summary(html)),
        };
        lock(next).checks.insert(key, Arc::clone(&checked));
        (checked.0.clone(), checked.1.clone())
    };
    let minifier = |page: CheckedPage| {
        let key = digest(&page.html);
        let path = page.output.clone();
        let minified = match previous.minified.get(&key) {
            Some(minified) => Arc::clone(minified),
            None => Arc::from(minify::minify(page).bytes),
        };
        lock(next).minified.insert(key, Arc::clone(&minified));
        let file = OutputFile {
            path,
            bytes: minified.to_vec(),
        };
        checked_html = Some(key);
        bytes = Some(minified);
        file
    };
    let finished = pipeline::finish_page_with(rendered, site, templates_dir, checker, minifier);
    Finished {
        bytes: bytes.unwrap_or_else(|| Arc::from(finished.file.bytes.as_slice())),
        diagnostics: finished.diagnostics,
        site_entry: finished.site_entry,
        measure: finished.measure,
        checked_html: checked_html.unwrap_or_default(),
    }
}

fn lock(memo: &Mutex<Memo>) -> std::sync::MutexGuard<'_, Memo> {
    memo.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The 128-bit digest of `text`.
pub(crate) fn digest(text: &str) -> Digest {
    let mut hasher = SipHasher13::new();
    hasher.write(text.as_bytes());
    let hash = hasher.finish128();
    (u128::from(hash.h1) << 64) | u128::from(hash.h2)
}

/// Everything in `site` but the pages' Markdown HTML, as text: under equal digests, checking a
/// page can only come out differently through the page itself.
///
/// The destructurings list every field on purpose (no `..`): a field added to `Site` or `Page`
/// stops the compilation here until it is added to the digest, or skipped with a reason (only
/// what a page's own rendered HTML already carries may be skipped).
fn site_digest(site: &Site) -> String {
    let Site {
        slug,
        config,
        root,
        pages,
        outputs,
        assets,
        by_url,
        home,
        options,
        downloads,
        tags,
    } = site;
    let mut out = String::new();
    let _ = write!(
        out,
        "{slug:?}{config:?}{root:?}{outputs:?}{assets:?}{home:?}{options:?}"
    );
    // Maps without an order: sorted, so equal sites give equal digests.
    let mut urls: Vec<_> = by_url.iter().collect();
    urls.sort();
    let mut documents: Vec<_> = downloads.iter().collect();
    documents.sort_by(|a, b| a.0.cmp(b.0));
    let _ = write!(out, "{urls:?}{documents:?}{tags:?}");
    for page in pages {
        let Page {
            kind,
            url,
            title,
            description,
            date,
            weight,
            tags,
            draft,
            template,
            // The page's own HTML: in its rendered HTML, compared in `PageKey`.
            content: _,
            source,
            parent,
            children,
            event,
            act,
            per_page,
        } = page;
        let _ = write!(
            out,
            "\n{kind:?}{url:?}{title:?}{description:?}{date:?}{weight:?}{tags:?}{draft:?}\
             {template:?}{source:?}{parent:?}{children:?}{event:?}{act:?}{per_page:?}"
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_tell_pages_apart() {
        assert_eq!(digest("<p>a</p>"), digest("<p>a</p>"));
        assert_ne!(digest("<p>a</p>"), digest("<p>b</p>"));
        assert_ne!(digest(""), digest(" "));
    }
}
