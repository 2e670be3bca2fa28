//! The fleet: every commune of the metropole, built in parallel, each in isolation.
//!
//! A commune's failure (bad config, template error, missing image, even a panic) is recorded
//! in its report and the others go on.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::config::{self, MetropoleConfig};
use crate::diagnostic::Diagnostic;
use crate::model::BuildOptions;
use crate::pipeline::{self, BuildEnv};
use crate::render::Theme;
use crate::report::{CommuneReport, FleetReport};
use crate::{load, toml_error};

mod removed;

/// Shared settings of the metropole, next to the communes.
pub const METROPOLE_FILE: &str = "_metropole.toml";

pub struct FleetOptions {
    pub communes_dir: PathBuf,
    pub out_dir: PathBuf,
    pub theme_dir: PathBuf,
    /// Empty: every commune.
    pub slugs: Vec<String>,
    pub options: BuildOptions,
    /// Builds the search indexes (`usine build`), or not (`usine check`).
    pub indexer: crate::search::Indexer,
    /// Where converted images are kept; `None`: `OUT/.usine/images/`, beside the sites.
    pub image_cache: Option<PathBuf>,
    pub progress: bool,
}

/// Problems that stop the whole run (exit code 2).
#[derive(Debug)]
pub struct FleetError(pub Vec<Diagnostic>);

/// What `usine build` adds to a fleet run (issue #8).
#[derive(Debug, Clone, Copy, Default)]
pub struct RunScope {
    /// Only the communes of this shard (`--shard K/N`).
    pub shard: Option<crate::shard::Shard>,
    /// Manifests: skip the communes whose inputs did not change, or rebuild and record all.
    pub incremental: crate::incremental::Mode,
}

/// Builds the selected communes.
pub fn build_fleet(options: &FleetOptions) -> Result<FleetReport, FleetError> {
    build_fleet_in(options, RunScope::default())
}

/// Builds the selected communes of `scope`'s shard, skipping unchanged ones if it says so.
pub fn build_fleet_in(options: &FleetOptions, scope: RunScope) -> Result<FleetReport, FleetError> {
    let started = Instant::now();
    let available = available_communes(&options.communes_dir)?;
    let mut slugs = select(&options.communes_dir, &available, &options.slugs)?;
    if let Some(shard) = scope.shard {
        slugs.retain(|slug| shard.contains(slug));
    }
    // The theme's templates are parsed while the inputs every commune shares are hashed.
    let (theme, shared) = rayon::join(
        || Theme::load(&options.theme_dir),
        || {
            (scope.incremental != crate::incremental::Mode::Off)
                .then(|| {
                    let (theme, communes) = (&options.theme_dir, &options.communes_dir);
                    let indexer = options.indexer.fingerprint();
                    crate::incremental::Shared::compute(theme, communes, options.options, indexer)
                        .ok()
                })
                .flatten()
        },
    );
    let theme = theme.map_err(FleetError)?;
    let metropole = load_metropole(&options.communes_dir).map_err(|d| FleetError(vec![d]))?;
    std::fs::create_dir_all(&options.out_dir).map_err(|err| {
        FleetError(vec![
            Diagnostic::error(
                "ecriture",
                format!("impossible de créer le dossier de sortie : {err}"),
            )
            .in_file(&options.out_dir.display().to_string()),
        ])
    })?;
    let images = match &options.image_cache {
        Some(dir) => crate::images::Store::in_folder(dir.clone()),
        None => crate::images::Store::in_output(&options.out_dir),
    };
    // Until it prunes, this run uses the cache: no other run prunes it meanwhile.
    images.share();
    let env = BuildEnv {
        communes_dir: &options.communes_dir,
        out_dir: &options.out_dir,
        theme: &theme,
        metropole: &metropole,
        options: options.options,
        images: &images,
        indexer: &options.indexer,
    };
    let bar = (options.progress && slugs.len() > 1).then(|| {
        let bar = ProgressBar::new(slugs.len() as u64);
        bar.set_style(
            ProgressStyle::with_template("{bar:30} {pos}/{len} communes {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    });
    let communes: Vec<CommuneReport> = slugs
        .par_iter()
        .map(|slug| {
            let report = crate::incremental::build_commune(
                &env,
                shared.as_ref(),
                scope.incremental,
                slug,
                || build_isolated(&env, slug),
            );
            if let Some(bar) = &bar {
                bar.set_message(slug.clone());
                bar.inc(1);
            }
            report
        })
        .collect();
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    // Once every site is swapped in, the variants no published site links to any more.
    let images_pruned = images.prune(crate::images::UNUSED_GRACE, std::time::SystemTime::now());
    // Every commune of the folder, not only those of this run: the others are not removed.
    let sites_without_commune = removed::sites_without_commune(&options.out_dir, &available);
    Ok(FleetReport {
        communes,
        duration: started.elapsed(),
        images_pruned,
        sites_without_commune,
    })
}

/// A panic in one commune's build is a bug, but it must not take the others down.
fn build_isolated(env: &BuildEnv<'_>, slug: &str) -> CommuneReport {
    catch_unwind(AssertUnwindSafe(|| pipeline::build_commune(env, slug))).unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        let mut report = CommuneReport::new(slug);
        report.diagnostics.push(
            Diagnostic::error("interne", format!("erreur interne de l'outil : {what}")).with_hint(
                "le site précédent est conservé ; signalez ce problème à l'équipe de la métropole.",
            ),
        );
        report
    })
}

pub(crate) fn select_communes(
    communes_dir: &Path,
    wanted: &[String],
) -> Result<Vec<String>, FleetError> {
    select(communes_dir, &available_communes(communes_dir)?, wanted)
}

/// Every commune of `communes_dir`.
fn available_communes(communes_dir: &Path) -> Result<Vec<String>, FleetError> {
    load::list_communes(communes_dir).map_err(|err| {
        FleetError(vec![
            Diagnostic::error(
                "communes.introuvable",
                format!("dossier des communes illisible : {err}"),
            )
            .in_file(&communes_dir.display().to_string())
            .with_hint(
                "lancez la commande depuis la racine du projet, ou indiquez --communes DOSSIER.",
            ),
        ])
    })
}

/// The communes of `available` that are `wanted` (all of them when none is named).
fn select(
    communes_dir: &Path,
    available: &[String],
    wanted: &[String],
) -> Result<Vec<String>, FleetError> {
    if wanted.is_empty() {
        return Ok(available.to_vec());
    }
    let names: Vec<&str> = available.iter().map(String::as_str).collect();
    let unknown: Vec<Diagnostic> = wanted
        .iter()
        .filter(|w| !available.contains(w))
        .map(|w| {
            let hint = match toml_error::closest(w, &names) {
                Some(best) => format!("vouliez-vous dire « {best} » ?"),
                None => format!("communes disponibles : {}", names.join(", ")),
            };
            Diagnostic::error("communes.inconnue", format!("commune inconnue « {w} »"))
                .in_file(&communes_dir.display().to_string())
                .with_hint(hint)
        })
        .collect();
    if unknown.is_empty() {
        Ok(wanted.to_vec())
    } else {
        Err(FleetError(unknown))
    }
}

pub(crate) fn load_metropole(communes_dir: &Path) -> Result<MetropoleConfig, Diagnostic> {
    let path = communes_dir.join(METROPOLE_FILE);
    if !path.exists() {
        return Ok(MetropoleConfig::default());
    }
    let shown = path.display().to_string();
    let text = load::read_text(&path, &shown)?;
    config::parse_metropole(&text, &shown)
}
