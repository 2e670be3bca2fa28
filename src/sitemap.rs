//! `sitemap.xml` (sitemaps.org 0.9) and `robots.txt` for search engines.
//!
//! The sitemap lists every published HTML page (listing pages included, the 404 and search
//! pages left out) by its absolute address, with `lastmod` when the page has a date.
//! `robots.txt` allows everything and names the sitemap.

use std::fmt::Write as _;
use std::path::PathBuf;

use crate::escape::xml as xml_escape;
use crate::minify::OutputFile;
use crate::model::{Generated, PageKind, Site};

/// The two files, for `site_extras`.
pub fn files(site: &Site) -> Vec<OutputFile> {
    vec![
        OutputFile {
            path: PathBuf::from("sitemap.xml"),
            bytes: sitemap(site).into_bytes(),
        },
        OutputFile {
            path: PathBuf::from("robots.txt"),
            bytes: robots(site).into_bytes(),
        },
    ]
}

fn base(site: &Site) -> &str {
    site.config.identity.url.trim_end_matches('/')
}

/// The sitemap document.
pub fn sitemap(site: &Site) -> String {
    let base = base(site);
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for job in &site.outputs {
        let page = &site.pages[job.page];
        // Neither the 404 page nor the search page (empty without a query) is worth a visit.
        if matches!(
            page.kind,
            PageKind::Generated(Generated::NotFound | Generated::Search)
        ) {
            continue;
        }
        let _ = write!(
            out,
            "<url><loc>{}</loc>",
            xml_escape(&format!("{base}{}", job.url))
        );
        if let Some(date) = page.date {
            let _ = write!(out, "<lastmod>{date}</lastmod>");
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// `robots.txt`: every robot welcome, the sitemap named.
pub fn robots(site: &Site) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}/sitemap.xml\n",
        base(site)
    )
}
