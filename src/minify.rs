//! Stage 6, minify: checked HTML → bytes to write.
//!
//! With the `minify` feature (default), minify-html removes whitespace and comments but keeps
//! closing tags and the `<html>`/`<head>` opening tags: omitting them is valid HTML but trips
//! older assistive technologies and HTML validators used in audits.
//!
//! Most of a page is the same on every page of a site: the header, the footer, the style
//! sheets and metadata of `<head>`. A [`Minifier`] minifies such a region once and reuses its
//! bytes; only the rest of the page is minified each time.

use std::path::PathBuf;

use crate::check::CheckedPage;

/// A file ready to write into the site.
#[derive(Debug)]
pub struct OutputFile {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// Minifies one page alone.
pub fn minify(page: CheckedPage) -> OutputFile {
    OutputFile {
        bytes: whole(&page.html),
        path: page.output,
    }
}

#[cfg(not(feature = "minify"))]
fn whole(html: &str) -> Vec<u8> {
    html.as_bytes().to_vec()
}

#[cfg(not(feature = "minify"))]
mod regions {
    /// Without minify-html, pages are written as checked.
    #[derive(Default)]
    pub struct Minifier {
        _none: (),
    }

    impl Minifier {
        pub fn new() -> Self {
            Minifier::default()
        }

        pub fn minify(&self, page: super::CheckedPage) -> super::OutputFile {
            super::minify(page)
        }
    }
}

#[cfg(feature = "minify")]
fn whole(html: &str) -> Vec<u8> {
    use std::sync::OnceLock;
    static CONFIG: OnceLock<minify_html::Cfg> = OnceLock::new();
    let config = CONFIG.get_or_init(|| minify_html::Cfg {
        keep_closing_tags: true,
        keep_html_and_head_opening_tags: true,
        keep_comments: false,
        minify_css: false,
        minify_js: false,
        ..minify_html::Cfg::default()
    });
    minify_html::minify(html.as_bytes(), config)
}

#[cfg(feature = "minify")]
mod regions;

pub use regions::Minifier;
