//! Finishing every page of a rebuild (render → check → minify), reusing what is proven not to
//! have changed. Two levels, both keyed by content, never by the watcher's events:
//!
//! 1. **Whole pages.** Finishing a page (rewrite, check, minify) reads its rendered HTML, its
//!    URL, template and output path, its source file (path, shown name, text), and from the rest
//!    of the `Site` only what [`finish_inputs`] digests (the configuration, the commune folder,
//!    the documents table). So under equal [`finish_inputs`], a page whose [`PageKey`] is
//!    unchanged is reused whole: editing a title re-renders every page (listings, menus and
//!    breadcrumbs show it) but finishes again only the pages whose HTML changed. The site-wide
//!    rules run again at every rebuild.
//! 2. **The stages that read the final HTML**, otherwise (`commune.toml`, a document's
//!    size…): every page is rewritten again; it is read again (RGAA checker, privacy and
//!    security rules) only if its HTML or the site's privacy policy changed, and minified again
//!    only if its HTML changed. These entries can never be stale, whatever else changed.
//!
//! Keys are 128-bit digests ([`crate::digest`]) of the HTML and sources: a commune's HTML is not
//! held twice in memory.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

use rayon::prelude::*;

use crate::check::{self, CheckedPage, Reading};
use crate::diagnostic::Diagnostic;
use crate::minify::{self, OutputFile};
use crate::model::{PageId, Site};
use crate::pipeline;
use crate::privacy::Policy;
use crate::render::{self, SiteContext, Theme};
use crate::sobriety::PageMeasure;

pub(crate) use crate::pipeline::SiteEntry;

pub(crate) use crate::digest::{Digest, digest};

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
    /// The page's source file (path, shown name) and a digest of its text: findings name the
    /// file and quote its lines.
    source: Option<(PathBuf, String, Digest)>,
}

type Checked = Arc<Reading>;

/// What the latest rebuild used (older entries are dropped).
#[derive(Default)]
struct Memo {
    pages: HashMap<PageKey, Arc<Finished>>,
    /// The privacy policy the pages were read under ([`Self::checks`]).
    policy: Option<Policy>,
    /// What reading the final HTML found (RGAA, privacy, security), by its digest.
    checks: HashMap<Digest, Checked>,
    /// Minified bytes by digest of the final HTML.
    minified: HashMap<Digest, Arc<[u8]>>,
}

/// The caches of the finish stages; see the module documentation.
#[derive(Default)]
pub(crate) struct FinishCache {
    /// [`finish_inputs`] of the latest rebuild: whole pages are reused only under the same one.
    inputs: String,
    memo: Memo,
    /// How many pages the latest rebuild finished again rather than reused whole.
    pub(crate) refinished: usize,
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
        let inputs_now = finish_inputs(site);
        let same_inputs = inputs_now == self.inputs;
        // The preview makes no search index: its search page says search is unavailable.
        let shared = SiteContext::new(site, false);
        let templates_dir = theme.templates_dir().display().to_string();
        let previous = &self.memo;
        let next = Mutex::new(Memo {
            policy: Some(Policy::new(&site.config)),
            ..Memo::default()
        });
        let refinished = std::sync::atomic::AtomicUsize::new(0);
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
                    source: site.pages[rendered.page].source.as_ref().map(|s| {
                        let text = sources.get(&s.rel).copied().unwrap_or_default();
                        (s.rel.clone(), s.display.clone(), text)
                    }),
                };
                let reused = same_inputs.then(|| previous.pages.get(&key)).flatten();
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
                    None => {
                        refinished.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        Arc::new(finish(rendered, site, &templates_dir, previous, &next))
                    }
                };
                let output = key.output.clone();
                lock(&next).pages.insert(key, Arc::clone(&done));
                Ok((output, done))
            })
            .collect();
        self.inputs = inputs_now;
        self.refinished = refinished.into_inner();
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
    let reader = |html: &str, policy: &Policy| {
        let key = digest(html);
        let same_policy = previous.policy.as_ref() == Some(policy);
        let checked = match previous.checks.get(&key).filter(|_| same_policy) {
            Some(checked) => Arc::clone(checked),
            None => Arc::new(check::read(html, policy)),
        };
        lock(next).checks.insert(key, Arc::clone(&checked));
        Reading::clone(&checked)
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
    let finished = pipeline::finish_page_with(rendered, site, templates_dir, reader, minifier);
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

/// What finishing a page reads from `site` besides the page's own [`PageKey`], as text.
///
/// The destructuring lists every field on purpose (no `..`): a field added to `Site` stops the
/// compilation here until it is digested, or skipped with the reason finishing never reads it.
fn finish_inputs(site: &Site) -> String {
    let Site {
        slug,
        // The privacy policy and the commune's identity come from here.
        config,
        // Source files are read again under it to quote the lines of findings.
        root,
        // Finishing reads a page's `source` only, which is in its `PageKey`; the rest of the
        // pages and the site's structure reach a page through its rendered HTML.
        pages: _,
        outputs: _,
        assets: _,
        by_url: _,
        home: _,
        options,
        // Download links get the format and size of their document.
        downloads,
        // Content images get their variants (srcset, width and height) at the rewrite.
        images,
        // The tag pages reach a page through its rendered HTML.
        tags: _,
    } = site;
    let mut documents: Vec<_> = downloads.iter().collect();
    documents.sort_by(|a, b| a.0.cmp(b.0));
    // The rewrite gives content images their srcset and size; where the bytes of a variant
    // are does not change a page, nor do the counts.
    let mut renditions: Vec<_> = images
        .renditions
        .iter()
        .map(|(url, r)| (url, r.srcset(), r.largest().width, r.largest().height))
        .collect();
    renditions.sort();
    format!("{slug:?}{config:?}{root:?}{options:?}{documents:?}{renditions:?}")
}
