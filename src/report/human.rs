//! The report editors read: each diagnostic with its excerpt and hint, then a summary table.

use std::fmt::Write;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use super::{FleetReport, Outcome};
use crate::diagnostic::{Diagnostic, Severity};

/// One diagnostic, as rustc would show it, in French.
pub fn render_diagnostic(diagnostic: &Diagnostic, color: bool) -> String {
    let level = match diagnostic.severity {
        Severity::Error => Level::ERROR.with_name(Some("erreur")),
        Severity::Warning => Level::WARNING.with_name(Some("avertissement")),
        Severity::Review => Level::NOTE.with_name(Some("à vérifier")),
    };
    let title = level
        .primary_title(&diagnostic.message)
        .id(&diagnostic.code);
    let mut groups = Vec::new();
    let location = diagnostic.location.as_ref();
    let group = match (location, &diagnostic.source_line) {
        (Some(loc), Some(line)) if loc.line > 0 => {
            let column = (loc.column.max(1) - 1) as usize;
            let start = line
                .char_indices()
                .nth(column)
                .map_or(line.len(), |(i, _)| i);
            let end = line[start..]
                .find(char::is_whitespace)
                .map_or(line.len(), |i| start + i)
                .max(start + 1)
                .min(line.len().max(start));
            let source = Snippet::source(line.as_str())
                .line_start(loc.line as usize)
                .path(loc.file.as_str())
                .annotation(AnnotationKind::Primary.span(start..end.max(start)));
            title.element(source)
        }
        (Some(loc), _) => title.element(annotate_snippets::Origin::path(loc.file.as_str())),
        _ => title.element(annotate_snippets::Padding),
    };
    groups.push(group);
    if let Some(hint) = &diagnostic.hint {
        groups.push(Group::with_title(
            Level::HELP.with_name(Some("conseil")).secondary_title(hint),
        ));
    }
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    renderer.render(&groups)
}

/// Every diagnostic of every commune, then one line per commune.
pub fn render_human(report: &FleetReport, color: bool) -> String {
    let mut out = String::new();
    for commune in &report.communes {
        for diagnostic in &commune.diagnostics {
            let _ = writeln!(out, "{}\n", render_diagnostic(diagnostic, color));
        }
    }
    let _ = writeln!(
        out,
        "{:<28} {:>7} {:>8} {:>8} {:>10} {:>9}  résultat",
        "commune", "pages", "erreurs", "avertis.", "à vérifier", "durée"
    );
    for c in &report.communes {
        let outcome = match c.outcome {
            Outcome::Published => "publiée",
            Outcome::Failed => "ÉCHEC, site précédent conservé",
            Outcome::Unchanged => "inchangée, site conservé",
        };
        let _ = writeln!(
            out,
            "{:<28} {:>7} {:>8} {:>8} {:>10} {:>7} ms  {outcome}",
            c.slug,
            c.pages,
            c.count(Severity::Error),
            c.count(Severity::Warning),
            c.count(Severity::Review),
            c.duration.as_millis(),
        );
    }
    for c in &report.communes {
        if let Some(summary) = &c.sobriety {
            let _ = writeln!(out, "{}", sobriety_line(&c.slug, summary));
        }
    }
    for c in report.communes.iter().filter(|c| c.accepted_exceptions > 0) {
        let _ = writeln!(
            out,
            "{} : {} erreur(s) d'accessibilité acceptée(s) par {}.",
            c.slug,
            c.accepted_exceptions,
            crate::baseline::BASELINE_FILE
        );
    }
    let published = report
        .communes
        .iter()
        .filter(|c| c.outcome == Outcome::Published)
        .count();
    let unchanged = report
        .communes
        .iter()
        .filter(|c| c.outcome == Outcome::Unchanged)
        .count();
    let unchanged = if unchanged > 0 {
        format!(", {unchanged} inchangée(s)")
    } else {
        String::new()
    };
    let pages: usize = report.communes.iter().map(|c| c.pages).sum();
    let _ = writeln!(
        out,
        "{published} commune(s) publiée(s){unchanged} sur {}, {pages} pages, en {} ms.",
        report.communes.len(),
        report.duration.as_millis()
    );
    let images = report.communes.iter().filter_map(|c| c.images);
    let (converted, cached) = images.fold((0, 0), |(a, b), c| (a + c.converted, b + c.from_cache));
    if converted + cached > 0 {
        let _ = writeln!(
            out,
            "Images : {converted} convertie(s), {cached} reprise(s) du cache."
        );
    }
    let pruned = report.images_pruned;
    if pruned.files > 0 {
        let days = crate::images::UNUSED_GRACE.as_secs() / 86_400;
        let _ = writeln!(
            out,
            "Cache d'images : {} version(s) inutilisée(s) depuis {days} jours supprimée(s), {} libéré(s).",
            pruned.files,
            crate::downloads::french_size(pruned.bytes)
        );
    }
    for slug in &report.sites_without_commune {
        let _ = writeln!(
            out,
            "Attention : le site « {slug} » est toujours en ligne, mais la commune n'a plus de \
             dossier dans les communes. Pour le retirer, supprimez le dossier « {slug} » du \
             dossier de sortie ; la construction suivante effacera ce qu'elle gardait pour lui."
        );
    }
    out
}

/// « sobriété de ville : EcoIndex estimé médian 86 (A), pire 72 (B) sur /actualites/ ».
fn sobriety_line(slug: &str, summary: &crate::sobriety::Summary) -> String {
    let (median, worst) = (&summary.median, &summary.worst);
    let over = match summary.over_budget {
        0 => String::new(),
        1 => ", 1 page hors budget".to_owned(),
        n => format!(", {n} pages hors budget"),
    };
    format!(
        "sobriété de {slug} : EcoIndex estimé médian {} ({}), pire {} ({}) sur {}{over}.",
        median.score, median.grade, worst.score, worst.grade, worst.url
    )
}
