//! The manifest of a published site: the hashes of every input it was built from, the date
//! window in which it stays right, and a summary of its build (replayed when it is skipped,
//! read by the steering report).
//!
//! Stored as `OUT/.usine/manifestes/<slug>.json`, written after the site is swapped in and
//! invalidated (fingerprint emptied) before a rebuild starts, so a manifest never describes
//! a site other than the one published.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::report::CommuneReport;
use crate::write::WORK_DIR;

/// Folder of the manifests, inside the output's work folder.
pub const MANIFEST_DIR: &str = "manifestes";
/// Version of the manifest format: a manifest of another version is ignored (rebuild).
pub(crate) const FORMAT: u32 = 1;

/// Where the manifest of `slug` lives.
pub fn manifest_path(out_dir: &Path, slug: &str) -> PathBuf {
    out_dir
        .join(WORK_DIR)
        .join(MANIFEST_DIR)
        .join(format!("{slug}.json"))
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub slug: String,
    pub tool_version: String,
    /// Hash of every input but the date; empty while a rebuild is under way.
    pub fingerprint: String,
    /// Hash of the commune's own files only: when it changes, the commune's content changed.
    pub content: String,
    /// Hash of the theme folder.
    pub theme: String,
    /// Hash of `_metropole.toml`, if there is one.
    pub metropole: Option<String>,
    pub minify: bool,
    pub include_drafts: bool,
    /// The commune folder and the theme folder as the build was given them: the paths in
    /// the replayed diagnostics are rewritten when a later run names them differently.
    #[serde(default)]
    pub commune_dir: String,
    #[serde(default)]
    pub theme_dir: String,
    /// Build date of the published site (AAAA-MM-JJ).
    pub built_on: String,
    /// First build date whose output could differ (see `horizon`).
    pub valid_until: String,
    /// When the site was swapped in (RFC 3339).
    pub published_at: String,
    /// Build date of the first publication of the current content.
    pub content_changed_on: String,
    /// Every file of the commune folder: relative path → SHA-256.
    pub files: BTreeMap<String, String>,
    /// Stat data (size, mtime, ctime, inode, device) of the files that had settled when
    /// hashed: while it stays the same, the file is not read again.
    #[serde(default)]
    pub stats: BTreeMap<String, String>,
    pub last_build: LastBuild,
}

/// What the published site's build reported.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LastBuild {
    pub name: Option<String>,
    pub pages: usize,
    pub files: usize,
    pub bytes: u64,
    pub duration_ms: u64,
    pub accepted_exceptions: usize,
    pub diagnostics: Vec<Diagnostic>,
    pub checked_files: Vec<String>,
    #[serde(default)]
    pub sobriety: Option<crate::sobriety::Summary>,
}

impl LastBuild {
    pub(crate) fn of(report: &CommuneReport) -> LastBuild {
        LastBuild {
            name: report.name.clone(),
            pages: report.pages,
            files: report.files,
            bytes: report.bytes,
            duration_ms: report.duration.as_millis() as u64,
            accepted_exceptions: report.accepted_exceptions,
            diagnostics: report.diagnostics.clone(),
            checked_files: report.checked_files.clone(),
            sobriety: report.sobriety.clone(),
        }
    }
}

impl Manifest {
    /// Not invalidated: a rebuild under way empties the fingerprint, so the manifest no longer
    /// describes the published site.
    pub fn is_valid(&self) -> bool {
        !self.fingerprint.is_empty()
    }

    /// The manifest of `slug`, if there is a readable one of this format.
    pub fn read(out_dir: &Path, slug: &str) -> Option<Manifest> {
        let text = fs::read(manifest_path(out_dir, slug)).ok()?;
        let manifest: Manifest = serde_json::from_slice(&text).ok()?;
        (manifest.format == FORMAT && manifest.slug == slug).then_some(manifest)
    }

    /// Every manifest of `out_dir`, sorted by commune.
    pub fn read_all(out_dir: &Path) -> io::Result<Vec<Manifest>> {
        let dir = out_dir.join(WORK_DIR).join(MANIFEST_DIR);
        let mut manifests = Vec::new();
        for entry in fs::read_dir(dir)? {
            let name = entry?.file_name().to_string_lossy().into_owned();
            if let Some(slug) = name.strip_suffix(".json") {
                manifests.extend(Manifest::read(out_dir, slug));
            }
        }
        manifests.sort_by(|a, b| a.slug.cmp(&b.slug));
        Ok(manifests)
    }

    /// Writes through a temporary file and a rename: a reader never sees half a manifest.
    pub(crate) fn write(&self, out_dir: &Path) -> io::Result<()> {
        let path = manifest_path(out_dir, &self.slug);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        let temporary = path.with_extension(format!("json.{}", std::process::id()));
        let json = serde_json::to_vec_pretty(self).map_err(io::Error::other)?;
        fs::write(&temporary, json)?;
        fs::rename(&temporary, &path)
    }
}
