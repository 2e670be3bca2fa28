//! One commune, through every stage:
//! load → parse → model → render → check → minify → write.
//!
//! Pages stream through render → check → minify → write in parallel: only their findings and
//! sizes are kept, never all rendered pages at once. Any error leaves the published site as
//! it was (see `write`).

use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

use crate::config::{self, MetropoleConfig};
use crate::diagnostic::{self, Diagnostic};
use crate::model::{self, BuildOptions, ModelInput, Site};
use crate::render::{self, SiteContext, Theme};
use crate::report::{CommuneReport, Outcome};
use crate::write::Staging;
use crate::{check, load, minify, parse};

/// What every commune's build shares, read-only.
pub struct BuildEnv<'a> {
    pub communes_dir: &'a Path,
    pub out_dir: &'a Path,
    pub theme: &'a Theme,
    pub metropole: &'a MetropoleConfig,
    pub options: BuildOptions,
}

/// Builds and publishes one commune; never panics on bad input, never touches the
/// published site unless the build succeeded.
pub fn build_commune(env: &BuildEnv<'_>, slug: &str) -> CommuneReport {
    let started = Instant::now();
    let mut report = CommuneReport::new(slug);
    match build(env, slug, &mut report) {
        Ok(()) => report.outcome = Outcome::Published,
        Err(problems) => {
            report.diagnostics.extend(problems);
            report.outcome = Outcome::Failed;
        }
    }
    diagnostic::sort(&mut report.diagnostics);
    report.duration = started.elapsed();
    report
}

fn build(
    env: &BuildEnv<'_>,
    slug: &str,
    report: &mut CommuneReport,
) -> Result<(), Vec<Diagnostic>> {
    let sources = load::load_commune(env.communes_dir, slug)?;
    let site = model_stage(env, sources, report)?;
    report.name = Some(site.config.identity.name.clone());
    let staging =
        Staging::create(env.out_dir, slug).map_err(|err| vec![io_error(env.out_dir, &err)])?;
    write_site(env, &site, &staging, report);
    if report.diagnostics.iter().any(Diagnostic::is_error) {
        return Err(Vec::new());
    }
    staging
        .publish()
        .map_err(|err| vec![io_error(&env.out_dir.join(slug), &err)])
}

/// Parse and model: every problem of every page at once, not the first one only.
fn model_stage(
    env: &BuildEnv<'_>,
    sources: load::SourceSet,
    report: &mut CommuneReport,
) -> Result<Site, Vec<Diagnostic>> {
    let load::SourceSet {
        slug,
        root,
        config,
        pages,
        files,
    } = sources;
    let mut problems = Vec::new();
    let parsed: Vec<parse::ParsedPage> = pages
        .into_par_iter()
        .map(parse::parse_page)
        .collect::<Vec<_>>()
        .into_iter()
        .filter_map(|result| result.map_err(|p| problems.push(p)).ok())
        .collect();
    let commune = config::parse_commune(&config.text, &config.display, env.metropole)
        .map_err(|p| problems.extend(p))
        .ok();
    let Some(commune) = commune.filter(|_| problems.is_empty()) else {
        return Err(problems);
    };
    let (site, warnings) = model::build_site(ModelInput {
        slug,
        root,
        config: commune,
        config_display: config.display,
        config_text: config.text,
        pages: parsed,
        files,
        options: env.options,
    })?;
    report.diagnostics.extend(warnings);
    Ok(site)
}

/// Renders, checks, minifies and writes every page, then copies assets and theme files.
fn write_site(env: &BuildEnv<'_>, site: &Site, staging: &Staging, report: &mut CommuneReport) {
    let shared = SiteContext::new(site);
    let templates_dir = env.theme.templates_dir().display().to_string();
    let results: Vec<(u64, Vec<Diagnostic>)> = site
        .outputs
        .par_iter()
        .map(|job| {
            let rendered = match render::render_page(env.theme, site, &shared, job) {
                Ok(rendered) => rendered,
                Err(problem) => return (0, vec![problem]),
            };
            let mut checked = check::check_page(rendered, site, &templates_dir);
            let diagnostics = std::mem::take(&mut checked.diagnostics);
            let file = minify::minify(checked);
            match staging.write(&file.path, &file.bytes) {
                Ok(()) => (file.bytes.len() as u64, diagnostics),
                Err(err) => (0, vec![io_error(&file.path, &err)]),
            }
        })
        .collect();
    for (bytes, diagnostics) in results {
        report.pages += 1;
        report.bytes += bytes;
        report.diagnostics.extend(diagnostics);
    }
    // The commune's colour lives in a stylesheet: inline styles would break the strict CSP.
    let colours = format!(
        ":root{{--couleur-principale:{};}}\n",
        site.config.branding.primary_colour
    );
    match staging.write(
        std::path::Path::new("theme/commune.css"),
        colours.as_bytes(),
    ) {
        Ok(()) => report.files += 1,
        Err(err) => report.diagnostics.push(io_error(staging.dir(), &err)),
    }
    let copies = site
        .assets
        .iter()
        .map(|(source, output)| (site.root.join(source), PathBuf::from(output)))
        .chain(
            env.theme
                .static_files
                .iter()
                .map(|(source, output)| (source.clone(), PathBuf::from(output))),
        );
    for (source, output) in copies {
        match staging.copy(&source, &output) {
            Ok(bytes) => {
                report.files += 1;
                report.bytes += bytes;
            }
            Err(err) => report.diagnostics.push(io_error(&source, &err)),
        }
    }
}

fn io_error(path: &Path, err: &std::io::Error) -> Diagnostic {
    Diagnostic::error("ecriture", format!("écriture impossible : {err}"))
        .in_file(&path.display().to_string())
        .with_hint("vérifiez les droits d'écriture et la place libre sur le disque.")
}
