//! Incremental fleet builds: a commune whose inputs did not change since its last
//! publication is not rebuilt, and its published site is kept.
//!
//! 1. Hash the inputs shared by every commune once per run ([`Shared`]): the theme folder,
//!    `_metropole.toml`, the tool version, the build options that change the output, and
//!    the search index program's identity (or its absence).
//! 2. For each commune, hash every file of its folder (content, media, `commune.toml`, the
//!    exceptions file) and combine it with the shared hashes into one fingerprint.
//! 3. Compare with the manifest of the published site ([`Manifest`]): same fingerprint, build
//!    date inside the manifest's window (see [`horizon`]) and published folder present →
//!    skip: the report replays the last build's diagnostics with the outcome "inchangée".
//! 4. Otherwise empty the manifest's fingerprint, build, and write the new manifest only
//!    once the site is swapped in.
//!
//! Hashes are of contents, never of modification times, so a fresh checkout in CI skips too.
//! The tool version is `CARGO_PKG_VERSION`: after changing the generator without changing
//! its version, build once with `--force`.

pub(crate) mod bench;
mod hash;
pub(crate) mod horizon;
mod manifest;

use hash::{Previous, settled_before_now, tree_hashes, tree_hashes_leaving};
pub(crate) use hash::{file_sha256, hex};
pub use manifest::{LastBuild, MANIFEST_DIR, Manifest, manifest_path};

use std::collections::BTreeMap;
use std::io;
use std::path::Path;
use std::time::{Duration, Instant};

use jiff::ToSpan;
use serde::Serialize;

use crate::dates::Date;
use crate::fleet::METROPOLE_FILE;
use crate::model::BuildOptions;
use crate::pipeline::BuildEnv;
use crate::report::{CommuneReport, Outcome};

/// How a fleet run uses manifests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Mode {
    /// No manifest read or written (`usine check`, which builds into a throwaway folder).
    #[default]
    Off,
    /// Rebuild every commune and write manifests (`usine build --force`).
    Rebuild,
    /// Skip the communes whose inputs did not change (`usine build`).
    SkipUnchanged,
}

/// Why a commune was rebuilt or skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    /// Skipped: same inputs, build date inside the window, site present.
    Unchanged,
    /// `--force`.
    Forced,
    /// No usable manifest: first build, or the last one failed or was interrupted.
    NoManifest,
    /// The published folder is missing.
    SiteMissing,
    /// A file of the commune folder was added, removed or changed.
    ContentChanged,
    /// The theme, `_metropole.toml`, the tool version or a build option changed.
    SharedInputsChanged,
    /// The build date left the window in which the output stays the same.
    DateChanged,
    /// The inputs could not be hashed: built without a manifest.
    NotHashed,
}

/// What the incremental step decided for one commune, in the reports.
#[derive(Debug, Clone, Serialize)]
pub struct Decision {
    pub reason: Reason,
    /// Files of the commune folder added, removed or changed since the last publication.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changed_files: Option<usize>,
    /// Time spent hashing the inputs and reading the manifest.
    #[serde(rename = "check_ms", serialize_with = "millis")]
    pub check: Duration,
}

fn millis<S: serde::Serializer>(duration: &Duration, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_u64(duration.as_millis() as u64)
}

/// Hashes of the inputs every commune shares, computed once per run.
#[derive(Debug, Clone)]
pub struct Shared {
    theme: String,
    metropole: Option<String>,
    /// The theme prints the build date itself: its output changes every day.
    theme_prints_build_date: bool,
    options: BuildOptions,
    /// The search index program (`search::Indexer::fingerprint`): installing, removing or
    /// upgrading Pagefind changes every site with search on.
    indexer: String,
}

impl Shared {
    pub fn compute(
        theme_dir: &Path,
        communes_dir: &Path,
        options: BuildOptions,
        indexer: String,
    ) -> io::Result<Shared> {
        let theme_files = tree_hashes(theme_dir, None)?.files;
        let theme = hash::combine(
            "theme",
            theme_files.iter().map(|(p, h)| (p.as_str(), h.as_str())),
        );
        let metropole_path = communes_dir.join(METROPOLE_FILE);
        let metropole = metropole_path
            .is_file()
            .then(|| file_sha256(&metropole_path))
            .transpose()?;
        let theme_prints_build_date = walkdir::WalkDir::new(theme_dir.join("templates"))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .any(|e| {
                std::fs::read_to_string(e.path()).is_ok_and(|t| t.contains("date_construction"))
            });
        Ok(Shared {
            theme,
            metropole,
            theme_prints_build_date,
            options,
            indexer,
        })
    }

    /// Hash of everything shared, options included. Adding a field to `BuildOptions` fails
    /// to compile here until it is hashed (or explained, like `today`).
    fn key(&self) -> String {
        let BuildOptions {
            today: _,
            include_drafts,
            strict_sobriety,
        } = self.options;
        let entries = [
            ("outil", env!("CARGO_PKG_VERSION")),
            (
                "minify",
                if cfg!(feature = "minify") {
                    "oui"
                } else {
                    "non"
                },
            ),
            (
                "images",
                if cfg!(feature = "images") {
                    "oui"
                } else {
                    "non"
                },
            ),
            ("brouillons", if include_drafts { "oui" } else { "non" }),
            // Strict, a page over budget fails the commune: a lenient build must not be skipped.
            (
                "sobriete_stricte",
                if strict_sobriety { "oui" } else { "non" },
            ),
            ("theme", self.theme.as_str()),
            ("metropole", self.metropole.as_deref().unwrap_or("absent")),
            ("recherche", self.indexer.as_str()),
        ];
        hash::combine("partage", entries)
    }
}

/// The hashed inputs of one commune.
struct CommuneInputs {
    files: BTreeMap<String, String>,
    stats: BTreeMap<String, String>,
    content: String,
    fingerprint: String,
}

/// The combined hashes of a commune folder's files.
fn commune_inputs(shared_key: &str, hashed: hash::Hashed) -> CommuneInputs {
    let hash::Hashed { files, stats, .. } = hashed;
    let content = hash::combine(
        "commune",
        files.iter().map(|(p, h)| (p.as_str(), h.as_str())),
    );
    let fingerprint = hash::combine(
        "entrees",
        [("partage", shared_key), ("commune", content.as_str())],
    );
    CommuneInputs {
        files,
        stats,
        content,
        fingerprint,
    }
}

/// Hash of the files of a commune folder, as recorded in its manifest's `content`.
pub(crate) fn content_hash(communes_dir: &Path, slug: &str) -> io::Result<String> {
    let files = tree_hashes(&communes_dir.join(slug), None)?.files;
    Ok(hash::combine(
        "commune",
        files.iter().map(|(p, h)| (p.as_str(), h.as_str())),
    ))
}

/// Builds one commune through `build`, or skips it when its inputs did not change.
pub fn build_commune<F>(
    env: &BuildEnv<'_>,
    shared: Option<&Shared>,
    mode: Mode,
    slug: &str,
    build: F,
) -> CommuneReport
where
    F: FnOnce() -> CommuneReport + Send,
{
    let Some(shared) = shared.filter(|_| mode != Mode::Off) else {
        return build();
    };
    let started = Instant::now();
    let today = env.options.today;
    let shared_key = shared.key();
    let previous = Manifest::read(env.out_dir, slug);
    let root = env.communes_dir.join(slug);
    let settled_before = settled_before_now();
    let list = |defer: &dyn Fn(&Path) -> bool| {
        let previous = previous.as_ref().map(|m| Previous {
            files: &m.files,
            stats: &m.stats,
        });
        tree_hashes_leaving(&root, previous, settled_before, defer)
    };
    // Before the build publishes it.
    let site_present = env.out_dir.join(slug).is_dir();
    // A build needed whatever the hashes say (forced, first build, site missing) needs them
    // for its manifest only: the files it reads itself, it hashes as it reads them (so the
    // manifest holds what it was built from), the others are hashed while it builds, by
    // another thread (the build starts at once: it is the longer task). Any other build waits
    // for every hash, to know whether it is needed.
    let (hashed, built) = if manifest_to_compare(mode, previous.as_ref(), site_present).is_err() {
        invalidate(env.out_dir, previous.as_ref());
        let (report, listed) = rayon::join(build, || list(&crate::load::reads));
        let hashed = listed.and_then(|listed| listed.complete(&root, &report.digests));
        (hashed, Ok(report))
    } else {
        (list(&|_| false), Err(build))
    };
    let inputs = hashed.map(|hashed| commune_inputs(&shared_key, hashed));
    let run = |built: Result<CommuneReport, F>| {
        built.unwrap_or_else(|build| {
            invalidate(env.out_dir, previous.as_ref());
            build()
        })
    };
    let inputs = match inputs {
        Ok(inputs) => inputs,
        Err(_) => {
            let mut report = run(built);
            report.incremental = Some(Decision {
                reason: Reason::NotHashed,
                changed_files: None,
                check: started.elapsed(),
            });
            return report;
        }
    };
    let reason = decide(mode, previous.as_ref(), &inputs, today, site_present);
    let changed_files = previous
        .as_ref()
        .map(|p| changed_files(&p.files, &inputs.files));
    let mut decision = Decision {
        reason,
        changed_files,
        check: started.elapsed(),
    };
    // Never for a forced build: `decide` says `Forced` first.
    if let (Reason::Unchanged, Some(previous)) = (reason, &previous) {
        let dirs = [
            (
                previous.commune_dir.as_str(),
                env.communes_dir.join(slug).display().to_string(),
            ),
            (
                previous.theme_dir.as_str(),
                env.theme.dir.display().to_string(),
            ),
        ];
        return replay(slug, previous, decision, &dirs);
    }
    let mut report = run(built);
    decision.check = started.elapsed().saturating_sub(report.duration);
    record(env, shared, previous.as_ref(), inputs, &mut report);
    report.incremental = Some(decision);
    report
}

/// After a build: a published site gets the manifest of its inputs.
fn record(
    env: &BuildEnv<'_>,
    shared: &Shared,
    previous: Option<&Manifest>,
    inputs: CommuneInputs,
    report: &mut CommuneReport,
) {
    let (slug, today) = (report.slug.as_str(), env.options.today);
    if report.outcome == Outcome::Published {
        if let Some(valid_until) = report.valid_until {
            let valid_until = if shared.theme_prints_build_date {
                tomorrow(today).min(valid_until)
            } else {
                valid_until
            };
            let content_changed_on = previous
                .filter(|p| p.content == inputs.content)
                .map_or_else(|| today.to_string(), |p| p.content_changed_on.clone());
            let manifest = Manifest {
                format: manifest::FORMAT,
                slug: slug.to_owned(),
                tool_version: env!("CARGO_PKG_VERSION").to_owned(),
                fingerprint: inputs.fingerprint,
                content: inputs.content,
                theme: shared.theme.clone(),
                metropole: shared.metropole.clone(),
                minify: cfg!(feature = "minify"),
                include_drafts: env.options.include_drafts,
                commune_dir: env.communes_dir.join(slug).display().to_string(),
                theme_dir: env.theme.dir.display().to_string(),
                built_on: today.to_string(),
                valid_until: valid_until.to_string(),
                published_at: jiff::Timestamp::now().to_string(),
                content_changed_on,
                files: inputs.files,
                stats: inputs.stats,
                last_build: LastBuild::of(report),
            };
            if let Err(err) = manifest.write(env.out_dir) {
                report.diagnostics.push(
                    crate::diagnostic::Diagnostic::warning(
                        "incremental.manifeste",
                        format!("manifeste non écrit : {err} ; la commune sera reconstruite la prochaine fois"),
                    )
                    .in_file(&manifest_path(env.out_dir, slug).display().to_string()),
                );
            }
        }
    }
}

/// Before a rebuild: the manifest must not describe the site the build may publish. Its
/// fingerprint is emptied (its hashes and dates stay useful to the next run) or, failing
/// that, it is removed.
fn invalidate(out_dir: &Path, previous: Option<&Manifest>) {
    let Some(previous) = previous.filter(|p| p.is_valid()) else {
        return;
    };
    let invalid = Manifest {
        fingerprint: String::new(),
        ..previous.clone()
    };
    if invalid.write(out_dir).is_err() {
        let _ = std::fs::remove_file(manifest_path(out_dir, &previous.slug));
    }
}

/// The manifest the commune's hashes are compared with; or why the build is needed whatever
/// they say, known before hashing the commune's files.
fn manifest_to_compare(
    mode: Mode,
    previous: Option<&Manifest>,
    site_present: bool,
) -> Result<&Manifest, Reason> {
    if mode == Mode::Rebuild {
        return Err(Reason::Forced);
    }
    let previous = previous
        .filter(|p| p.is_valid())
        .ok_or(Reason::NoManifest)?;
    if !site_present {
        return Err(Reason::SiteMissing);
    }
    Ok(previous)
}

fn decide(
    mode: Mode,
    previous: Option<&Manifest>,
    inputs: &CommuneInputs,
    today: Date,
    site_present: bool,
) -> Reason {
    let previous = match manifest_to_compare(mode, previous, site_present) {
        Ok(previous) => previous,
        Err(reason) => return reason,
    };
    if previous.fingerprint != inputs.fingerprint {
        // The fingerprint combines the shared key and the content: same content, so the
        // theme, `_metropole.toml`, the tool or an option changed.
        return if previous.content != inputs.content {
            Reason::ContentChanged
        } else {
            Reason::SharedInputsChanged
        };
    }
    let window = (
        parse_date(&previous.built_on),
        parse_date(&previous.valid_until),
    );
    match window {
        (Some(from), Some(until)) if from <= today.0 && today.0 < until => Reason::Unchanged,
        _ => Reason::DateChanged,
    }
}

fn parse_date(text: &str) -> Option<jiff::civil::Date> {
    text.parse().ok()
}

fn tomorrow(today: Date) -> Date {
    Date(today.0.checked_add(1.day()).unwrap_or(today.0))
}

/// Files added, removed or changed between two listings.
fn changed_files(before: &BTreeMap<String, String>, after: &BTreeMap<String, String>) -> usize {
    let changed_or_removed = before
        .iter()
        .filter(|(p, h)| after.get(*p) != Some(*h))
        .count();
    let added = after.keys().filter(|p| !before.contains_key(*p)).count();
    changed_or_removed + added
}

/// The report of a skipped commune: its last build's, with the outcome "inchangée", its
/// paths written the way this run names the folders (`dirs`: recorded → current).
fn replay(
    slug: &str,
    previous: &Manifest,
    decision: Decision,
    dirs: &[(&str, String)],
) -> CommuneReport {
    let rename = |file: &mut String| {
        for (recorded, current) in dirs {
            if recorded.is_empty() || recorded == current {
                continue;
            }
            if let Some(rest) = file.strip_prefix(recorded).filter(|r| r.starts_with('/')) {
                *file = format!("{current}{rest}");
                return;
            }
        }
    };
    let last = &previous.last_build;
    let mut report = CommuneReport::new(slug);
    report.name = last.name.clone();
    report.outcome = Outcome::Unchanged;
    report.pages = last.pages;
    report.files = last.files;
    report.bytes = last.bytes;
    report.duration = decision.check;
    report.diagnostics = last.diagnostics.clone();
    for location in report
        .diagnostics
        .iter_mut()
        .filter_map(|d| d.location.as_mut())
    {
        rename(&mut location.file);
    }
    report.accepted_exceptions = last.accepted_exceptions;
    report.checked_files = last.checked_files.clone();
    report.checked_files.iter_mut().for_each(rename);
    report.sobriety = last.sobriety.clone();
    report.incremental = Some(decision);
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listing(entries: &[(&str, &str)]) -> BTreeMap<String, String> {
        entries
            .iter()
            .map(|(p, h)| ((*p).to_owned(), (*h).to_owned()))
            .collect()
    }

    #[test]
    fn changed_files_counts_additions_removals_and_edits() {
        let before = listing(&[("a.md", "1"), ("b.md", "2"), ("c.md", "3")]);
        let after = listing(&[("a.md", "1"), ("b.md", "9"), ("d.md", "4")]);
        assert_eq!(changed_files(&before, &after), 3);
    }

    #[test]
    fn shared_key_changes_with_options() {
        let today = Date("2026-11-23".parse().unwrap());
        let shared = |include_drafts| Shared {
            theme: "t".into(),
            metropole: None,
            theme_prints_build_date: false,
            options: BuildOptions {
                today,
                include_drafts,
                strict_sobriety: false,
            },
            indexer: "pagefind 1.6.0".into(),
        };
        assert_ne!(shared(false).key(), shared(true).key());
    }

    #[test]
    fn shared_key_changes_with_the_search_index_program() {
        let today = Date("2026-11-23".parse().unwrap());
        let shared = |indexer: &str| Shared {
            theme: "t".into(),
            metropole: None,
            theme_prints_build_date: false,
            options: BuildOptions {
                today,
                include_drafts: false,
                strict_sobriety: false,
            },
            indexer: indexer.into(),
        };
        let installed = shared("pagefind 1.6.0").key();
        assert_ne!(installed, shared("pagefind 1.7.0").key());
        assert_ne!(installed, shared("absent").key());
    }
}
