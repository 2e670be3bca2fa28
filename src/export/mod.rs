//! Reversibility: `usine export <commune>` writes everything a commune owns into one
//! tar.gz archive, and `usine import` puts it back into a (fresh) tree, where building it
//! gives the same site byte for byte.
//!
//! The archive holds one folder named after the commune:
//!
//! ```text
//! <commune>/manifeste.json           format, tool version, and every file with SHA-256 and size
//! <commune>/commune/...              the commune folder: commune.toml, contenu/, medias/,
//!                                    exceptions-accessibilite.toml
//! <commune>/metropole/_metropole.toml  the shared settings the site was built with (if any)
//! <commune>/site/...                 the published site
//! ```
//!
//! The theme is the metropole's, not the commune's: it is not in the archive, but the
//! published site carries its CSS and the manifest names the tool version. Import checks
//! every path (nothing outside the target folder, no links) and every hash before anything
//! appears in the communes folder.

mod archive;
mod pack;
mod unpack;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use crate::report::render_diagnostic;

pub use archive::{ExportManifest, ExportedFile};
pub use pack::{Exported, export_commune};
pub use unpack::{Imported, import_archive};

#[derive(Args)]
pub struct ExportArgs {
    /// Commune à exporter (nom de son dossier).
    commune: String,
    /// Dossier des communes.
    #[arg(long, value_name = "DOSSIER", default_value = "communes")]
    communes: PathBuf,
    /// Dossier de publication où se trouve son site construit.
    #[arg(long, value_name = "DOSSIER", default_value = "public")]
    out: PathBuf,
    /// Fichier de l'archive ; <commune>.tar.gz par défaut.
    #[arg(long, value_name = "FICHIER")]
    sortie: Option<PathBuf>,
}

#[derive(Args)]
pub struct ImportArgs {
    /// Archive produite par « usine export ».
    archive: PathBuf,
    /// Dossier des communes où ajouter la commune.
    #[arg(long, value_name = "DOSSIER", default_value = "communes")]
    communes: PathBuf,
    /// Publie aussi le site contenu dans l'archive dans DOSSIER/<commune>/.
    #[arg(long, value_name = "DOSSIER")]
    out: Option<PathBuf>,
}

pub fn run_export(args: &ExportArgs) -> ExitCode {
    let target = args
        .sortie
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("{}.tar.gz", args.commune)));
    match export_commune(&args.communes, &args.out, &args.commune, &target) {
        Ok(outcome) => {
            for warning in &outcome.warnings {
                eprintln!("{}\n", render_diagnostic(warning, false));
            }
            eprintln!(
                "archive écrite : {} ({} fichiers, {} Kio)",
                target.display(),
                outcome.manifest.files.len(),
                outcome.archive_bytes.div_ceil(1024)
            );
            ExitCode::SUCCESS
        }
        Err(problem) => {
            eprintln!("{}", render_diagnostic(&problem, false));
            ExitCode::from(2)
        }
    }
}

pub fn run_import(args: &ImportArgs) -> ExitCode {
    match import_archive(&args.archive, &args.communes, args.out.as_deref()) {
        Ok(outcome) => {
            for warning in &outcome.warnings {
                eprintln!("{}\n", render_diagnostic(warning, false));
            }
            eprintln!(
                "commune « {} » importée dans {} ({} fichiers vérifiés) ; construisez-la : usine build {}",
                outcome.slug,
                args.communes.join(&outcome.slug).display(),
                outcome.files,
                outcome.slug
            );
            ExitCode::SUCCESS
        }
        Err(problem) => {
            eprintln!("{}", render_diagnostic(&problem, false));
            ExitCode::from(2)
        }
    }
}
