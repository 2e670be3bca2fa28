//! Content images (issue #7; RGESN 5.1, 5.2 and 6.4): each JPEG, PNG or GIF that a page's
//! Markdown shows is published in a few widths, in a format chosen for its kind (see
//! [`policy`]), through a cache keyed by content (see [`cache`]).
//!
//! 1. `model::markdown` records every Markdown image of such a file as an [`ImageRef`] (with
//!    its file and line) instead of an asset to copy.
//! 2. [`prepare`], called by the model, takes each distinct source once, in parallel: reads
//!    it, hashes it, reads its header (format, size, orientation) and refuses what is not an
//!    image or is too big; then finds its variants in the [`Store`], or decodes it once and
//!    makes the missing ones. The result is one [`Rendition`] per source, in the `Site`.
//! 3. The check stage's rewrite gives each `<img>` of the Markdown whose `src` has a
//!    rendition its `srcset`, `sizes`, `width`, `height`, `loading` and `decoding`.
//! 4. The write stage links the variants from the cache into the site; the original file
//!    is not published (unless a link leads to it).
//!
//! Without the cargo feature `images`, the sources are copied as they are, without
//! `width`/`height`: nothing reads their header.

mod cache;
#[cfg(feature = "images")]
mod codec;
#[cfg(feature = "images")]
mod convert;
pub mod policy;

pub use cache::{CACHE_DIR, Pruned, Store, Stored, UNUSED_GRACE};

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Location};

/// A Markdown image showing a JPEG, PNG or GIF file of the commune.
#[derive(Debug, Clone)]
pub struct ImageRef {
    /// The file, relative to the commune folder.
    pub source: PathBuf,
    /// Its URL as the Markdown's HTML gives it: `/mairie/facade.png`.
    pub url: String,
    /// Where the Markdown shows it, for the diagnostics about the file.
    pub location: Location,
    pub source_line: String,
}

/// The published widths of one source image.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendition {
    /// Ascending widths; the largest is the `src`.
    pub variants: Vec<Variant>,
}

/// One published file of a rendition.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    pub width: u32,
    pub height: u32,
    /// `/mairie/facade-800w.webp`.
    pub url: String,
    /// Its name in the cache.
    pub file: String,
    pub stored: Stored,
}

impl Rendition {
    pub fn largest(&self) -> &Variant {
        // `prepare` never makes a rendition without variants.
        &self.variants[self.variants.len() - 1]
    }

    /// `/a-480w.jpg 480w, /a-800w.jpg 800w`.
    pub fn srcset(&self) -> String {
        let entries: Vec<String> = self
            .variants
            .iter()
            .map(|v| format!("{} {}w", v.url, v.width))
            .collect();
        entries.join(", ")
    }

    pub fn sizes(&self) -> String {
        policy::sizes(self.largest().width)
    }
}

/// The content images of a site.
#[derive(Debug, Default)]
pub struct Images {
    /// By the URL the Markdown gives the source (`/mairie/facade.png`).
    pub renditions: HashMap<String, Rendition>,
    pub counts: Counts,
}

impl Images {
    /// Every variant with its output path in the site (`mairie/facade-800w.webp`).
    pub fn outputs(&self) -> Vec<(Stored, PathBuf)> {
        let mut outputs: Vec<(Stored, PathBuf)> = self
            .renditions
            .values()
            .flat_map(|r| &r.variants)
            .map(|v| {
                (
                    v.stored.clone(),
                    PathBuf::from(v.url.trim_start_matches('/')),
                )
            })
            .collect();
        outputs.sort_by(|a, b| a.1.cmp(&b.1));
        outputs
    }
}

/// What the image step did, for the build report: sources decoded and encoded, and sources
/// whose variants were all in the cache (a rebuild of unchanged images shows 0 converted).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub converted: usize,
    pub from_cache: usize,
}

/// The outcome of [`prepare`].
#[derive(Debug, Default)]
pub struct Prepared {
    pub images: Images,
    /// Sources published as they are (animated GIFs; every source without the feature):
    /// (source relative to the commune folder, output path).
    pub copied: Vec<(PathBuf, String)>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Turns every referenced image into its rendition, each distinct source once and in
/// parallel; problems are errors on every Markdown line that shows the image.
pub fn prepare(root: &Path, refs: Vec<ImageRef>, store: &Store) -> Prepared {
    let mut by_source: BTreeMap<PathBuf, Vec<ImageRef>> = BTreeMap::new();
    for image in refs {
        by_source
            .entry(image.source.clone())
            .or_default()
            .push(image);
    }
    #[cfg(feature = "images")]
    return convert::prepare(root, by_source, store);
    #[cfg(not(feature = "images"))]
    {
        let _ = (root, store);
        Prepared {
            copied: by_source.values().map(|refs| as_it_is(&refs[0])).collect(),
            ..Prepared::default()
        }
    }
}

/// The source published under its own name.
fn as_it_is(image: &ImageRef) -> (PathBuf, String) {
    let output = image.url.trim_start_matches('/').to_owned();
    (image.source.clone(), output)
}
