//! Stage 5, check and rewrite: rendered HTML → the HTML to publish, with its findings.
//!
//! 1. Rewrite with lol_html (links that open a new window get `rel="noopener noreferrer"`;
//!    later issues add download details and embed placeholders here).
//! 2. Remove the Markdown line markers, remembering where each stood.
//! 3. Run the RGAA checker (`accessibility` crate) on the final HTML and turn its findings into
//!    diagnostics that name the Markdown file and line when the element came from a page's
//!    Markdown, else the template.

use std::path::PathBuf;

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Site;
use crate::model::markdown::LINE_MARKER_PREFIX;
use crate::render::RenderedPage;

mod rewrite;

use rewrite::rewrite;

/// A page ready to minify and write.
#[derive(Debug)]
pub struct CheckedPage {
    pub url: String,
    pub output: PathBuf,
    pub html: String,
    pub diagnostics: Vec<Diagnostic>,
}

/// Checks and rewrites one page.
pub fn check_page(rendered: RenderedPage, site: &Site, templates_dir: &str) -> CheckedPage {
    let mut diagnostics = Vec::new();
    let rewritten = match rewrite(&rendered.html) {
        Ok(html) => html,
        Err(err) => {
            diagnostics.push(
                Diagnostic::error(
                    "verification.reecriture",
                    format!("page illisible par le réécrivain HTML : {err}"),
                )
                .in_file(&format!("{templates_dir}/{}", rendered.template)),
            );
            rendered.html
        }
    };
    let (html, markers) = strip_markers(&rewritten);
    let findings = accessibility::check_page(&html);
    if !findings.is_empty() {
        let page = &site.pages[rendered.page];
        let source_text = page
            .source
            .as_ref()
            .and_then(|s| std::fs::read_to_string(site.root.join(&s.rel)).ok())
            .unwrap_or_default();
        for finding in findings {
            let severity = match finding.severity {
                accessibility::Severity::Error => Severity::Error,
                _ => Severity::Review,
            };
            let axe = finding
                .axe
                .map(|a| format!(", axe {a}"))
                .unwrap_or_default();
            let message = format!(
                "RGAA {}{axe} : {} (page {})",
                finding.rule, finding.message, rendered.url
            );
            let diagnostic = Diagnostic::new(severity, finding.rule, message);
            let diagnostic = match (markdown_line(&markers, finding.offset), &page.source) {
                (Some(line), Some(source)) => diagnostic.at(&source.display, &source_text, line, 1),
                _ => diagnostic.in_file(&format!("{templates_dir}/{}", rendered.template)),
            };
            diagnostics.push(diagnostic);
        }
    }
    CheckedPage {
        url: rendered.url,
        output: rendered.output,
        html,
        diagnostics,
    }
}

/// Removes `<!--l:N-->` markers; returns the clean HTML and (offset in it, N) pairs.
fn strip_markers(html: &str) -> (String, Vec<(usize, u32)>) {
    let open = format!("<!--{LINE_MARKER_PREFIX}");
    let mut out = String::with_capacity(html.len());
    let mut markers = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find(&open) {
        let after = &rest[start + open.len()..];
        let Some(end) = after.find("-->") else { break };
        let Ok(line) = after[..end].parse::<u32>() else {
            out.push_str(&rest[..start + open.len()]);
            rest = after;
            continue;
        };
        out.push_str(&rest[..start]);
        markers.push((out.len(), line));
        rest = &after[end + 3..];
    }
    out.push_str(rest);
    (out, markers)
}

/// The Markdown line of the element at `offset`, if it lies inside the Markdown region.
fn markdown_line(markers: &[(usize, u32)], offset: usize) -> Option<u32> {
    let index = markers.partition_point(|&(at, _)| at <= offset);
    let (_, line) = markers.get(index.checked_sub(1)?)?;
    (*line > 0).then_some(*line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_removed_and_located() {
        let (html, markers) =
            strip_markers("<main><!--l:5--><p>a</p><!--l:7--><p>b</p><!--l:0--></main>");
        assert_eq!(html, "<main><p>a</p><p>b</p></main>");
        assert_eq!(markers, vec![(6, 5), (14, 7), (22, 0)]);
        assert_eq!(markdown_line(&markers, 15), Some(7));
        assert_eq!(markdown_line(&markers, 2), None);
        assert_eq!(markdown_line(&markers, 23), None);
    }
}
