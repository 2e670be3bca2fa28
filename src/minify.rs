//! Stage 6, minify: checked HTML → bytes to write.
//!
//! With the `minify` feature (default), minify-html removes whitespace and comments but keeps
//! closing tags and the `<html>`/`<head>` opening tags: omitting them is valid HTML but trips
//! older assistive technologies and HTML validators used in audits.

use std::path::PathBuf;

use crate::check::CheckedPage;

/// A file ready to write into the site.
#[derive(Debug)]
pub struct OutputFile {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

#[cfg(feature = "minify")]
pub fn minify(page: CheckedPage) -> OutputFile {
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
    OutputFile {
        path: page.output,
        bytes: minify_html::minify(page.html.as_bytes(), config),
    }
}

#[cfg(not(feature = "minify"))]
pub fn minify(page: CheckedPage) -> OutputFile {
    OutputFile {
        path: page.output,
        bytes: page.html.into_bytes(),
    }
}
