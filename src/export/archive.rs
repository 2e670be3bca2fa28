//! Writing and reading the archive of a commune (layout in the module above).

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Component, Path, PathBuf};

use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::diagnostic::Diagnostic;
use crate::fleet::{self, METROPOLE_FILE};
use crate::incremental::{self, Manifest};
use crate::write::Staging;

/// Name of the manifest inside the commune's folder of the archive.
const MANIFEST_NAME: &str = "manifeste.json";
const FORMAT: u32 = 1;
/// Parts of the archive, each a folder below `<commune>/`.
const COMMUNE: &str = "commune";
const METROPOLE: &str = "metropole";
const SITE: &str = "site";

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

/// A written archive.
pub struct Exported {
    pub manifest: ExportManifest,
    pub archive_bytes: u64,
    pub warnings: Vec<Diagnostic>,
}

/// An imported commune.
pub struct Imported {
    pub slug: String,
    pub files: usize,
    pub warnings: Vec<Diagnostic>,
}

/// Writes the archive of `slug` to `target` (through a temporary file: a failed export
/// leaves no half archive).
pub fn export_commune(
    communes_dir: &Path,
    out_dir: &Path,
    slug: &str,
    target: &Path,
) -> Result<Exported, Diagnostic> {
    fleet::select_communes(communes_dir, &[slug.to_owned()])
        .map_err(|e| e.0.into_iter().next().unwrap_or_else(|| Diagnostic::error("export", "commune introuvable")))?;
    let site = out_dir.join(slug);
    if !site.is_dir() {
        return Err(Diagnostic::error(
            "export.site-absent",
            format!("le site de « {slug} » n'est pas construit"),
        )
        .in_file(&site.display().to_string())
        .with_hint(format!(
            "construisez-le d'abord : usine build {slug} --out {}",
            out_dir.display()
        )));
    }
    let mut warnings = Vec::new();
    let build = Manifest::read(out_dir, slug);
    match (&build, incremental::content_hash(communes_dir, slug)) {
        (Some(build), Ok(content)) if build.content == content && !build.fingerprint.is_empty() => {}
        (Some(_), Ok(_)) => warnings.push(
            Diagnostic::warning(
                "export.site-ancien",
                "les fichiers de la commune ont changé depuis la publication de son site",
            )
            .in_file(&site.display().to_string())
            .with_hint(format!("pour une archive cohérente, lancez « usine build {slug} » puis exportez de nouveau.")),
        ),
        _ => warnings.push(
            Diagnostic::warning(
                "export.sans-manifeste",
                "aucun manifeste de construction : impossible de vérifier que le site correspond aux fichiers",
            )
            .in_file(&site.display().to_string())
            .with_hint(format!("lancez « usine build {slug} » puis exportez de nouveau.")),
        ),
    }

    let mut sources: Vec<(String, PathBuf)> = Vec::new();
    collect(&communes_dir.join(slug), COMMUNE, true, &mut sources)?;
    let metropole = communes_dir.join(METROPOLE_FILE);
    if metropole.is_file() {
        sources.push((format!("{METROPOLE}/{METROPOLE_FILE}"), metropole));
    }
    collect(&site, SITE, false, &mut sources)?;
    sources.sort();

    let mut files = Vec::with_capacity(sources.len());
    for (path, disk) in &sources {
        let sha256 = incremental::file_sha256(disk).map_err(|e| io_problem(disk, &e))?;
        let bytes = fs::metadata(disk).map_err(|e| io_problem(disk, &e))?.len();
        files.push(ExportedFile { path: path.clone(), sha256, bytes });
    }
    let manifest = ExportManifest {
        format: FORMAT,
        commune: slug.to_owned(),
        tool_version: env!("CARGO_PKG_VERSION").to_owned(),
        exported_at: jiff::Timestamp::now().to_string(),
        built_on: build.map(|b| b.built_on),
        files,
    };
    let temporary = target.with_extension(format!("partiel-{}", std::process::id()));
    let written = write_archive(&temporary, slug, &manifest, &sources).and_then(|()| {
        fs::rename(&temporary, target)?;
        Ok(fs::metadata(target)?.len())
    });
    match written {
        Ok(archive_bytes) => Ok(Exported { manifest, archive_bytes, warnings }),
        Err(err) => {
            let _ = fs::remove_file(&temporary);
            Err(io_problem(target, &err))
        }
    }
}

/// Lists the files below `root` as `<prefix>/<relative path>`; links are refused. The
/// commune folder skips hidden entries, as the build does.
fn collect(
    root: &Path,
    prefix: &str,
    skip_hidden: bool,
    into: &mut Vec<(String, PathBuf)>,
) -> Result<(), Diagnostic> {
    let walker = walkdir::WalkDir::new(root)
        .follow_links(false)
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0 || !skip_hidden || !e.file_name().to_string_lossy().starts_with('.')
        });
    for entry in walker {
        let entry = entry.map_err(|e| io_problem(root, &io::Error::other(e)))?;
        if entry.path_is_symlink() {
            return Err(Diagnostic::error(
                "export.lien-symbolique",
                "les liens symboliques ne peuvent pas être archivés",
            )
            .in_file(&entry.path().display().to_string())
            .with_hint("remplacez le lien par une copie du fichier."));
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
        let Some(rel) = rel.to_str() else {
            return Err(Diagnostic::error(
                "export.nom",
                "nom de fichier illisible (il n'est pas en UTF-8)",
            )
            .in_file(&entry.path().display().to_string()));
        };
        into.push((format!("{prefix}/{}", rel.replace('\\', "/")), entry.into_path()));
    }
    Ok(())
}

fn write_archive(
    path: &Path,
    slug: &str,
    manifest: &ExportManifest,
    sources: &[(String, PathBuf)],
) -> io::Result<()> {
    let file = fs::File::create(path)?;
    let mut tar = tar::Builder::new(GzEncoder::new(file, Compression::default()));
    let mtime = jiff::Timestamp::now().as_second().max(0) as u64;
    let header = |size: u64| {
        let mut header = tar::Header::new_gnu();
        header.set_entry_type(tar::EntryType::Regular);
        header.set_size(size);
        header.set_mode(0o644);
        header.set_mtime(mtime);
        header
    };
    let json = serde_json::to_vec_pretty(manifest).map_err(io::Error::other)?;
    tar.append_data(&mut header(json.len() as u64), format!("{slug}/{MANIFEST_NAME}"), json.as_slice())?;
    for (path, disk) in sources {
        let file = fs::File::open(disk)?;
        let size = file.metadata()?.len();
        tar.append_data(&mut header(size), format!("{slug}/{path}"), file)?;
    }
    let file = tar.into_inner()?.finish()?;
    file.sync_all()
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
    for entry in tar.entries().map_err(|e| bad(format!("archive illisible : {e}")))? {
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
            return Err(bad(format!("« {} » n'est pas un fichier ordinaire", path.display())));
        }
        let parts = safe_parts(&path).ok_or_else(|| bad(format!("chemin refusé : « {} »", path.display())))?;
        let (first, rest) = parts.split_first().ok_or_else(|| bad("chemin vide".to_owned()))?;
        if first.starts_with('_') || rest.is_empty() {
            return Err(bad(format!("chemin refusé : « {} »", path.display())));
        }
        match &slug {
            Some(s) if s != first => {
                return Err(bad(format!("l'archive contient deux communes : « {s} » et « {first} »")));
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
            let parsed: ExportManifest =
                serde_json::from_str(&text).map_err(|e| bad(format!("manifeste illisible : {e}")))?;
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
        io::copy(&mut entry, &mut writer).map_err(|e| bad(format!("extraction impossible de « {rel} » : {e}")))?;
        extracted.insert(rel, (incremental::hex(&writer.hasher.finalize()), writer.bytes));
    }
    let slug = slug.ok_or_else(|| bad("archive vide".to_owned()))?;
    let manifest = manifest.ok_or_else(|| bad(format!("pas de {MANIFEST_NAME} dans l'archive")))?;
    if manifest.format != FORMAT || manifest.commune != slug {
        return Err(bad(format!("manifeste inattendu (format {}, commune « {} »)", manifest.format, manifest.commune)));
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
        .with_hint("déplacez ou supprimez ce dossier, ou importez dans un autre dossier avec --communes."));
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
    Ok(Imported { slug, files: extracted.len(), warnings })
}

/// Every file of the manifest was extracted with its hash and size, and nothing else.
fn verify(manifest: &ExportManifest, extracted: &BTreeMap<String, (String, u64)>) -> Result<(), String> {
    let mut listed = BTreeMap::new();
    for file in &manifest.files {
        listed.insert(file.path.as_str(), file);
        match extracted.get(&file.path) {
            None => return Err(format!("fichier manquant : « {} »", file.path)),
            Some((sha256, bytes)) if *sha256 != file.sha256 || *bytes != file.bytes => {
                return Err(format!("fichier altéré (empreinte SHA-256 différente) : « {} »", file.path));
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
    for entry in walkdir::WalkDir::new(site).into_iter().filter_map(Result::ok) {
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(site).unwrap_or(entry.path());
            staging.copy(entry.path(), rel).map_err(|e| io_problem(entry.path(), &e))?;
        }
    }
    staging.publish().map_err(|e| io_problem(&out.join(slug), &e))
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

fn io_problem(path: &Path, err: &io::Error) -> Diagnostic {
    Diagnostic::error("entree-sortie", format!("lecture ou écriture impossible : {err}"))
        .in_file(&path.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let file = |path: &str, sha: &str| ExportedFile { path: path.into(), sha256: sha.into(), bytes: 1 };
        let manifest = ExportManifest {
            format: FORMAT,
            commune: "ville".into(),
            tool_version: "0".into(),
            exported_at: String::new(),
            built_on: None,
            files: vec![file("commune/a.md", "aa")],
        };
        let mut extracted = BTreeMap::new();
        assert!(verify(&manifest, &extracted).unwrap_err().contains("manquant"));
        extracted.insert("commune/a.md".to_owned(), ("bb".to_owned(), 1));
        assert!(verify(&manifest, &extracted).unwrap_err().contains("altéré"));
        extracted.insert("commune/a.md".to_owned(), ("aa".to_owned(), 1));
        assert!(verify(&manifest, &extracted).is_ok());
        extracted.insert("site/x.html".to_owned(), ("cc".to_owned(), 1));
        assert!(verify(&manifest, &extracted).unwrap_err().contains("absent du manifeste"));
    }
}
