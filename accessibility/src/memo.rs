//! Regions tokenized once per site.
//!
//! Most of a page is the same on every page of a site: the header, the menu, the footer.
//! lol_html's tokenizer is about a third of the checker's pass. A region met on an earlier
//! page does not need it again: the walker replays the start tags lol_html reported there,
//! and runs every rule on them as usual. Only lol_html's work is skipped, never a rule's, so
//! findings and summaries are the same as without the memo (debug builds check it on every
//! page they replay into).
//!
//! A region is a child of `<body>` other than `<main>` (the page's own content), in HTML,
//! whose content lol_html does not read as raw text, closed by its own end tag while no
//! element inside is left open, without a raw-text element or a doctype inside (see
//! `State::start_tag` and `State::close` in the walker).
//! The tokenizer reads such a region's content the same way wherever it starts in that state,
//! and leaves it in the state it found. On a later page, the walker confirms that state when
//! lol_html reports the region's start tag; lol_html then reads blanks in place of the
//! content (offsets stay those of the page), then the region's end tag.
//!
//! A region is kept the second time it is met: a region met once (a breadcrumb, say) is
//! likely the page's own.

use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use memchr::memmem;

/// Regions larger than this are not kept: they are likely a page's own.
const MAX_REGION_BYTES: usize = 64 * 1024;
/// Regions kept per memo: a site has a few headers (one per menu entry the page is in), a
/// footer, skip links.
const MAX_REGIONS: usize = 256;
/// Distinct start tags of kept regions: each one is searched for in every page.
const MAX_ROOTS: usize = 16;
/// Regions remembered as met once.
const MAX_SEEN: usize = 1 << 16;

/// The regions of one site's pages, shared by the pages checked in parallel.
///
/// Use one memo per site (or folder of pages): the regions of one site do not repeat in
/// another.
#[derive(Default)]
pub struct RegionMemo {
    inner: Mutex<Inner>,
    /// Regions replayed so far.
    replays: AtomicUsize,
}

#[derive(Default)]
struct Inner {
    /// Shared with the pages being planned while a region is added.
    roots: Arc<Vec<Root>>,
    regions: usize,
    /// Hashes of the regions met once.
    seen: HashSet<u64>,
}

/// The kept regions that start with one start tag.
#[derive(Clone)]
struct Root {
    finder: memmem::Finder<'static>,
    regions: Vec<Arc<Region>>,
}

/// A region and the start tags lol_html reported in its content.
#[derive(Debug)]
pub(crate) struct Region {
    /// The region, from its start tag to the end of its end tag.
    pub(crate) html: Box<str>,
    /// The length of its start tag.
    pub(crate) start_tag: usize,
    /// Where its end tag starts.
    pub(crate) end_tag: usize,
    pub(crate) tags: Vec<Tag>,
}

/// A start tag of a region's content; positions from the start of the region.
#[derive(Debug)]
pub(crate) struct Tag {
    /// Its `<`.
    pub(crate) at: usize,
    /// Just after its `>`.
    pub(crate) end: usize,
    pub(crate) name: Range<usize>,
    /// Each attribute's name and value (none for an attribute without `=`).
    pub(crate) attrs: Vec<(Range<usize>, Option<Range<usize>>)>,
    pub(crate) can_have_content: bool,
}

/// A region being read by lol_html, recorded for later pages.
#[derive(Debug)]
pub(crate) struct Recording {
    /// The frame of its element.
    pub(crate) serial: u32,
    pub(crate) at: usize,
    pub(crate) start_tag_end: usize,
    pub(crate) tags: Vec<Tag>,
    /// Something the replay could not reproduce happened in it.
    pub(crate) unusable: bool,
    /// Where its end tag lies, once read.
    pub(crate) end_tag: Option<Range<usize>>,
}

impl Recording {
    pub(crate) fn new(serial: u32, at: usize, start_tag_end: usize) -> Self {
        Recording {
            serial,
            at,
            start_tag_end,
            tags: Vec::new(),
            unusable: false,
            end_tag: None,
        }
    }
}

impl RegionMemo {
    pub fn new() -> Self {
        RegionMemo::default()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A page that panicked leaves the memo as consistent as before it.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The kept regions found in `html`: (offset, region), in page order, not overlapping.
    /// The walker still confirms each one where lol_html reports its start tag.
    pub(crate) fn plan(&self, html: &str) -> Vec<(usize, Arc<Region>)> {
        let roots = Arc::clone(&self.lock().roots);
        let mut found = Vec::new();
        for root in roots.iter() {
            for at in root.finder.find_iter(html.as_bytes()) {
                let rest = &html.as_bytes()[at..];
                let region = root
                    .regions
                    .iter()
                    .find(|r| rest.starts_with(r.html.as_bytes()));
                if let Some(region) = region {
                    found.push((at, Arc::clone(region)));
                }
            }
        }
        found.sort_by_key(|(at, _)| *at);
        let mut end = 0;
        found.retain(|(at, region)| {
            let keep = *at >= end;
            if keep {
                end = at + region.html.len();
            }
            keep
        });
        found
    }

    /// The walker replayed a region.
    pub(crate) fn replayed(&self) {
        self.replays.fetch_add(1, Ordering::Relaxed);
    }

    /// How many regions were replayed instead of tokenized, over all the pages so far.
    pub fn replays(&self) -> usize {
        self.replays.load(Ordering::Relaxed)
    }

    /// Keeps the regions `html` recorded that were met on an earlier page.
    pub(crate) fn offer(&self, html: &str, recordings: Vec<Recording>) {
        for rec in recordings {
            let Some(end_tag) = rec.end_tag.filter(|_| !rec.unusable) else {
                continue;
            };
            let Some(region) = html.get(rec.at..end_tag.end) else {
                continue;
            };
            if region.len() > MAX_REGION_BYTES {
                continue;
            }
            let mut hasher = DefaultHasher::new();
            region.hash(&mut hasher);
            let hash = hasher.finish();
            let mut inner = self.lock();
            if inner.regions >= MAX_REGIONS || inner.knows(region) {
                continue;
            }
            if inner.seen.len() < MAX_SEEN && inner.seen.insert(hash) {
                continue;
            }
            inner.add(Region {
                html: region.into(),
                start_tag: rec.start_tag_end - rec.at,
                end_tag: end_tag.start - rec.at,
                tags: rec.tags,
            });
        }
    }
}

impl Inner {
    fn knows(&self, region: &str) -> bool {
        self.roots
            .iter()
            .flat_map(|root| &root.regions)
            .any(|r| *r.html == *region)
    }

    fn add(&mut self, region: Region) {
        let start_tag = region.html.as_bytes()[..region.start_tag].to_vec();
        let mut roots = Vec::clone(&self.roots);
        if let Some(root) = roots.iter_mut().find(|r| r.finder.needle() == start_tag) {
            root.regions.push(Arc::new(region));
        } else if roots.len() < MAX_ROOTS {
            roots.push(Root {
                finder: memmem::Finder::new(&start_tag).into_owned(),
                regions: vec![Arc::new(region)],
            });
        } else {
            return;
        }
        self.regions += 1;
        self.roots = Arc::new(roots);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::walker::walk;
    use crate::{Finding, PageSummary};

    const HEADER: &str = "<header role=banner><a href=/ ><img src=/logo.png></a>\n\
        <svg aria-hidden=true><path d=M0/></svg><nav aria-label=Menu><ul>\
        <li><a href=/mairie/>Mairie</a><li><a href=/demarches/ ID=menu>Démarches</a></ul></nav>\
        </header>";
    const FOOTER: &str = "<footer><p>Accessibilité : partiellement conforme</p>\
        <a href=/plan-du-site/>Plan du site</a></footer>";

    fn page(header: &str, main: &str) -> String {
        format!(
            "<!doctype html><html lang=fr><head><title>{main}</title></head><body>\n\
             <a href=#contenu class=evitement>Aller au contenu</a>\n{header}\n\
             <main id=contenu><h1>{main}</h1><p>{main}</p></main>\n{FOOTER}\n</body></html>"
        )
    }

    /// Checks `html` with and without `memo`: the same findings, summary and start tags.
    fn check(html: &str, memo: &RegionMemo) -> (Vec<Finding>, PageSummary) {
        let mut seen = Vec::new();
        let with = walk(
            html,
            &mut |t| seen.push((t.name().to_owned(), t.offset())),
            Some(memo),
        );
        let mut expected = Vec::new();
        let without = walk(
            html,
            &mut |t| expected.push((t.name().to_owned(), t.offset())),
            None,
        );
        assert_eq!(with, without);
        assert_eq!(seen, expected);
        with
    }

    fn kept(memo: &RegionMemo) -> usize {
        memo.lock().regions
    }

    #[test]
    fn regions_met_twice_are_kept_then_replayed_with_the_same_findings() {
        let memo = RegionMemo::new();
        check(&page(HEADER, "Un"), &memo);
        assert_eq!(kept(&memo), 0, "met once");
        check(&page(HEADER, "Deux"), &memo);
        // The skip link, the header and the footer; not `<main>`.
        assert_eq!(kept(&memo), 3);
        let third = page(HEADER, "Trois");
        let (findings, summary) = check(&third, &memo);
        assert_eq!(memo.replays(), 3);
        // The logo without a text alternative, found in the replayed header, where it is.
        let logo = findings.iter().find(|f| f.rule == "1.1.1").expect("1.1.1");
        assert_eq!(logo.offset, third.find("<img").unwrap());
        assert_eq!(summary.regions.len(), 4, "{summary:?}");
    }

    #[test]
    fn a_variant_of_a_region_is_a_region_of_its_own() {
        let memo = RegionMemo::new();
        let current = HEADER.replace("<a href=/mairie/>", "<a href=/mairie/ aria-current=page>");
        for header in [HEADER, HEADER, &current, &current, HEADER, &current] {
            check(&page(header, "Page"), &memo);
        }
        assert_eq!(kept(&memo), 4);
        // Pages 3 and 4: the skip link and the footer; pages 5 and 6: the header too.
        assert_eq!(memo.replays(), 2 + 2 + 3 + 3);
    }

    #[test]
    fn a_region_met_where_the_tokenizer_reads_no_markup_is_read_again() {
        let memo = RegionMemo::new();
        check(&page(HEADER, "Un"), &memo);
        check(&page(HEADER, "Deux"), &memo);
        let before = memo.replays();
        for hidden in [
            format!("<!-- {HEADER} -->"),
            format!("<textarea>{HEADER}</textarea>"),
            format!("<div title='{HEADER}'></div>"),
            format!("<div>{HEADER}</div>"),
            format!("<svg>{HEADER}</svg>"),
        ] {
            let html = page(&hidden, "Piège");
            check(&html, &memo);
        }
        // Only the skip link and the footer, each time.
        assert_eq!(memo.replays() - before, 2 * 5);
    }

    #[test]
    fn regions_lol_html_would_not_end_as_it_started_are_not_kept() {
        let memo = RegionMemo::new();
        for header in [
            "<header><p>Un paragraphe jamais fermé</header>",
            "<header><div>Un bloc jamais fermé</header>",
            "<header><script>let a = 1;</script></header>",
            "<header><svg><title>Logo</title></header>",
        ] {
            for _ in 0..3 {
                check(&page(header, "Page"), &memo);
            }
        }
        // The skip link and the footer only.
        assert_eq!(kept(&memo), 2);
    }
}
