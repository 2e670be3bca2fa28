//! The steering report's data, from the build manifests and the published sites.

use std::path::Path;

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Severity};
use crate::incremental::{MANIFEST_DIR, Manifest};
use crate::write::WORK_DIR;

/// The 13 themes of RGAA 4.1.2 (RGAA/criteres.json `topics`).
pub(crate) const RGAA_THEMES: [&str; 13] = [
    "Images",
    "Cadres",
    "Couleurs",
    "Multimédia",
    "Tableaux",
    "Liens",
    "Scripts",
    "Éléments obligatoires",
    "Structuration de l'information",
    "Présentation de l'information",
    "Formulaires",
    "Navigation",
    "Consultation",
];

/// What the report says of findings, shown as it is in the HTML and the JSON.
pub(crate) const FINDINGS_NOTE: &str = "Constats du vérificateur automatique : il ne peut \
qu'invalider des critères ou signaler ce qu'une personne doit vérifier. Ces nombres ne sont \
pas un taux de conformité, que seul un audit RGAA établit.";

#[derive(Debug, Serialize)]
pub struct Steering {
    pub generated_at: String,
    pub tool_version: String,
    pub note: &'static str,
    pub totals: Totals,
    pub communes: Vec<CommuneSteering>,
    /// Communes of the communes folder without a published site.
    pub not_published: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct Totals {
    pub communes: usize,
    pub pages: usize,
    pub bytes: u64,
    pub to_fix: usize,
    pub to_review: usize,
    pub accepted_exceptions: usize,
    pub by_theme: Vec<ThemeCount>,
}

#[derive(Debug, Serialize)]
pub struct CommuneSteering {
    pub slug: String,
    pub name: Option<String>,
    /// HTML pages published.
    pub pages: usize,
    /// Other files (images, documents, theme).
    pub files: usize,
    /// Weight of the whole site.
    pub bytes: u64,
    /// Weight of the HTML alone, average and heaviest page (without CSS and images).
    pub html_bytes: u64,
    pub average_page_bytes: u64,
    pub heaviest_page: Option<PageWeight>,
    /// Median and worst estimated EcoIndex of the pages, from the build (see `sobriety`).
    pub ecoindex: Option<crate::sobriety::Summary>,
    /// Duration of the last real build (a skipped run does not count).
    pub build_ms: u64,
    /// Build date of the published site.
    pub built_on: String,
    pub published_at: String,
    /// Build date at which the commune's files last changed.
    pub content_changed_on: String,
    /// RGAA findings to fix (accepted exceptions included) and to review, in all themes.
    pub to_fix: usize,
    pub to_review: usize,
    pub accepted_exceptions: usize,
    /// Warnings that are not RGAA findings (legal data, ageing audit…).
    pub other_warnings: usize,
    pub by_theme: Vec<ThemeCount>,
}

#[derive(Debug, Serialize)]
pub struct PageWeight {
    pub url: String,
    pub bytes: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct ThemeCount {
    pub theme: u8,
    pub name: &'static str,
    pub to_fix: usize,
    pub to_review: usize,
}

fn empty_themes() -> Vec<ThemeCount> {
    RGAA_THEMES
        .iter()
        .enumerate()
        .map(|(i, name)| ThemeCount {
            theme: i as u8 + 1,
            name,
            to_fix: 0,
            to_review: 0,
        })
        .collect()
}

/// The RGAA theme of a finding's code (`1.1.1` → 1), if it is an RGAA test id.
pub(crate) fn rgaa_theme(code: &str) -> Option<u8> {
    let mut parts = code.split('.');
    let theme: u8 = parts.next()?.parse().ok()?;
    let rest: Vec<&str> = parts.collect();
    let numeric = !rest.is_empty()
        && rest
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    (numeric && (1..=13).contains(&theme)).then_some(theme)
}

/// Reads every manifest of `out_dir` and the published sites.
pub fn collect(out_dir: &Path, communes_dir: Option<&Path>) -> Result<Steering, Diagnostic> {
    let manifests = Manifest::read_all(out_dir).map_err(|err| {
        let dir = out_dir.join(WORK_DIR).join(MANIFEST_DIR);
        Diagnostic::error("pilotage.manifestes", format!("aucun manifeste de construction lisible : {err}"))
            .in_file(&dir.display().to_string())
            .with_hint("construisez d'abord les communes (usine build --out DOSSIER), puis indiquez ce dossier avec --out.")
    })?;
    let communes: Vec<CommuneSteering> = manifests
        .iter()
        .filter(|m| out_dir.join(&m.slug).is_dir())
        .map(|m| commune(out_dir, m))
        .collect();
    let not_published = communes_dir
        .and_then(|dir| crate::load::list_communes(dir).ok())
        .unwrap_or_default()
        .into_iter()
        .filter(|slug| !communes.iter().any(|c| &c.slug == slug))
        .collect();
    let mut by_theme = empty_themes();
    for c in &communes {
        for (total, own) in by_theme.iter_mut().zip(&c.by_theme) {
            total.to_fix += own.to_fix;
            total.to_review += own.to_review;
        }
    }
    let totals = Totals {
        communes: communes.len(),
        pages: communes.iter().map(|c| c.pages).sum(),
        bytes: communes.iter().map(|c| c.bytes).sum(),
        to_fix: communes.iter().map(|c| c.to_fix).sum(),
        to_review: communes.iter().map(|c| c.to_review).sum(),
        accepted_exceptions: communes.iter().map(|c| c.accepted_exceptions).sum(),
        by_theme,
    };
    Ok(Steering {
        generated_at: jiff::Timestamp::now().to_string(),
        tool_version: env!("CARGO_PKG_VERSION").to_owned(),
        note: FINDINGS_NOTE,
        totals,
        communes,
        not_published,
    })
}

fn commune(out_dir: &Path, manifest: &Manifest) -> CommuneSteering {
    let last = &manifest.last_build;
    let mut by_theme = empty_themes();
    let mut other_warnings = 0;
    for diagnostic in &last.diagnostics {
        match (rgaa_theme(&diagnostic.code), diagnostic.severity) {
            (Some(theme), Severity::Review) => by_theme[theme as usize - 1].to_review += 1,
            (Some(theme), _) => by_theme[theme as usize - 1].to_fix += 1,
            (None, Severity::Warning) => other_warnings += 1,
            (None, _) => {}
        }
    }
    let (pages, html_bytes, heaviest_page) = html_weights(&out_dir.join(&manifest.slug));
    CommuneSteering {
        slug: manifest.slug.clone(),
        name: last.name.clone(),
        pages: last.pages,
        files: last.files,
        bytes: last.bytes,
        html_bytes,
        average_page_bytes: html_bytes.checked_div(pages as u64).unwrap_or(0),
        heaviest_page,
        ecoindex: last.sobriety.clone(),
        build_ms: last.duration_ms,
        built_on: manifest.built_on.clone(),
        published_at: manifest.published_at.clone(),
        content_changed_on: manifest.content_changed_on.clone(),
        to_fix: by_theme.iter().map(|t| t.to_fix).sum(),
        to_review: by_theme.iter().map(|t| t.to_review).sum(),
        accepted_exceptions: last.accepted_exceptions,
        other_warnings,
        by_theme,
    }
}

/// Number of HTML pages of a published site, their total size and the heaviest one.
fn html_weights(site: &Path) -> (usize, u64, Option<PageWeight>) {
    let mut count = 0;
    let mut total = 0;
    let mut heaviest: Option<PageWeight> = None;
    for entry in walkdir::WalkDir::new(site)
        .into_iter()
        .filter_map(Result::ok)
    {
        if !entry.file_type().is_file() || entry.path().extension().is_none_or(|x| x != "html") {
            continue;
        }
        let bytes = entry.metadata().map_or(0, |m| m.len());
        count += 1;
        total += bytes;
        if heaviest.as_ref().is_none_or(|h| bytes > h.bytes) {
            let rel = entry.path().strip_prefix(site).unwrap_or(entry.path());
            let rel = rel.to_string_lossy().replace('\\', "/");
            let url = match rel.strip_suffix("index.html") {
                Some(dir) => format!("/{dir}"),
                None => format!("/{rel}"),
            };
            heaviest = Some(PageWeight { url, bytes });
        }
    }
    (count, total, heaviest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rgaa_theme_is_the_first_number_of_a_test_id() {
        assert_eq!(rgaa_theme("1.1.1"), Some(1));
        assert_eq!(rgaa_theme("13.3.1"), Some(13));
        assert_eq!(rgaa_theme("8.2"), Some(8));
        assert_eq!(rgaa_theme("14.1.1"), None);
        assert_eq!(rgaa_theme("accessibilite.plan-manquant"), None);
        assert_eq!(rgaa_theme("1"), None);
    }
}
