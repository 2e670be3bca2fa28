//! Stage 1, load: reads a commune folder into a [`SourceSet`].
//!
//! Only reads. Markdown and `commune.toml` are decoded as UTF-8 (an invalid byte is an error
//! naming its line); other files are only listed, so pages can reference them. Symbolic links
//! are refused: they could publish files from outside the commune folder.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

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
    /// SHA-256 of the bytes of each file read here (see [`reads`]), by path relative to
    /// `root`: the incremental manifest records the contents this build was made from.
    pub digests: BTreeMap<PathBuf, [u8; 32]>,
}

/// The folder of content inside a commune.
pub const CONTENT_DIR: &str = "contenu";
/// The configuration file of a commune.
pub const CONFIG_FILE: &str = "commune.toml";

/// The files of a commune folder that [`load_commune`] reads (and digests), by path relative
/// to the folder: `commune.toml` and the pages.
pub fn reads(rel: &Path) -> bool {
    rel == Path::new(CONFIG_FILE) || is_page(rel)
}

fn is_page(rel: &Path) -> bool {
    rel.starts_with(CONTENT_DIR) && rel.extension().is_some_and(|e| e == "md")
}

/// Reads `communes_dir/slug`. Returns every problem found, not just the first.
pub fn load_commune(communes_dir: &Path, slug: &str) -> Result<SourceSet, Vec<Diagnostic>> {
    let root = communes_dir.join(slug);
    let shown = |path: &Path| display_path(path, Path::new(""));
    let mut problems = Vec::new();
    let mut digests = BTreeMap::new();

    let config_path = root.join(CONFIG_FILE);
    let config = match read_source(PathBuf::from(CONFIG_FILE), &config_path) {
        Ok((config, digest)) => {
            digests.insert(config.rel.clone(), digest);
            Some(config)
        }
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
        if is_page(rel) {
            page_paths.push((rel.to_path_buf(), path.to_path_buf()));
        } else {
            files.insert(rel.to_path_buf());
        }
    }
    // Pages are read in parallel, kept in the order of the walk.
    let read: Vec<Result<(SourceFile, [u8; 32]), Diagnostic>> = page_paths
        .into_par_iter()
        .map(|(rel, path)| read_source(rel, &path))
        .collect();
    let mut pages = Vec::with_capacity(read.len());
    for page in read {
        match page {
            Ok((page, digest)) => {
                digests.insert(page.rel.clone(), digest);
                pages.push(page);
            }
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
            digests,
        }),
        _ => Err(problems),
    }
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| n.starts_with('.'))
}

/// Reads the file of the commune at `path` (`rel` inside the commune folder), and the
/// SHA-256 of its bytes.
fn read_source(rel: PathBuf, path: &Path) -> Result<(SourceFile, [u8; 32]), Diagnostic> {
    let display = display_path(path, Path::new(""));
    let bytes = read_bytes(path, &display)?;
    let digest = Sha256::digest(&bytes).into();
    let text = decode(bytes, &display)?;
    Ok((SourceFile { rel, display, text }, digest))
}

/// Reads a UTF-8 file; an invalid byte is reported at its line.
pub fn read_text(path: &Path, shown: &str) -> Result<String, Diagnostic> {
    decode(read_bytes(path, shown)?, shown)
}

fn read_bytes(path: &Path, shown: &str) -> Result<Vec<u8>, Diagnostic> {
    fs::read(path).map_err(|err| {
        let message = if err.kind() == std::io::ErrorKind::NotFound {
            "fichier introuvable".to_owned()
        } else {
            format!("lecture impossible : {err}")
        };
        Diagnostic::error("chargement.illisible", message).in_file(shown)
    })
}

/// `bytes` as UTF-8 text, without a leading byte order mark.
fn decode(mut bytes: Vec<u8>, shown: &str) -> Result<String, Diagnostic> {
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

    #[test]
    fn the_files_read_are_digested_as_they_are_on_disk() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("ville");
        fs::create_dir_all(root.join("contenu")).unwrap();
        fs::write(root.join(CONFIG_FILE), "[identite]\n").unwrap();
        // A byte order mark is dropped from the text, not from what is digested.
        fs::write(root.join("contenu/a.md"), b"\xEF\xBB\xBF+++\n+++\n").unwrap();
        fs::write(root.join("contenu/plan.pdf"), "%PDF").unwrap();
        let set = load_commune(dir.path(), "ville").unwrap();
        assert!(!set.pages[0].text.starts_with('\u{feff}'));
        let digested: Vec<&Path> = set.digests.keys().map(PathBuf::as_path).collect();
        assert_eq!(
            digested,
            [Path::new(CONFIG_FILE), Path::new("contenu/a.md")]
        );
        for (rel, digest) in &set.digests {
            let on_disk = crate::incremental::file_sha256(&root.join(rel)).unwrap();
            assert_eq!(crate::incremental::hex(digest), on_disk);
            assert!(reads(rel));
        }
        assert!(!reads(Path::new("contenu/plan.pdf")));
    }
}
