//! Build reports: what happened to each commune, rendered for people or machines.

mod human;

pub use human::{render_diagnostic, render_human};

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Severity};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// Built and swapped in.
    Published,
    /// Not published; the previous site, if any, is untouched.
    Failed,
    /// Inputs unchanged since the last publication: not rebuilt, the published site is kept
    /// (see `incremental`).
    Unchanged,
}

/// The result of one commune's build.
#[derive(Debug, Clone, Serialize)]
pub struct CommuneReport {
    pub slug: String,
    pub name: Option<String>,
    pub outcome: Outcome,
    /// HTML files written.
    pub pages: usize,
    /// Other files copied (images, documents, theme).
    pub files: usize,
    pub bytes: u64,
    #[serde(serialize_with = "millis")]
    pub duration: Duration,
    pub diagnostics: Vec<Diagnostic>,
    /// RGAA errors accepted by the commune's exceptions file.
    pub accepted_exceptions: usize,
    /// Content images converted now, and taken from the cache (none when not rebuilt).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub images: Option<crate::images::Counts>,
    /// Every file whose output was checked (Markdown sources, templates of generated pages).
    #[serde(skip)]
    pub checked_files: Vec<String>,
    /// SHA-256 of the commune's files this build read, by path relative to the commune
    /// folder (see `load::SourceSet::digests`), for its manifest.
    #[serde(skip)]
    pub digests: BTreeMap<PathBuf, [u8; 32]>,
    /// Why the commune was rebuilt or skipped (incremental builds).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub incremental: Option<crate::incremental::Decision>,
    /// First build date whose output could differ from this build's (see `incremental`).
    #[serde(skip)]
    pub valid_until: Option<crate::dates::Date>,
    /// How long Pagefind took to index the site, when it did (see `search`).
    #[serde(
        rename = "search_index_ms",
        skip_serializing_if = "Option::is_none",
        serialize_with = "optional_millis"
    )]
    pub search_index: Option<Duration>,
    /// Median and worst estimated EcoIndex of the pages (the whole report is in
    /// `OUT/.usine/sobriete/<slug>.json`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sobriety: Option<crate::sobriety::Summary>,
}

impl CommuneReport {
    pub fn new(slug: &str) -> Self {
        CommuneReport {
            slug: slug.to_owned(),
            name: None,
            outcome: Outcome::Failed,
            pages: 0,
            files: 0,
            bytes: 0,
            duration: Duration::ZERO,
            diagnostics: Vec::new(),
            accepted_exceptions: 0,
            images: None,
            checked_files: Vec::new(),
            digests: BTreeMap::new(),
            incremental: None,
            valid_until: None,
            search_index: None,
            sobriety: None,
        }
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}

/// Every commune of one run.
#[derive(Debug, Clone, Serialize)]
pub struct FleetReport {
    pub communes: Vec<CommuneReport>,
    #[serde(serialize_with = "millis")]
    pub duration: Duration,
    /// Image variants removed from the cache: no published site used them any more.
    pub images_pruned: crate::images::Pruned,
    /// Sites still published in the output folder for communes no longer in the communes
    /// folder: never deleted by a build.
    pub sites_without_commune: Vec<String>,
}

impl FleetReport {
    /// Exit code 1 when a commune failed or carries an error.
    pub fn failed(&self) -> bool {
        self.communes
            .iter()
            .any(|c| c.outcome == Outcome::Failed || c.count(Severity::Error) > 0)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"erreur\": \"{e}\"}}"))
    }
}

fn millis<S: serde::Serializer>(duration: &Duration, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_u64(duration.as_millis() as u64)
}

fn optional_millis<S: serde::Serializer>(
    duration: &Option<Duration>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match duration {
        Some(duration) => millis(duration, serializer),
        None => serializer.serialize_none(),
    }
}
