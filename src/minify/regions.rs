//! Regions minified once per site.
//!
//! The checker reports a page's regions: the children of `<body>`, when `<body>` holds only
//! such elements (each closed by its own end tag) and whitespace
//! ([`accessibility::PageSummary::regions`]), and likewise those of `<head>`. minify-html
//! minifies a region alone exactly as inside `<body>` or `<head>`: the same whitespace rules
//! apply to a fragment and to `<body>`'s content, whitespace between the children of
//! `<head>` is dropped whatever they are, and closing tags are kept, so no element depends
//! on its neighbours. A region met on an earlier page is therefore replaced by a stand-in
//! element while the rest of the page is minified, then by its bytes, minified the second
//! time it was met.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Arc, Mutex, PoisonError};

use super::{OutputFile, whole};
use crate::check::CheckedPage;
use crate::digest::{Digest, digest};

/// An unknown, empty element: minify-html writes it back as it is.
const STAND_IN: &str = "<usine-region></usine-region>";

/// Minifies the pages of one site, reusing the regions they share.
#[derive(Default)]
pub struct Minifier {
    /// Regions by digest: `None` once seen, their minified bytes from the second time.
    regions: Mutex<HashMap<Digest, Option<Arc<[u8]>>>>,
}

impl Minifier {
    pub fn new() -> Self {
        Minifier::default()
    }

    pub fn minify(&self, page: CheckedPage) -> OutputFile {
        OutputFile {
            bytes: self.minify_html(&page.html, &page.regions),
            path: page.output,
        }
    }

    /// `groups`: lists of regions (those of `<head>`, those of `<body>`), each one used only
    /// if its regions lie in order with nothing but whitespace between them.
    fn minify_html(&self, html: &str, groups: &[Vec<Range<usize>>]) -> Vec<u8> {
        if html.contains("<usine-region") {
            return whole(html);
        }
        let mut rest = String::with_capacity(html.len());
        let mut known = Vec::new();
        let mut at = 0;
        let mut regions: Vec<&Range<usize>> = groups
            .iter()
            .filter(|group| well_separated(html, group))
            .flatten()
            .collect();
        // In page order even if `<head>` comes after `<body>`; a `<head>` written inside a
        // child of `<body>` overlaps it: such a page is minified whole.
        regions.sort_by_key(|range| range.start);
        if regions.windows(2).any(|pair| pair[0].end > pair[1].start) {
            return whole(html);
        }
        for range in regions {
            let region = &html[range.clone()];
            // The page's own content: never met again.
            if is_main(region) {
                continue;
            }
            if let Some(bytes) = self.known(region) {
                rest.push_str(&html[at..range.start]);
                rest.push_str(STAND_IN);
                at = range.end;
                known.push(bytes);
            }
        }
        if known.is_empty() {
            return whole(html);
        }
        rest.push_str(&html[at..]);
        let skeleton = whole(&rest);
        let stand_ins: Vec<usize> = memchr::memmem::find_iter(&skeleton, STAND_IN).collect();
        if stand_ins.len() != known.len() {
            return whole(html);
        }
        let size = skeleton.len() + known.iter().map(|k| k.len()).sum::<usize>();
        let mut out = Vec::with_capacity(size);
        let mut from = 0;
        for (found, bytes) in stand_ins.into_iter().zip(&known) {
            out.extend_from_slice(&skeleton[from..found]);
            out.extend_from_slice(bytes);
            from = found + STAND_IN.len();
        }
        out.extend_from_slice(&skeleton[from..]);
        out
    }

    /// The minified bytes of a region met on an earlier page (minified now if met only once
    /// before); `None` the first time.
    fn known(&self, region: &str) -> Option<Arc<[u8]>> {
        let key = digest(region);
        {
            let mut regions = self.lock();
            match regions.get(&key) {
                Some(Some(bytes)) => return Some(Arc::clone(bytes)),
                Some(None) => {}
                None => {
                    regions.insert(key, None);
                    return None;
                }
            }
        }
        let bytes: Arc<[u8]> = whole(region).into();
        self.lock().insert(key, Some(Arc::clone(&bytes)));
        Some(bytes)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Digest, Option<Arc<[u8]>>>> {
        self.regions.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The regions lie in order within the page, with only whitespace between them.
fn well_separated(html: &str, regions: &[Range<usize>]) -> bool {
    let mut previous: Option<usize> = None;
    regions.iter().all(|range| {
        let gap = previous.map_or(Some(""), |end| html.get(end..range.start));
        previous = Some(range.end);
        html.get(range.clone()).is_some()
            && gap.is_some_and(|gap| gap.bytes().all(|b| b.is_ascii_whitespace()))
    })
}

fn is_main(region: &str) -> bool {
    let bytes = region.as_bytes();
    bytes.len() > 5
        && bytes[..5].eq_ignore_ascii_case(b"<main")
        && matches!(
            bytes[5],
            b' ' | b'\t' | b'\n' | b'\r' | b'\x0C' | b'/' | b'>'
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pages of one site: the same header and footer, their own content.
    fn page(n: u32) -> String {
        format!(
            "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n  <meta charset=\"utf-8\">\n  <title>Page {n}</title>\n\
             <link rel=\"stylesheet\" href=\"/theme/site.css\" >\n <script src=\"/s.js\"  defer></script> </head>\n<body>\n\
             <header class=\"entete\">\n  <a href=\"/\" class=\"marque\">  Mairie   de <b>Lavigne</b> </a>\n\
             <nav aria-label=\"Menu\"><ul>\n<li><a href=\"/a/\">A</a></li>\n<li><a href=\"/b/\">B</a></li></ul></nav>\n</header>\n\
             <main id=\"contenu\">\n<h1>Page {n}</h1>\n<p>Du   texte <em>mis</em> en <a href=\"/x/\">forme</a>.</p>\n\
             <pre>  garde\n  ses   espaces </pre>\n</main>\n\
             <footer>\n<p>Pied <span>de</span> page</p>\n<address>1 place\n de la Mairie</address>\n</footer>\n\
             <script src=\"/theme/site.js\" defer></script>\n</body>\n</html>\n"
        )
    }

    /// The groups of regions the checker reports: those of `<head>`, those of `<body>`.
    fn regions(html: &str) -> [Vec<Range<usize>>; 2] {
        let summary = accessibility::check_page_with_summary(html).1;
        [summary.head_regions, summary.regions]
    }

    #[test]
    fn pages_get_the_bytes_of_a_whole_page_minification() {
        let minifier = Minifier::new();
        for n in 0..4 {
            let html = page(n);
            let regions = regions(&html);
            assert_eq!(regions.each_ref().map(Vec::len), [4, 4]);
            let bytes = minifier.minify_html(&html, &regions);
            assert_eq!(
                String::from_utf8_lossy(&bytes),
                String::from_utf8_lossy(&whole(&html))
            );
        }
        // In `<head>`, all but the title; in `<body>`, the header, the footer and the script:
        // each minified once, from the second page on.
        let known = minifier.lock().values().filter(|v| v.is_some()).count();
        assert_eq!(known, 6);
    }

    #[test]
    fn regions_of_a_head_after_the_body_are_taken_in_page_order() {
        let minifier = Minifier::new();
        let html = "<html><body><header><p>a</p></header>\n<main><p>b</p></main></body>\
                    <head><meta charset=utf-8></head></html>";
        let range = |part: &str| {
            let at = html.find(part).unwrap();
            at..at + part.len()
        };
        let groups = [
            vec![range("<meta charset=utf-8>")],
            vec![
                range("<header><p>a</p></header>"),
                range("<main><p>b</p></main>"),
            ],
        ];
        for _ in 0..3 {
            assert_eq!(minifier.minify_html(html, &groups), whole(html));
        }
    }

    #[test]
    fn pages_without_regions_or_with_a_stand_in_are_minified_whole() {
        let minifier = Minifier::new();
        let html = page(0).replace("<main", "<usine-region></usine-region><main");
        for _ in 0..3 {
            let regions = regions(&html);
            assert_eq!(minifier.minify_html(&html, &regions), whole(&html));
            assert_eq!(minifier.minify_html(&html, &[]), whole(&html));
        }
        assert!(minifier.lock().is_empty());
    }

    #[test]
    fn regions_must_lie_apart_with_only_whitespace_between() {
        let html = "<body><a></a> \n<b></b>x<i></i></body>";
        assert!(well_separated(html, &[6..13, 15..22]));
        assert!(!well_separated(html, &[6..13, 15..22, 23..30]));
        assert!(!well_separated(html, &[15..22, 6..13]));
        assert!(!well_separated(html, &[6..13, 15..100]));
    }

    #[test]
    fn main_is_told_from_other_elements() {
        assert!(is_main("<main id=x></main>"));
        assert!(is_main("<MAIN></MAIN>"));
        assert!(!is_main("<mainx></mainx>"));
        assert!(!is_main("<header></header>"));
    }
}
