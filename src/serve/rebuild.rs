//! One rebuild of the previewed commune, from its files as they are now.
//!
//! Every rebuild reads every source again (the commune folder with its `commune.toml` and
//! accessibility exceptions, `_metropole.toml`, the theme): nothing depends on which files the
//! watcher reported, so no sequence of edits, creations, renames or deletions can leave the
//! preview stale (the incremental rebuilds of other generators went stale by trusting events).
//! The stages are the build's own functions, in the build's order, and a rebuild fails exactly
//! when `usine build` would not publish. Speed comes from two caches keyed by content:
//!
//! - parsed pages, reused when a page's path, shown name and text are unchanged;
//! - finished pages (check + minify), see `cache`;
//! - the variants of content images, in memory, by content (`images::Store`).
//!
//! Not run: the check that council acts stayed online two months, which compares with the
//! published site (`acts::removed_too_early`); the preview has none.

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

use crate::dates::Date;
use crate::diagnostic::{self, Diagnostic, Severity};
use crate::images::{Store, Stored};
use crate::model::{BuildOptions, Site};
use crate::parse::{self, ParsedPage};
use crate::render::Theme;
use crate::{check, fleet, load, pipeline, sobriety};

use super::cache::{Digest, FinishCache, digest};
use super::preview::{Body, SiteFiles};

/// What to rebuild, fixed for the whole preview.
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    pub(crate) communes_dir: PathBuf,
    pub(crate) theme_dir: PathBuf,
    pub(crate) slug: String,
    /// `None`: the day of each rebuild, as a build run then would use.
    pub(crate) date: Option<Date>,
    pub(crate) include_drafts: bool,
}

/// The result of one rebuild.
#[derive(Debug)]
pub(crate) enum Outcome {
    Built(SiteFiles),
    /// Every error, sorted by file and line; `usine build` would not publish.
    Failed(Vec<Diagnostic>),
}

/// Rebuilds one commune again and again, remembering what it can reuse.
pub(crate) struct Rebuilder {
    settings: Settings,
    parsed: HashMap<PathBuf, ParsedPage>,
    finished: FinishCache,
    images: Store,
}

impl Rebuilder {
    pub(crate) fn new(settings: Settings) -> Rebuilder {
        Rebuilder {
            settings,
            parsed: HashMap::new(),
            finished: FinishCache::default(),
            images: Store::in_memory(),
        }
    }

    /// Rebuilds the commune. A panic is a bug, but must not stop the preview.
    pub(crate) fn rebuild(&mut self) -> Outcome {
        match catch_unwind(AssertUnwindSafe(|| self.try_rebuild())) {
            Ok(Ok(site)) => Outcome::Built(site),
            Ok(Err(mut problems)) => {
                diagnostic::sort(&mut problems);
                // A broken template fails every page the same way: say it once.
                problems.dedup();
                Outcome::Failed(problems)
            }
            Err(panic) => {
                // The caches may be half updated: start again from nothing.
                self.parsed.clear();
                self.finished = FinishCache::default();
                self.images = Store::in_memory();
                let what = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                Outcome::Failed(vec![
                    Diagnostic::error("interne", format!("erreur interne de l'outil : {what}"))
                        .with_hint("signalez ce problème à l'équipe de la métropole."),
                ])
            }
        }
    }

    fn try_rebuild(&mut self) -> Result<SiteFiles, Vec<Diagnostic>> {
        let Settings {
            communes_dir, slug, ..
        } = &self.settings;
        let theme = Theme::load(&self.settings.theme_dir)?;
        let metropole = fleet::load_metropole(communes_dir).map_err(|d| vec![d])?;
        let options = BuildOptions {
            today: self.settings.date.unwrap_or_else(Date::today),
            include_drafts: self.settings.include_drafts,
            // The commune's `bloquant` still applies: the preview fails when the build would.
            strict_sobriety: false,
        };
        let sources = load::load_commune(communes_dir, slug)?;
        let baseline = pipeline::load_baseline(communes_dir, slug)?;
        let prefix = communes_dir.join(slug).display().to_string();
        let texts: HashMap<PathBuf, Digest> = sources
            .pages
            .iter()
            .map(|page| (page.rel.clone(), digest(&page.text)))
            .collect();
        let (site, warnings) = self.model(sources, &metropole, options)?;
        let used = site.images.renditions.values().flat_map(|r| &r.variants);
        self.images
            .keep_only(&used.map(|v| v.file.clone()).collect());

        let mut files = HashMap::new();
        let mut problems = Vec::new();
        // Every diagnostic with the output file it is about (`None`: the site as a whole).
        let mut about: Vec<Option<String>> = Vec::new();
        let mut diagnostics = Vec::new();
        let mut entries = Vec::with_capacity(site.outputs.len());
        let mut measures = Vec::with_capacity(site.outputs.len());
        for result in self.finished.finish_all(&theme, &site, &texts) {
            let (output, done) = match result {
                Ok(finished) => finished,
                Err(problem) => {
                    problems.push(problem);
                    continue;
                }
            };
            let path = output_key(&output);
            about.extend(done.diagnostics.iter().map(|_| Some(path.clone())));
            files.insert(path, Body::Bytes(Arc::clone(&done.bytes)));
            diagnostics.extend(done.diagnostics.iter().cloned());
            entries.push(done.site_entry.clone());
            measures.push(done.measure.clone());
        }
        let templates_dir = theme.templates_dir().display().to_string();
        diagnostics.extend(check::check_site(&site, entries, &templates_dir));
        diagnostics.extend(warnings);

        let extras = pipeline::site_extras(&theme, &site);
        let mut sizes = sobriety::FileSizes::new();
        for file in extras.generated {
            let key = output_key(&file.path);
            sizes.insert(key.clone(), file.bytes.len() as u64);
            files.insert(key, Body::Bytes(Arc::from(file.bytes)));
        }
        for (stored, output) in extras.images {
            let body = match stored {
                Stored::Bytes(bytes) => Body::Bytes(bytes),
                Stored::File(path) => Body::File(path),
            };
            files.insert(output_key(&output), body);
        }
        for (source, output) in extras.copies {
            // A build copies the file now; the server reads it when asked: it must be there.
            match std::fs::metadata(&source) {
                Ok(meta) if meta.is_file() => {
                    let key = output_key(&output);
                    sizes.insert(key.clone(), meta.len());
                    files.insert(key, Body::File(source));
                }
                _ => problems.push(
                    Diagnostic::error("ecriture", "copie impossible : fichier introuvable")
                        .in_file(&source.display().to_string()),
                ),
            }
        }
        // Pages over the sobriety budget: warnings, or errors when the budget is `bloquant`.
        diagnostics.extend(sobriety::assess(&site, measures, &sizes, &templates_dir).diagnostics);
        // As `usine build`: the commune's accepted exceptions turn those errors into warnings.
        baseline.apply(&mut diagnostics, &prefix);
        problems.extend(diagnostics.iter().filter(|d| d.is_error()).cloned());
        if !problems.is_empty() {
            return Err(problems);
        }

        let mut site_files = SiteFiles {
            files,
            ..SiteFiles::default()
        };
        // `apply` only appends after the diagnostics it was given: those are about the site.
        let about = about.into_iter().chain(std::iter::repeat(None));
        for (path, diagnostic) in about.zip(diagnostics) {
            match (diagnostic.severity, path) {
                (Severity::Warning, _) => site_files.warnings.push(diagnostic),
                (_, Some(path)) => site_files
                    .findings
                    .entry(path)
                    .or_default()
                    .push(diagnostic),
                (_, None) => site_files.site_findings.push(diagnostic),
            }
        }
        for findings in site_files.findings.values_mut() {
            diagnostic::sort(findings);
        }
        diagnostic::sort(&mut site_files.site_findings);
        diagnostic::sort(&mut site_files.warnings);
        Ok(site_files)
    }

    /// Parse (reusing unchanged pages) and model.
    fn model(
        &mut self,
        sources: load::SourceSet,
        metropole: &crate::config::MetropoleConfig,
        options: BuildOptions,
    ) -> Result<(Site, Vec<Diagnostic>), Vec<Diagnostic>> {
        let previous = &self.parsed;
        let kept = Mutex::new(Vec::with_capacity(sources.pages.len()));
        let images = &self.images;
        let result = pipeline::model_site(sources, metropole, options, images, |source| {
            let page = match previous.get(&source.rel) {
                Some(page) if page.text == source.text && page.display == source.display => {
                    page.clone()
                }
                _ => parse::parse_page(source)?,
            };
            kept.lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(page.clone());
            Ok(page)
        });
        self.parsed = kept
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner)
            .into_iter()
            .map(|page| (page.rel.clone(), page))
            .collect();
        result
    }
}

/// An output path as the server looks it up: `/` separators, no leading slash.
pub(crate) use crate::pipeline::output_key;

#[cfg(test)]
mod tests {
    use std::fs;
    use std::path::Path;

    use super::*;
    use crate::pipeline::BuildEnv;
    use crate::report::Outcome as Published;

    fn repo() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
    }

    fn copy_dir(from: &Path, to: &Path) {
        for entry in walkdir::WalkDir::new(from) {
            let entry = entry.unwrap();
            let target = to.join(entry.path().strip_prefix(from).unwrap());
            if entry.file_type().is_dir() {
                fs::create_dir_all(&target).unwrap();
            } else {
                fs::copy(entry.path(), &target).unwrap();
            }
        }
    }

    /// The preview of `communes/ville`, with drafts, dated from the clock.
    fn previewing(communes: PathBuf) -> Rebuilder {
        Rebuilder::new(Settings {
            communes_dir: communes,
            theme_dir: repo().join("themes/commun"),
            slug: "ville".into(),
            date: None,
            include_drafts: true,
        })
    }

    fn served(site: &SiteFiles) -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<(String, Vec<u8>)> = site
            .files
            .iter()
            .map(|(path, body)| {
                let bytes = match body {
                    Body::Bytes(bytes) => bytes.to_vec(),
                    Body::File(source) => fs::read(source).unwrap(),
                };
                (path.clone(), bytes)
            })
            .collect();
        files.sort();
        files
    }

    fn cold_build(communes: &Path, out: &Path, options: BuildOptions) -> Vec<(String, Vec<u8>)> {
        let theme = Theme::load(&repo().join("themes/commun")).unwrap();
        let metropole = fleet::load_metropole(communes).unwrap();
        let images = Store::in_output(out);
        let env = BuildEnv {
            communes_dir: communes,
            out_dir: out,
            theme: &theme,
            metropole: &metropole,
            options,
            images: &images,
            indexer: &crate::search::Indexer::Off,
        };
        let report = pipeline::build_commune(&env, "ville");
        assert_eq!(report.outcome, Published::Published, "{report:?}");
        let site = out.join("ville");
        let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(&site)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = output_key(e.path().strip_prefix(&site).unwrap());
                (rel, fs::read(e.path()).unwrap())
            })
            .collect();
        files.sort();
        files
    }

    /// The preview shows drafts; it must then equal a cold build that includes them (the CLI
    /// test compares `--sans-brouillons` with `usine build`).
    #[test]
    fn preview_with_drafts_equals_a_cold_build_with_drafts() {
        let dir = tempfile::tempdir().unwrap();
        let communes = dir.path().join("communes");
        let ville = communes.join("ville");
        copy_dir(&repo().join("tests/fixtures/modele"), &ville);
        fs::write(
            ville.join("contenu/mairie/projet.md"),
            "+++\ntitre = \"Projet\"\nbrouillon = true\n+++\n\nÀ venir.\n",
        )
        .unwrap();
        let options = BuildOptions {
            today: "2026-11-23".parse().map(Date).unwrap(),
            include_drafts: true,
            strict_sobriety: false,
        };
        let mut rebuilder = Rebuilder::new(Settings {
            communes_dir: communes.clone(),
            theme_dir: repo().join("themes/commun"),
            slug: "ville".into(),
            date: Some(options.today),
            include_drafts: true,
        });
        let Outcome::Built(first) = rebuilder.rebuild() else {
            panic!("first build failed");
        };
        assert!(first.files.contains_key("mairie/projet/index.html"));

        // Reuse: a second rebuild after one edit, then compare with a cold build.
        let page = ville.join("contenu/mairie/projet.md");
        let text = fs::read_to_string(&page).unwrap();
        fs::write(&page, text.replace("À venir.", "Bientôt.")).unwrap();
        let Outcome::Built(second) = rebuilder.rebuild() else {
            panic!("second build failed");
        };
        assert_eq!(rebuilder.parsed.len(), 4);
        let unchanged = |path: &str| match (&first.files[path], &second.files[path]) {
            (Body::Bytes(a), Body::Bytes(b)) => Arc::ptr_eq(a, b),
            _ => false,
        };
        assert!(unchanged("mairie/horaires/index.html"), "page not reused");
        assert!(!unchanged("mairie/projet/index.html"));
        let cold = cold_build(&communes, &dir.path().join("public"), options);
        assert_eq!(served(&second), cold);

        // A title changes listings, breadcrumbs and the plan du site: every page is rendered
        // again, and only those whose HTML changed are finished again.
        fs::write(
            &page,
            text.replace("titre = \"Projet\"", "titre = \"Projet d'école\""),
        )
        .unwrap();
        let Outcome::Built(third) = rebuilder.rebuild() else {
            panic!("third build failed");
        };
        // Only the pages that show the title are finished again.
        let pages = third.files.keys().filter(|f| f.ends_with(".html")).count();
        let refinished = rebuilder.finished.refinished;
        assert!(
            refinished > 0 && refinished < pages,
            "{refinished} of {pages}"
        );
        let cold = cold_build(&communes, &dir.path().join("public"), options);
        assert_eq!(served(&third), cold);
    }

    /// As `usine build`: a blocking sobriety budget fails the preview, a lenient one warns.
    #[test]
    fn a_page_over_a_blocking_budget_fails_the_preview() {
        let dir = tempfile::tempdir().unwrap();
        let communes = dir.path().join("communes");
        let ville = communes.join("ville");
        copy_dir(&repo().join("tests/fixtures/modele"), &ville);
        let toml = ville.join("commune.toml");
        let text = fs::read_to_string(&toml).unwrap();
        fs::write(&toml, format!("{text}\n[sobriete]\npoids_max_ko = 1\n")).unwrap();
        let mut rebuilder = previewing(communes);
        let Outcome::Built(site) = rebuilder.rebuild() else {
            panic!("a lenient budget only warns");
        };
        assert!(site.warnings.iter().any(|w| w.code == "sobriete.budget"));
        fs::write(
            &toml,
            format!("{text}\n[sobriete]\npoids_max_ko = 1\nbloquant = true\n"),
        )
        .unwrap();
        let Outcome::Failed(problems) = rebuilder.rebuild() else {
            panic!("a blocking budget fails");
        };
        assert!(
            problems.iter().all(|p| p.code == "sobriete.budget"),
            "{problems:?}"
        );
    }

    /// The preview keeps what reading a page found while its HTML is unchanged, but only
    /// under the same `[vie_privee]`: allowing an origin clears the error on pages that did
    /// not change, refusing it again brings the error back.
    #[test]
    fn a_change_of_privacy_policy_reads_unchanged_pages_again() {
        let dir = tempfile::tempdir().unwrap();
        let communes = dir.path().join("communes");
        let ville = communes.join("ville");
        copy_dir(&repo().join("tests/fixtures/modele"), &ville);
        fs::write(
            ville.join("contenu/tiers.md"),
            "+++\ntitre = \"Tiers\"\n+++\n\n![Logo](https://medias.metropole.example/logo.png)\n",
        )
        .unwrap();
        let toml = ville.join("commune.toml");
        let text = fs::read_to_string(&toml).unwrap();
        let allowed = format!(
            "{text}\n[[vie_privee.tiers]]\norigine = \"https://medias.metropole.example\"\n\
             nom = \"Médiathèque\"\nfinalite = \"héberger les images\"\n"
        );
        let mut rebuilder = previewing(communes);
        let refused = |rebuilder: &mut Rebuilder| match rebuilder.rebuild() {
            Outcome::Failed(problems) => problems.iter().any(|p| p.code == "vie-privee.tiers"),
            Outcome::Built(_) => false,
        };
        assert!(refused(&mut rebuilder));
        fs::write(&toml, &allowed).unwrap();
        assert!(!refused(&mut rebuilder));
        fs::write(&toml, &text).unwrap();
        assert!(refused(&mut rebuilder));
    }

    #[test]
    fn a_broken_page_fails_with_every_error_sorted() {
        let dir = tempfile::tempdir().unwrap();
        let communes = dir.path().join("communes");
        let ville = communes.join("ville");
        copy_dir(&repo().join("tests/fixtures/modele"), &ville);
        fs::write(ville.join("contenu/a.md"), "+++\ntitre = 1\n+++\n").unwrap();
        fs::write(ville.join("contenu/b.md"), "pas d'en-tête\n").unwrap();
        let mut rebuilder = previewing(communes);
        let Outcome::Failed(problems) = rebuilder.rebuild() else {
            panic!("build should fail");
        };
        let files: Vec<&str> = problems
            .iter()
            .map(|p| p.location.as_ref().unwrap().file.as_str())
            .collect();
        assert!(files[0].ends_with("contenu/a.md") && files[1].ends_with("contenu/b.md"));
    }
}
