//! What the server shows: an immutable snapshot of the commune's site, replaced whole.
//!
//! The rebuild loop is the only writer: it makes a new [`Preview`] and swaps it in with
//! [`Shared::publish`]. Readers clone the `Arc` of the current one and never see a half-made
//! site, the in-memory counterpart of the build's staging folder and atomic swap.
//!
//! Why memory rather than a preview folder on disk: a rebuild then writes nothing (thousands of
//! files per keystroke otherwise), unchanged pages share their bytes with the previous
//! snapshot, and nothing is left to clean when the preview stops. Copied files (images,
//! documents, theme CSS) are not held: they are read from their source when asked, which is
//! exactly what a build would copy.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

use crate::diagnostic::Diagnostic;

use super::events::Reloads;

/// The content of one file of the site.
#[derive(Debug, Clone)]
pub(crate) enum Body {
    /// Made by the build (pages, the commune's stylesheet).
    Bytes(Arc<[u8]>),
    /// Copied by the build from this file.
    File(PathBuf),
}

impl PartialEq for Body {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Body::Bytes(a), Body::Bytes(b)) => Arc::ptr_eq(a, b) || a == b,
            (Body::File(a), Body::File(b)) => a == b,
            _ => false,
        }
    }
}

/// One successful build of the commune.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct SiteFiles {
    /// By output path inside the site, with `/` separators: `mairie/index.html`.
    pub(crate) files: HashMap<String, Body>,
    /// Accessibility findings to review, by output path of the page they are about.
    pub(crate) findings: HashMap<String, Vec<Diagnostic>>,
    /// Findings of the site-wide rules.
    pub(crate) site_findings: Vec<Diagnostic>,
    /// Warnings of the build, shown on stderr.
    pub(crate) warnings: Vec<Diagnostic>,
}

/// What the server shows right now.
#[derive(Debug)]
pub(crate) struct Preview {
    /// Grows by one with every snapshot; browsers reload when it changes.
    pub(crate) generation: u64,
    /// The last good site; `None` until a build succeeds.
    pub(crate) site: Option<Arc<SiteFiles>>,
    /// The errors of the latest build when it failed: shown over the last good site.
    pub(crate) problems: Vec<Diagnostic>,
}

impl Preview {
    fn initial() -> Preview {
        Preview {
            generation: 0,
            site: None,
            problems: Vec::new(),
        }
    }

    /// The snapshot after a successful build, or `None` when nothing visible changed (an
    /// editor's swap file, a save without changes): browsers then need no reload.
    pub(crate) fn built(current: &Preview, site: SiteFiles) -> Option<Preview> {
        let unchanged = current.problems.is_empty()
            && current.site.as_deref().is_some_and(|shown| *shown == site);
        (!unchanged).then(|| Preview {
            generation: current.generation + 1,
            site: Some(Arc::new(site)),
            problems: Vec::new(),
        })
    }

    /// The snapshot after a failed build: the last good site with the new problems.
    pub(crate) fn failed(current: &Preview, problems: Vec<Diagnostic>) -> Option<Preview> {
        (current.problems != problems).then(|| Preview {
            generation: current.generation + 1,
            site: current.site.clone(),
            problems,
        })
    }
}

/// What the rebuild loop and the server threads share: the current snapshot (replaced whole,
/// never changed in place) and the browsers waiting for the next one.
pub(crate) struct Shared {
    current: Mutex<Arc<Preview>>,
    pub(crate) reloads: Reloads,
}

impl Shared {
    pub(crate) fn new() -> Shared {
        Shared {
            current: Mutex::new(Arc::new(Preview::initial())),
            reloads: Reloads::default(),
        }
    }

    pub(crate) fn current(&self) -> Arc<Preview> {
        let current = self.current.lock().unwrap_or_else(PoisonError::into_inner);
        Arc::clone(&current)
    }

    /// Swaps in `next` and tells every browser.
    pub(crate) fn publish(&self, next: Preview) {
        let generation = next.generation;
        *self.current.lock().unwrap_or_else(PoisonError::into_inner) = Arc::new(next);
        self.reloads.announce(generation);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(page: &[u8]) -> SiteFiles {
        let mut site = SiteFiles::default();
        site.files
            .insert("index.html".into(), Body::Bytes(Arc::from(page)));
        site
    }

    #[test]
    fn same_site_needs_no_reload() {
        let first = Preview::built(&Preview::initial(), site(b"a")).unwrap();
        assert_eq!(first.generation, 1);
        assert!(Preview::built(&first, site(b"a")).is_none());
        assert_eq!(Preview::built(&first, site(b"b")).unwrap().generation, 2);
    }

    #[test]
    fn failure_keeps_the_last_good_site_until_fixed() {
        let good = Preview::built(&Preview::initial(), site(b"a")).unwrap();
        let problem = vec![Diagnostic::error("x", "cassé")];
        let broken = Preview::failed(&good, problem.clone()).unwrap();
        assert_eq!(broken.site, good.site);
        assert!(Preview::failed(&broken, problem).is_none());
        // Fixed with the same output as before: the overlay must still go away.
        let fixed = Preview::built(&broken, site(b"a")).unwrap();
        assert!(fixed.problems.is_empty());
        assert_eq!(fixed.generation, 3);
    }
}
