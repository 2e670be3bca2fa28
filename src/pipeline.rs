//! One commune, through every stage:
//! load → parse → model → render → check → minify → write.
//!
//! Pages stream through render → check → minify → write in parallel: only their findings and
//! sizes are kept, never all rendered pages at once. Any error leaves the published site as
//! it was (see `write`).

use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

use crate::baseline::{BASELINE_FILE, Baseline};
use crate::config::{self, MetropoleConfig};
use crate::diagnostic::{self, Diagnostic};
use crate::images::Stored;
use crate::model::{self, BuildOptions, ModelInput, Site};
use crate::render::{self, SiteContext, Theme};
use crate::report::{CommuneReport, Outcome};
use crate::write::Staging;
use crate::{check, load, minify, parse, sobriety};

/// What every commune's build shares, read-only.
pub struct BuildEnv<'a> {
    pub communes_dir: &'a Path,
    pub out_dir: &'a Path,
    pub theme: &'a Theme,
    pub metropole: &'a MetropoleConfig,
    pub options: BuildOptions,
    /// The variants of content images already made (`OUT/.usine/images/`).
    pub images: &'a crate::images::Store,
    /// The search index program of this run, if any.
    pub indexer: &'a crate::search::Indexer,
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
    let mut sources = load::load_commune(env.communes_dir, slug)?;
    report.digests = std::mem::take(&mut sources.digests);
    let (site, warnings) = model_site(
        sources,
        env.metropole,
        env.options,
        env.images,
        parse::parse_page,
    )?;
    report.diagnostics.extend(warnings);
    report.images = Some(site.images.counts);
    report.name = Some(site.config.identity.name.clone());
    // Acts stay online 2 months: compare with the published site's registry (issue #7).
    let published = env.out_dir.join(slug);
    report
        .diagnostics
        .extend(crate::acts::removed_too_early(&site, &published));
    report.valid_until = Some(crate::incremental::horizon::valid_until(&site));
    let staging =
        Staging::create(env.out_dir, slug).map_err(|err| vec![io_error(env.out_dir, &err)])?;
    let sobriety = write_site(env, &site, &staging, report);
    report.sobriety = Some(sobriety.summary.clone());
    let baseline = load_baseline(env.communes_dir, slug)?;
    let prefix = env.communes_dir.join(slug).display().to_string();
    report.accepted_exceptions = baseline.apply(&mut report.diagnostics, &prefix);
    if report.diagnostics.iter().any(Diagnostic::is_error) {
        return Err(Vec::new());
    }
    // The staging folder must hold the new site only before the search index is written
    // into it: the files of the recycled generation this build did not write go first.
    staging
        .prune()
        .map_err(|err| vec![io_error(staging.dir(), &err)])?;
    // The search index reads the finished pages: last, in the staging folder (issue #7).
    match crate::search::index_site(env.indexer, &site, staging.dir()) {
        crate::search::Outcome::Built(indexed) => {
            report.search_index = Some(indexed.took);
            report.files += indexed.files;
            report.bytes += indexed.bytes;
        }
        crate::search::Outcome::NotNeeded => {}
        crate::search::Outcome::Problem(problem) if problem.is_error() => {
            return Err(vec![problem]);
        }
        crate::search::Outcome::Problem(warning) => report.diagnostics.push(warning),
    }
    staging
        .publish()
        .map_err(|err| vec![io_error(&env.out_dir.join(slug), &err)])?;
    // The report describes the published site: written once it is swapped in.
    if let Err(err) = crate::sobriety::write_report(env.out_dir, &sobriety) {
        let path = crate::sobriety::report_path(env.out_dir, slug);
        report.diagnostics.push(
            Diagnostic::warning(
                "sobriete.rapport",
                format!("rapport de sobriété non écrit : {err}"),
            )
            .in_file(&path.display().to_string()),
        );
    }
    Ok(())
}

/// Parse and model: every problem of every page at once, not the first one only; warnings
/// come back with the site.
///
/// `parse` turns each page source into a parsed page: `build` passes [`parse::parse_page`];
/// `serve` hands back the pages it parsed earlier when their source did not change. Images
/// take their variants from `images`, and store there those they make.
pub fn model_site<P>(
    sources: load::SourceSet,
    metropole: &MetropoleConfig,
    options: BuildOptions,
    images: &crate::images::Store,
    parse: P,
) -> Result<(Site, Vec<Diagnostic>), Vec<Diagnostic>>
where
    P: Fn(load::SourceFile) -> Result<parse::ParsedPage, Diagnostic> + Sync + Send,
{
    let load::SourceSet {
        slug,
        root,
        config,
        pages,
        files,
        digests: _,
    } = sources;
    let mut problems = Vec::new();
    let parsed: Vec<parse::ParsedPage> = pages
        .into_par_iter()
        .map(parse)
        .collect::<Vec<_>>()
        .into_iter()
        .filter_map(|result| result.map_err(|p| problems.push(p)).ok())
        .collect();
    let commune = config::parse_commune(&config.text, &config.display, metropole)
        .map_err(|p| problems.extend(p))
        .ok();
    let Some(commune) = commune.filter(|_| problems.is_empty()) else {
        return Err(problems);
    };
    // Legal data that is missing or has aged: an old audit, no yearly plan (issue #5).
    let dated = config::legal_warnings(&commune, &config.text, &config.display, options.today);
    let input = ModelInput {
        slug,
        root,
        config: commune,
        config_display: config.display,
        config_text: config.text,
        pages: parsed,
        files,
        options,
    };
    let built = model::build_site(input, images)?;
    Ok((built.0, built.1.into_iter().chain(dated).collect()))
}

/// Renders, checks, minifies and writes every page, then copies assets and theme files;
/// returns the sobriety report, complete once every file's size is known.
fn write_site(
    env: &BuildEnv<'_>,
    site: &Site,
    staging: &Staging,
    report: &mut CommuneReport,
) -> sobriety::Report {
    let shared = SiteContext::new(site, env.indexer.builds_index());
    let templates_dir = env.theme.templates_dir().display().to_string();
    let minifier = minify::Minifier::new();
    let regions = accessibility::RegionMemo::new();
    type PageResult = (
        u64,
        Vec<Diagnostic>,
        Option<(SiteEntry, sobriety::PageMeasure)>,
    );
    let results: Vec<PageResult> = site
        .outputs
        .par_iter()
        .map(|job| {
            let rendered = match render::render_page(env.theme, site, &shared, job) {
                Ok(rendered) => rendered,
                Err(problem) => return (0, vec![problem], None),
            };
            let FinishedPage {
                file,
                diagnostics,
                site_entry,
                measure,
            } = finish_page_for_site(rendered, site, &templates_dir, &minifier, &regions);
            match staging.write(&file.path, &file.bytes) {
                Ok(()) => (
                    file.bytes.len() as u64,
                    diagnostics,
                    Some((site_entry, measure)),
                ),
                Err(err) => (0, vec![io_error(&file.path, &err)], None),
            }
        })
        .collect();
    report.checked_files = checked_files(site, &templates_dir);
    let mut site_entries = Vec::with_capacity(results.len());
    let mut measures = Vec::with_capacity(results.len());
    for (bytes, diagnostics, finished) in results {
        report.pages += 1;
        report.bytes += bytes;
        report.diagnostics.extend(diagnostics);
        if let Some((site_entry, measure)) = finished {
            site_entries.push(site_entry);
            measures.push(measure);
        }
    }
    // The site-wide rules read the pages' summaries only: they run while the other files are
    // written.
    let (site_findings, extras) = rayon::join(
        || check::check_site(site, site_entries, &templates_dir),
        || write_extras(env.theme, site, staging),
    );
    report.diagnostics.extend(site_findings);
    report.files += extras.files;
    report.bytes += extras.bytes;
    report.diagnostics.extend(extras.diagnostics);
    let sizes = extras.sizes;
    let sobriety = sobriety::assess(site, measures, &sizes, &templates_dir);
    report.diagnostics.extend(sobriety.diagnostics);
    sobriety.report
}

/// What writing the files besides the pages did.
#[derive(Default)]
struct WrittenExtras {
    files: usize,
    bytes: u64,
    /// Every file's size, by output path, for the sobriety report.
    sizes: sobriety::FileSizes,
    diagnostics: Vec<Diagnostic>,
}

/// Writes the files of `site` besides its pages ([`site_extras`]).
fn write_extras(theme: &Theme, site: &Site, staging: &Staging) -> WrittenExtras {
    let extras = site_extras(theme, site);
    let mut written = WrittenExtras {
        sizes: sobriety::FileSizes::with_capacity(extras.generated.len() + extras.copies.len()),
        ..WrittenExtras::default()
    };
    for file in extras.generated {
        match staging.write(&file.path, &file.bytes) {
            Ok(()) => {
                written.files += 1;
                written
                    .sizes
                    .insert(output_key(&file.path), file.bytes.len() as u64);
            }
            Err(err) => written.diagnostics.push(io_error(staging.dir(), &err)),
        }
    }
    for (source, output) in extras.copies {
        match staging.copy(&source, &output) {
            Ok(bytes) => {
                written.files += 1;
                written.bytes += bytes;
                written.sizes.insert(output_key(&output), bytes);
            }
            Err(err) => written.diagnostics.push(io_error(&source, &err)),
        }
    }
    for (stored, output) in extras.images {
        let linked = match &stored {
            Stored::File(cached) => staging.link(cached, &output),
            Stored::Bytes(bytes) => staging.write(&output, bytes).map(|()| bytes.len() as u64),
        };
        match linked {
            Ok(bytes) => {
                written.files += 1;
                written.bytes += bytes;
                written.sizes.insert(output_key(&output), bytes);
            }
            Err(err) => written.diagnostics.push(io_error(&output, &err)),
        }
    }
    written
}

/// An output path as pages name it, without the leading `/`: `theme/site.css`.
pub fn output_key(path: &Path) -> String {
    diagnostic::display_path(path, Path::new(""))
}

/// What the site-wide rules need from one page: its URL, summary and trace.
pub type SiteEntry = (String, accessibility::PageSummary, check::PageTrace);

/// A checked and minified page, with what the site-wide rules and the sobriety report need
/// from it.
pub struct FinishedPage {
    pub file: minify::OutputFile,
    pub diagnostics: Vec<Diagnostic>,
    pub site_entry: SiteEntry,
    pub measure: sobriety::PageMeasure,
}

/// Check and minify one rendered page, keeping its summary for [`check::check_site`];
/// `minifier` and `regions` reuse the regions of the site's pages minified and checked before.
pub fn finish_page_for_site(
    rendered: render::RenderedPage,
    site: &Site,
    templates_dir: &str,
    minifier: &minify::Minifier,
    regions: &accessibility::RegionMemo,
) -> FinishedPage {
    let reader = |html: &str, policy: &_| check::read_with(html, policy, Some(regions));
    finish_page_with(rendered, site, templates_dir, reader, |page| {
        minifier.minify(page)
    })
}

/// [`finish_page_for_site`] with the two costly stages that read the HTML alone passed in
/// (reading it for findings, and minify): `serve` hands back their results for an HTML seen
/// before.
pub fn finish_page_with(
    rendered: render::RenderedPage,
    site: &Site,
    templates_dir: &str,
    reader: impl FnOnce(&str, &crate::privacy::Policy) -> check::Reading,
    minifier: impl FnOnce(check::CheckedPage) -> minify::OutputFile,
) -> FinishedPage {
    let mut checked = check::check_page_with(rendered, site, templates_dir, reader);
    let diagnostics = std::mem::take(&mut checked.diagnostics);
    let mut summary = std::mem::take(&mut checked.summary);
    let (url, trace) = (checked.url.clone(), checked.trace.clone());
    let file = minifier(checked);
    let html_bytes = file.bytes.len() as u64;
    let origin = &site.config.identity.url;
    let measure = sobriety::PageMeasure::new(&url, trace.page, &summary, html_bytes, origin);
    // The site-wide rules do not read what the page loads.
    summary.resources = Vec::new();
    FinishedPage {
        file,
        diagnostics,
        site_entry: (url, summary, trace),
        measure,
    }
}

/// The files of a site besides its pages.
pub struct SiteExtras {
    /// Files made by the build.
    pub generated: Vec<minify::OutputFile>,
    /// (file on disk, output path): the commune's assets and the theme's static files.
    pub copies: Vec<(PathBuf, PathBuf)>,
    /// The variants of the content images, with their output paths.
    pub images: Vec<(Stored, PathBuf)>,
}

/// Lists the files of `site` besides its pages.
pub fn site_extras(theme: &Theme, site: &Site) -> SiteExtras {
    // The commune's colour lives in a stylesheet: inline styles would break the strict CSP.
    let colours = format!(
        ":root{{--couleur-principale:{};}}\n",
        site.config.branding.primary_colour
    );
    let mut generated = vec![minify::OutputFile {
        path: PathBuf::from("theme/commune.css"),
        bytes: colours.into_bytes(),
    }];
    let copies = site
        .assets
        .iter()
        .map(|(source, output)| (site.root.join(source), PathBuf::from(output)))
        .chain(
            theme
                .static_files
                .iter()
                .map(|(source, output)| (source.clone(), PathBuf::from(output))),
        )
        .collect();
    // Security headers for the web server: `_nginx.conf` and `_headers` (issue #5).
    generated.extend(crate::privacy::headers::files(site));
    // Council acts as open data: registry with SHA-256 and SCDL export (issue #7).
    generated.extend(crate::acts::files(site));
    generated.extend(crate::sitemap::files(site));
    generated.extend(crate::feeds::files(site));
    // The agenda in iCalendar: one `.ics` per event and the whole calendar (issue #7).
    generated.extend(crate::agenda::files(site));
    let images = site.images.outputs();
    SiteExtras {
        generated,
        copies,
        images,
    }
}

fn io_error(path: &Path, err: &std::io::Error) -> Diagnostic {
    Diagnostic::error("ecriture", format!("écriture impossible : {err}"))
        .in_file(&path.display().to_string())
        .with_hint("vérifiez les droits d'écriture et la place libre sur le disque.")
}

/// The commune's accessibility exceptions, if it has a file of them.
pub(crate) fn load_baseline(communes_dir: &Path, slug: &str) -> Result<Baseline, Vec<Diagnostic>> {
    let path = communes_dir.join(slug).join(BASELINE_FILE);
    if !path.exists() {
        return Ok(Baseline::default());
    }
    let shown = path.display().to_string();
    let text = load::read_text(&path, &shown).map_err(|d| vec![d])?;
    Baseline::parse(&text, &shown).map_err(|d| vec![d])
}

/// The file each output page comes from: its Markdown source, else its template.
fn checked_files(site: &Site, templates_dir: &str) -> Vec<String> {
    let mut files: Vec<String> = site
        .pages
        .iter()
        .map(|page| match &page.source {
            Some(source) => source.display.clone(),
            None => format!("{templates_dir}/{}", page.template),
        })
        .collect();
    files.sort();
    files.dedup();
    files
}
