//! `usine import`: every path and every hash checked in a hidden work folder before the
//! commune appears in the communes folder.

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Component, Path, PathBuf};

use flate2::read::GzDecoder;
use sha2::{Digest, Sha256};

use super::archive::{COMMUNE, ExportManifest, FORMAT, MANIFEST_NAME, METROPOLE, SITE, io_problem};
use crate::diagnostic::Diagnostic;
use crate::fleet::METROPOLE_FILE;
use crate::incremental;
use crate::write::Staging;

/// An imported commune.
pub struct Imported {
    pub slug: String,
    pub files: usize,
    pub warnings: Vec<Diagnostic>,
}

/// Reads `archive` into `communes_dir/<commune>` after checking every path and hash; with
/// `out`, also publishes the archived site there.
pub fn import_archive(
    archive: &Path,
    communes_dir: &Path,
    out: Option<&Path>,
) -> Result<Imported, Diagnostic> {
    let shown = archive.display().to_string();
    let file = fs::File::open(archive).map_err(|e| io_problem(archive, &e))?;
    fs::create_dir_all(communes_dir).map_err(|e| io_problem(communes_dir, &e))?;
    // A hidden folder: neither `usine build` nor `load` sees it while it fills.
    let work = TempDir(communes_dir.join(format!(".usine-import-{}", std::process::id())));
    let _ = fs::remove_dir_all(&work.0);
    fs::create_dir_all(&work.0).map_err(|e| io_problem(&work.0, &e))?;

    let mut slug: Option<String> = None;
    let mut manifest: Option<ExportManifest> = None;
    let mut extracted: BTreeMap<String, (String, u64)> = BTreeMap::new();
    let mut tar = tar::Archive::new(GzDecoder::new(file));
    let bad = |message: String| {
        Diagnostic::error("import.archive", message)
            .in_file(&shown)
            .with_hint("utilisez une archive produite par « usine export », sans la modifier.")
    };
    for entry in tar
        .entries()
        .map_err(|e| bad(format!("archive illisible : {e}")))?
    {
        let mut entry = entry.map_err(|e| bad(format!("archive illisible : {e}")))?;
        let kind = entry.header().entry_type();
        if kind.is_dir() {
            continue;
        }
        let path = entry
            .path()
            .map_err(|e| bad(format!("chemin illisible : {e}")))?
            .into_owned();
        if !kind.is_file() {
            return Err(bad(format!(
                "« {} » n'est pas un fichier ordinaire",
                path.display()
            )));
        }
        let parts = safe_parts(&path)
            .ok_or_else(|| bad(format!("chemin refusé : « {} »", path.display())))?;
        let (first, rest) = parts
            .split_first()
            .ok_or_else(|| bad("chemin vide".to_owned()))?;
        if first.starts_with('_') || rest.is_empty() {
            return Err(bad(format!("chemin refusé : « {} »", path.display())));
        }
        match &slug {
            Some(s) if s != first => {
                return Err(bad(format!(
                    "l'archive contient deux communes : « {s} » et « {first} »"
                )));
            }
            Some(_) => {}
            None => slug = Some(first.clone()),
        }
        let rel = rest.join("/");
        if rel == MANIFEST_NAME {
            let mut text = String::new();
            entry
                .read_to_string(&mut text)
                .map_err(|e| bad(format!("manifeste illisible : {e}")))?;
            let parsed: ExportManifest = serde_json::from_str(&text)
                .map_err(|e| bad(format!("manifeste illisible : {e}")))?;
            manifest = Some(parsed);
            continue;
        }
        if ![COMMUNE, METROPOLE, SITE].contains(&rest[0].as_str()) || rest.len() < 2 {
            return Err(bad(format!("fichier inattendu : « {} »", path.display())));
        }
        if extracted.contains_key(&rel) {
            return Err(bad(format!("fichier en double : « {} »", path.display())));
        }
        let target = work.0.join(&rel);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(|e| io_problem(parent, &e))?;
        }
        let mut writer = HashingWriter {
            file: fs::File::create(&target).map_err(|e| io_problem(&target, &e))?,
            hasher: Sha256::new(),
            bytes: 0,
        };
        io::copy(&mut entry, &mut writer)
            .map_err(|e| bad(format!("extraction impossible de « {rel} » : {e}")))?;
        extracted.insert(
            rel,
            (incremental::hex(&writer.hasher.finalize()), writer.bytes),
        );
    }
    let slug = slug.ok_or_else(|| bad("archive vide".to_owned()))?;
    let manifest = manifest.ok_or_else(|| bad(format!("pas de {MANIFEST_NAME} dans l'archive")))?;
    if manifest.format != FORMAT || manifest.commune != slug {
        return Err(bad(format!(
            "manifeste inattendu (format {}, commune « {} »)",
            manifest.format, manifest.commune
        )));
    }
    verify(&manifest, &extracted).map_err(&bad)?;

    let mut warnings = Vec::new();
    if manifest.tool_version != env!("CARGO_PKG_VERSION") {
        warnings.push(
            Diagnostic::warning(
                "import.version",
                format!(
                    "archive produite par la version {} de l'outil, celle-ci est la {}",
                    manifest.tool_version,
                    env!("CARGO_PKG_VERSION")
                ),
            )
            .in_file(&shown)
            .with_hint("le site reconstruit peut différer du site archivé ; comparez-les avant de le publier."),
        );
    }
    let destination = communes_dir.join(&slug);
    if destination.exists() {
        return Err(Diagnostic::error(
            "import.existe",
            format!("la commune « {slug} » existe déjà"),
        )
        .in_file(&destination.display().to_string())
        .with_hint(
            "déplacez ou supprimez ce dossier, ou importez dans un autre dossier avec --communes.",
        ));
    }
    fs::rename(work.0.join(COMMUNE), &destination).map_err(|e| io_problem(&destination, &e))?;

    let archived_metropole = work.0.join(METROPOLE).join(METROPOLE_FILE);
    let metropole = communes_dir.join(METROPOLE_FILE);
    if archived_metropole.is_file() {
        if !metropole.exists() {
            fs::rename(&archived_metropole, &metropole).map_err(|e| io_problem(&metropole, &e))?;
        } else if fs::read(&archived_metropole).ok() != fs::read(&metropole).ok() {
            warnings.push(
                Diagnostic::warning(
                    "import.metropole",
                    format!("{METROPOLE_FILE} existe déjà et diffère de celui de l'archive : il est conservé"),
                )
                .in_file(&metropole.display().to_string())
                .with_hint("les pages légales (hébergeur) du site reconstruit peuvent différer du site archivé."),
            );
        }
    }
    if let Some(out) = out {
        publish_site(&work.0.join(SITE), out, &slug)?;
    }
    Ok(Imported {
        slug,
        files: extracted.len(),
        warnings,
    })
}

/// Every file of the manifest was extracted with its hash and size, and nothing else.
fn verify(
    manifest: &ExportManifest,
    extracted: &BTreeMap<String, (String, u64)>,
) -> Result<(), String> {
    let mut listed = BTreeMap::new();
    for file in &manifest.files {
        listed.insert(file.path.as_str(), file);
        match extracted.get(&file.path) {
            None => return Err(format!("fichier manquant : « {} »", file.path)),
            Some((sha256, bytes)) if *sha256 != file.sha256 || *bytes != file.bytes => {
                return Err(format!(
                    "fichier altéré (empreinte SHA-256 différente) : « {} »",
                    file.path
                ));
            }
            Some(_) => {}
        }
    }
    match extracted.keys().find(|p| !listed.contains_key(p.as_str())) {
        Some(extra) => Err(format!("fichier absent du manifeste : « {extra} »")),
        None => Ok(()),
    }
}

/// The parts of a relative path made only of plain names.
fn safe_parts(path: &Path) -> Option<Vec<String>> {
    path.components()
        .map(|c| match c {
            Component::Normal(name) => name.to_str().map(str::to_owned),
            _ => None,
        })
        .collect()
}

/// Publishes the archived site through the build's staging and atomic swap.
fn publish_site(site: &Path, out: &Path, slug: &str) -> Result<(), Diagnostic> {
    let staging = Staging::create(out, slug).map_err(|e| io_problem(out, &e))?;
    for entry in walkdir::WalkDir::new(site)
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(site).unwrap_or(entry.path());
            staging
                .copy(entry.path(), rel)
                .map_err(|e| io_problem(entry.path(), &e))?;
        }
    }
    staging
        .publish()
        .map_err(|e| io_problem(&out.join(slug), &e))
}

struct HashingWriter {
    file: fs::File,
    hasher: Sha256,
    bytes: u64,
}

impl Write for HashingWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let written = self.file.write(buf)?;
        self.hasher.update(&buf[..written]);
        self.bytes += written as u64;
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

/// The import's work folder, removed whatever happens.
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::archive::ExportedFile;

    #[test]
    fn paths_leaving_the_folder_are_refused() {
        assert!(safe_parts(Path::new("ville/../../etc/passwd")).is_none());
        assert!(safe_parts(Path::new("/etc/passwd")).is_none());
        assert_eq!(
            safe_parts(Path::new("ville/site/index.html")).unwrap(),
            ["ville", "site", "index.html"]
        );
    }

    #[test]
    fn verify_finds_missing_altered_and_extra_files() {
        let file = |path: &str, sha: &str| ExportedFile {
            path: path.into(),
            sha256: sha.into(),
            bytes: 1,
        };
        let manifest = ExportManifest {
            format: FORMAT,
            commune: "ville".into(),
            tool_version: "0".into(),
            exported_at: String::new(),
            built_on: None,
            files: vec![file("commune/a.md", "aa")],
        };
        let mut extracted = BTreeMap::new();
        assert!(
            verify(&manifest, &extracted)
                .unwrap_err()
                .contains("manquant")
        );
        extracted.insert("commune/a.md".to_owned(), ("bb".to_owned(), 1));
        assert!(
            verify(&manifest, &extracted)
                .unwrap_err()
                .contains("altéré")
        );
        extracted.insert("commune/a.md".to_owned(), ("aa".to_owned(), 1));
        assert!(verify(&manifest, &extracted).is_ok());
        extracted.insert("site/x.html".to_owned(), ("cc".to_owned(), 1));
        assert!(
            verify(&manifest, &extracted)
                .unwrap_err()
                .contains("absent du manifeste")
        );
    }
}
