//! The lol_html rewrite of every page, before it is checked: what the build injects or
//! removes lives here, never in the `accessibility` crate (which only reads).

use lol_html::{RewriteStrSettings, element, rewrite_str};

/// Rewrites one rendered page.
pub(crate) fn rewrite(html: &str) -> Result<String, lol_html::errors::RewritingError> {
    let settings = RewriteStrSettings::new().append_element_content_handler(element!(
        "a[target=_blank]",
        |el| {
            el.set_attribute("rel", "noopener noreferrer")?;
            Ok(())
        }
    ));
    rewrite_str(html, settings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_window_links_get_noopener() {
        let html = rewrite(r#"<a href="https://x.example" target="_blank">x</a>"#).unwrap();
        assert!(html.contains(r#"rel="noopener noreferrer""#));
    }
}
