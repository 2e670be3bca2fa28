//! Stage 1, load: reads a commune folder into a [`SourceSet`].
//!
//! Only reads. Markdown and `commune.toml` are decoded as UTF-8 (an invalid byte is an error
//! naming its line); other files are only listed, so pages can reference them. Symbolic links
//! are refused: they could publish files from outside the commune folder.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, display_path};

/// A text file of the commune, decoded.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the commune folder, e.g. `contenu/mairie/_index.md`.
    pub rel: PathBuf,
    /// Path shown to editors, e.g. `communes/ville/contenu/mairie/_index.md`.
    pub display: String,
    pub text: String,
}

/// Everything the build reads from one commune folder.
#[derive(Debug, Clone)]
pub struct SourceSet {
    pub slug: String,
    /// The commune folder.
    pub root: PathBuf,
    pub config: SourceFile,
    /// Every `contenu/**/*.md`, sorted by path.
    pub pages: Vec<SourceFile>,
    /// Every other regular file, relative to `root`: what pages may reference.
    pub files: BTreeSet<PathBuf>,
}

/// The folder of content inside a commune.
pub const CONTENT_DIR: &str = "contenu";
/// The configuration file of a commune.
pub const CONFIG_FILE: &str = "commune.toml";

/// Reads `communes_dir/slug`. Returns every problem found, not just the first.
pub fn load_commune(communes_dir: &Path, slug: &str) -> Result<SourceSet, Vec<Diagnostic>> {
    let root = communes_dir.join(slug);
    let shown = |path: &Path| display_path(path, Path::new(""));
    let mut problems = Vec::new();

    let config_path = root.join(CONFIG_FILE);
    let config = match read_text(&config_path, &shown(&config_path)) {
        Ok(text) => Some(SourceFile {
            rel: PathBuf::from(CONFIG_FILE),
            display: shown(&config_path),
            text,
        }),
        Err(problem) => {
            problems.push(problem);
            None
        }
    };

    let mut page_paths = Vec::new();
    let mut files = BTreeSet::new();
    let walker = walkdir::WalkDir::new(&root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err.path().map(shown).unwrap_or_else(|| shown(&root));
                problems.push(
                    Diagnostic::error(
                        "chargement.illisible",
                        format!("lecture impossible : {err}"),
                    )
                    .in_file(&path),
                );
                continue;
            }
        };
        let path = entry.path();
        let Ok(rel) = path.strip_prefix(&root) else {
            continue;
        };
        if entry.path_is_symlink() {
            problems.push(
                Diagnostic::error(
                    "chargement.lien-symbolique",
                    "les liens symboliques ne sont pas acceptés dans le dossier d'une commune",
                )
                .in_file(&shown(path))
                .with_hint("remplacez le lien par une copie du fichier."),
            );
            continue;
        }
        if !entry.file_type().is_file() || rel == Path::new(CONFIG_FILE) {
            continue;
        }
        let is_page = rel.starts_with(CONTENT_DIR) && rel.extension().is_some_and(|e| e == "md");
        if is_page {
            page_paths.push((rel.to_path_buf(), path.to_path_buf()));
        } else {
            files.insert(rel.to_path_buf());
        }
    }
    // Pages are read in parallel, kept in the order of the walk.
    let read: Vec<Result<SourceFile, Diagnostic>> = page_paths
        .into_par_iter()
        .map(|(rel, path)| {
            let display = shown(&path);
            let text = read_text(&path, &display)?;
            Ok(SourceFile { rel, display, text })
        })
        .collect();
    let mut pages = Vec::with_capacity(read.len());
    for page in read {
        match page {
            Ok(page) => pages.push(page),
            Err(problem) => problems.push(problem),
        }
    }

    match config {
        Some(config) if problems.is_empty() => Ok(SourceSet {
            slug: slug.to_owned(),
            root,
            config,
            pages,
            files,
        }),
        _ => Err(problems),
    }
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| n.starts_with('.'))
}

/// Reads a UTF-8 file; an invalid byte is reported at its line.
pub fn read_text(path: &Path, shown: &str) -> Result<String, Diagnostic> {
    let mut bytes = fs::read(path).map_err(|err| {
        let message = if err.kind() == std::io::ErrorKind::NotFound {
            "fichier introuvable".to_owned()
        } else {
            format!("lecture impossible : {err}")
        };
        Diagnostic::error("chargement.illisible", message).in_file(shown)
    })?;
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|err| {
        let valid = err.utf8_error().valid_up_to();
        let bytes = err.as_bytes();
        let line = bytes[..valid].iter().filter(|&&b| b == b'\n').count() as u32 + 1;
        let line_start = bytes[..valid]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&bytes[line_start..valid])
            .chars()
            .count() as u32
            + 1;
        let lossy = String::from_utf8_lossy(bytes);
        Diagnostic::error(
            "chargement.utf8",
            "caractère invalide : ce fichier n'est pas enregistré en UTF-8",
        )
        .at(shown, &lossy, line, column)
        .with_hint(
            "enregistrez le fichier en UTF-8 (menu « Enregistrer sous » > Encodage : UTF-8).",
        )
    })
}

/// Lists the communes of `communes_dir`: every folder with a `commune.toml`, sorted.
/// Folders starting with `_` or `.` hold shared settings, not communes.
pub fn list_communes(communes_dir: &Path) -> std::io::Result<Vec<String>> {
    let mut slugs = Vec::new();
    for entry in fs::read_dir(communes_dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('_') || name.starts_with('.') || !entry.file_type()?.is_dir() {
            continue;
        }
        if entry.path().join(CONFIG_FILE).is_file() {
            slugs.push(name);
        }
    }
    slugs.sort();
    Ok(slugs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_names_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.md");
        fs::write(&path, b"+++\ntitre = \"x\"\n+++\ncaf\xe9\n").unwrap();
        let err = read_text(&path, "p.md").unwrap_err();
        assert_eq!(err.location.unwrap().line, 4);
    }
}
