//! The archive's format, shared by export ([`super::pack`]) and import ([`super::unpack`]).

use std::io;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;

/// Name of the manifest inside the commune's folder of the archive.
pub(super) const MANIFEST_NAME: &str = "manifeste.json";
pub(super) const FORMAT: u32 = 1;
/// Parts of the archive, each a folder below `<commune>/`.
pub(super) const COMMUNE: &str = "commune";
pub(super) const METROPOLE: &str = "metropole";
pub(super) const SITE: &str = "site";

/// The manifest of an archive: what it holds, with hashes to verify it.
#[derive(Debug, Serialize, Deserialize)]
pub struct ExportManifest {
    pub format: u32,
    pub commune: String,
    pub tool_version: String,
    pub exported_at: String,
    /// Build date of the archived site, when its build manifest is known.
    pub built_on: Option<String>,
    /// Every file of the archive but this manifest, sorted by path.
    pub files: Vec<ExportedFile>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportedFile {
    /// Path below `<commune>/`, e.g. `commune/contenu/_index.md` or `site/index.html`.
    pub path: String,
    pub sha256: String,
    pub bytes: u64,
}

pub(super) fn io_problem(path: &Path, err: &io::Error) -> Diagnostic {
    Diagnostic::error(
        "entree-sortie",
        format!("lecture ou écriture impossible : {err}"),
    )
    .in_file(&path.display().to_string())
}
