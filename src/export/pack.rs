//! `usine export`: the commune's files, its metropole settings and its published site,
//! hashed into the manifest, then written as tar.gz through a temporary file.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use flate2::Compression;
use flate2::write::GzEncoder;

use super::archive::{
    COMMUNE, ExportManifest, ExportedFile, FORMAT, MANIFEST_NAME, METROPOLE, SITE, io_problem,
};
use crate::diagnostic::Diagnostic;
use crate::fleet::{self, METROPOLE_FILE};
use crate::incremental::{self, Manifest};

/// A written archive.
pub struct Exported {
    pub manifest: ExportManifest,
    pub archive_bytes: u64,
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
    fleet::select_communes(communes_dir, &[slug.to_owned()]).map_err(|e| {
        e.0.into_iter()
            .next()
            .unwrap_or_else(|| Diagnostic::error("export", "commune introuvable"))
    })?;
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
        (Some(build), Ok(content)) if build.content == content && build.is_valid() => {}
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
        files.push(ExportedFile {
            path: path.clone(),
            sha256,
            bytes,
        });
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
        Ok(archive_bytes) => Ok(Exported {
            manifest,
            archive_bytes,
            warnings,
        }),
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
        into.push((
            format!("{prefix}/{}", rel.replace('\\', "/")),
            entry.into_path(),
        ));
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
    tar.append_data(
        &mut header(json.len() as u64),
        format!("{slug}/{MANIFEST_NAME}"),
        json.as_slice(),
    )?;
    for (path, disk) in sources {
        let file = fs::File::open(disk)?;
        let size = file.metadata()?.len();
        tar.append_data(&mut header(size), format!("{slug}/{path}"), file)?;
    }
    let file = tar.into_inner()?.finish()?;
    file.sync_all()
}
