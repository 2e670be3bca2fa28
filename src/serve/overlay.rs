//! What the preview adds to each HTML page as it is sent (never to the site's files):
//!
//! - when the latest build failed, the errors in French over the last good page: file and
//!   line, the excerpt as `usine build` prints it, the hint;
//! - a collapsible panel with the accessibility findings of the page being viewed;
//! - the reload script, with the generation the page was served from.
//!
//! Everything is markup plus an external stylesheet and script (`/_usine/…`): no inline style
//! or script, so it works under the site's strict Content-Security-Policy. The block sits
//! between `<!--usine:apercu-->` and `<!--/usine:apercu-->`.

use std::fmt::Write as _;

use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::escape::html as escape;
use crate::report::render_diagnostic;

use super::preview::Preview;

/// Marks the start of the injected block.
pub(crate) const START: &str = "<!--usine:apercu-->";
/// Marks its end.
pub(crate) const END: &str = "<!--/usine:apercu-->";

/// `html` with the preview block before its `</body>` (at its end if it has none).
pub(crate) fn inject(html: &[u8], preview: &Preview, file: &str) -> Vec<u8> {
    let block = block(preview, file);
    let at = find_last(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + block.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(block.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .rposition(|window| window.eq_ignore_ascii_case(needle))
}

/// The page shown before any build has succeeded.
pub(crate) fn waiting_page(preview: &Preview) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\">\
         <title>Aperçu – Usine à sites</title></head><body><main>\
         <h1>Le site n'a pas encore pu être construit</h1>\
         <p>Corrigez les erreurs indiquées puis enregistrez : cette page se mettra à jour \
         toute seule.</p></main>{}</body></html>\n",
        block(preview, "")
    )
}

/// The injected block for the page at output path `file`.
fn block(preview: &Preview, file: &str) -> String {
    let mut out = String::new();
    out.push_str(START);
    out.push_str(
        "<link rel=\"stylesheet\" href=\"/_usine/apercu.css\"><div id=\"usine-apercu\" lang=\"fr\">",
    );
    if !preview.problems.is_empty() {
        errors(&mut out, &preview.problems, preview.site.is_some());
    }
    if let Some(site) = &preview.site {
        let findings = site.findings.get(file).map(Vec::as_slice).unwrap_or(&[]);
        accessibility(&mut out, findings, &site.site_findings);
    }
    let _ = write!(
        out,
        "</div><script src=\"/_usine/rechargement.js\" data-generation=\"{}\" defer></script>",
        preview.generation
    );
    out.push_str(END);
    out
}

fn errors(out: &mut String, problems: &[Diagnostic], has_site: bool) {
    let count = problems.len();
    let _ = write!(
        out,
        "<details class=\"usine-erreurs\" open><summary>{}</summary>",
        if count == 1 {
            "Une erreur empêche de construire le site".to_owned()
        } else {
            format!("{count} erreurs empêchent de construire le site")
        }
    );
    if has_site {
        out.push_str(
            "<p>La page affichée est la dernière version correcte. Corrigez puis enregistrez : \
             l'aperçu se met à jour tout seul.</p>",
        );
    }
    out.push_str("<ol>");
    for problem in problems {
        out.push_str("<li>");
        diagnostic(out, problem);
        out.push_str("</li>");
    }
    out.push_str("</ol></details>");
}

fn accessibility(out: &mut String, findings: &[Diagnostic], site_findings: &[Diagnostic]) {
    let summary = match findings.len() {
        0 => "Accessibilité : aucun point relevé automatiquement sur cette page".to_owned(),
        1 => "Accessibilité : 1 point à vérifier sur cette page".to_owned(),
        n => format!("Accessibilité : {n} points à vérifier sur cette page"),
    };
    let _ = write!(
        out,
        "<details class=\"usine-accessibilite\"><summary>{summary}</summary>"
    );
    if findings.is_empty() {
        out.push_str(
            "<p>La vérification automatique ne remplace pas une relecture : textes \
             alternatifs pertinents, titres dans l'ordre, liens explicites.</p>",
        );
    } else {
        list(out, findings);
    }
    if !site_findings.is_empty() {
        let _ = write!(
            out,
            "<p class=\"usine-site\">Sur l'ensemble du site : {}</p>",
            match site_findings.len() {
                1 => "1 point à vérifier".to_owned(),
                n => format!("{n} points à vérifier"),
            }
        );
        list(out, site_findings);
    }
    out.push_str("</details>");
}

fn list(out: &mut String, findings: &[Diagnostic]) {
    out.push_str("<ul>");
    for finding in findings {
        let class = match finding.severity {
            Severity::Error => "usine-bloquant",
            _ => "usine-a-verifier",
        };
        let _ = write!(out, "<li class=\"{class}\">");
        diagnostic(out, finding);
        out.push_str("</li>");
    }
    out.push_str("</ul>");
}

/// One diagnostic: where, the excerpt as the terminal shows it, the hint.
fn diagnostic(out: &mut String, diagnostic: &Diagnostic) {
    if let Some(location) = &diagnostic.location {
        let _ = write!(
            out,
            "<p class=\"usine-lieu\"><code>{}</code></p>",
            escape(&place(location))
        );
    }
    let _ = write!(
        out,
        "<p class=\"usine-message\">{}</p>",
        escape(&diagnostic.message)
    );
    // The hint has its own paragraph: render the rest as `usine build` prints it.
    let excerpt = Diagnostic {
        hint: None,
        ..diagnostic.clone()
    };
    let _ = write!(
        out,
        "<pre>{}</pre>",
        escape(&render_diagnostic(&excerpt, false))
    );
    if let Some(hint) = &diagnostic.hint {
        let _ = write!(
            out,
            "<p class=\"usine-conseil\"><strong>Conseil :</strong> {}</p>",
            escape(hint)
        );
    }
}

/// `file:line:column`, the form editors' tools open directly; the file alone without a line.
fn place(location: &Location) -> String {
    if location.line == 0 {
        location.file.clone()
    } else {
        format!("{}:{}:{}", location.file, location.line, location.column)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::serve::preview::SiteFiles;

    fn broken() -> Preview {
        let problem = Diagnostic::error("page.toml", "valeur invalide <ici>")
            .at("communes/x/contenu/a.md", "+++\nordre = un\n+++\n", 2, 9)
            .with_hint("écrivez un nombre.");
        Preview {
            generation: 4,
            site: Some(Arc::new(SiteFiles::default())),
            problems: vec![problem],
        }
    }

    #[test]
    fn overlay_names_file_line_message_and_hint() {
        let html = inject(
            b"<html><body><p>x</p></body></html>",
            &broken(),
            "index.html",
        );
        let html = String::from_utf8(html).unwrap();
        assert!(html.starts_with("<html><body><p>x</p><!--usine:apercu-->"));
        assert!(html.ends_with("<!--/usine:apercu--></body></html>"));
        assert!(html.contains("<code>communes/x/contenu/a.md:2:9</code>"));
        assert!(html.contains("valeur invalide &lt;ici&gt;"));
        assert!(html.contains("ordre = un"));
        assert!(html.contains("<strong>Conseil :</strong> écrivez un nombre."));
        assert!(html.contains("data-generation=\"4\""));
        assert!(!html.contains("style=") && !html.contains("<script>"));
    }

    #[test]
    fn accessibility_panel_lists_the_page_findings_only() {
        let mut site = SiteFiles::default();
        let finding = Diagnostic::new(Severity::Review, "1.1.1", "image sans alternative")
            .in_file("communes/x/contenu/a.md");
        site.findings.insert("a/index.html".into(), vec![finding]);
        let preview = Preview {
            generation: 1,
            site: Some(Arc::new(site)),
            problems: Vec::new(),
        };
        let on_page = String::from_utf8(inject(b"", &preview, "a/index.html")).unwrap();
        assert!(on_page.contains("1 point à vérifier"));
        assert!(on_page.contains("image sans alternative"));
        assert!(!on_page.contains("usine-erreurs"));
        let elsewhere = String::from_utf8(inject(b"", &preview, "index.html")).unwrap();
        assert!(elsewhere.contains("aucun point relevé"));
    }
}
