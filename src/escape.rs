//! Escaping text for the HTML and XML the build writes without a template engine (embed
//! placeholders, the preview's overlay, the steering report, sitemap and feeds).

/// Escapes text for an HTML attribute value or text node.
pub fn html(text: &str) -> String {
    escape(text, "&#39;")
}

/// Escapes text for XML content and attribute values (`&apos;`, which HTML 4 lacked).
pub fn xml(text: &str) -> String {
    escape(text, "&apos;")
}

fn escape(text: &str, apostrophe: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str(apostrophe),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_neutralises_markup() {
        assert_eq!(
            html("<a href=\"x\">'&"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;"
        );
    }

    #[test]
    fn xml_escapes_markup() {
        assert_eq!(xml("a&b<\"c\">'"), "a&amp;b&lt;&quot;c&quot;&gt;&apos;");
    }
}
