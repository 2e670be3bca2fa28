//! `usine check` and `usine explain`: the RGAA checker on communes or on any folder of HTML.
//!
//! Exit codes (ruff's): 0 no error-level finding, 1 at least one, 2 tool failure.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use accessibility::{Finding, SiteChecker, format};
use clap::{Args, ValueEnum};

use crate::cli::SourceArgs;
use crate::dates::Date;
use crate::diagnostic::Diagnostic;
use crate::fleet::{self, FleetOptions};
use crate::model::BuildOptions;
use crate::report::{self, Outcome};

#[derive(Args)]
pub struct CheckArgs {
    /// Communes à vérifier (nom de leur dossier) ; toutes si aucune n'est donnée.
    communes_to_check: Vec<String>,
    /// Vérifie un dossier de pages HTML quelconque au lieu des communes.
    #[arg(long, value_name = "DOSSIER", conflicts_with = "communes_to_check")]
    html: Option<PathBuf>,
    #[command(flatten)]
    sources: SourceArgs,
    /// Format du résultat, sur la sortie standard.
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    format: CheckFormat,
}

#[derive(Clone, Copy, ValueEnum)]
enum CheckFormat {
    Human,
    Json,
    Junit,
    Sarif,
    Github,
}

#[derive(Args)]
pub struct ExplainArgs {
    /// Identifiant du test RGAA, par exemple 1.1.1 ; sans identifiant, la liste des règles.
    rule: Option<String>,
}

/// Files checked, each with its findings (possibly none).
type Checked = BTreeMap<String, Vec<Finding>>;

pub fn run_check(args: CheckArgs) -> ExitCode {
    let checked = match &args.html {
        Some(dir) => check_html_dir(dir),
        None => check_communes(&args),
    };
    match checked {
        Ok((files, build_failed)) => {
            let list: Vec<(&str, &[Finding])> = files
                .iter()
                .map(|(f, v)| (f.as_str(), v.as_slice()))
                .collect();
            let text = match args.format {
                CheckFormat::Human => format::human(&list),
                CheckFormat::Json => format::json(&list),
                CheckFormat::Junit => format::junit(&list),
                CheckFormat::Sarif => format::sarif(&list),
                CheckFormat::Github => format::github(&list),
            };
            println!("{text}");
            let errors = files
                .values()
                .flatten()
                .any(|f| f.severity == accessibility::Severity::Error);
            ExitCode::from(if errors || build_failed { 1 } else { 0 })
        }
        Err(problems) => {
            for problem in &problems {
                eprintln!("{}\n", report::render_diagnostic(problem, false));
            }
            ExitCode::from(2)
        }
    }
}

/// Builds the communes into a throwaway folder and gathers their RGAA findings, pointed at
/// the Markdown sources. Accepted exceptions are not reported as errors.
fn check_communes(args: &CheckArgs) -> Result<(Checked, bool), Vec<Diagnostic>> {
    let out = std::env::temp_dir().join(format!("usine-verification-{}", std::process::id()));
    let options = FleetOptions {
        communes_dir: args.sources.communes.clone(),
        out_dir: out.clone(),
        theme_dir: args.sources.theme.clone(),
        slugs: args.communes_to_check.clone(),
        options: BuildOptions {
            today: args.sources.date.unwrap_or_else(Date::today),
            include_drafts: false,
            strict_sobriety: false,
        },
        // The pages are checked, not published: no search index.
        indexer: crate::search::Indexer::Off,
        // The build folder is thrown away, not the images converted for it: the next check
        // takes them from the user's cache instead of converting them again.
        image_cache: Some(user_cache_dir().join("images")),
        progress: false,
    };
    let result = fleet::build_fleet(&options);
    let _ = std::fs::remove_dir_all(&out);
    let report = result.map_err(|e| e.0)?;
    let mut files = Checked::new();
    let mut build_failed = false;
    for commune in &report.communes {
        for file in &commune.checked_files {
            files.entry(file.clone()).or_default();
        }
        for diagnostic in &commune.diagnostics {
            match (&diagnostic.finding, &diagnostic.location) {
                (Some(finding), Some(location)) => {
                    let mut finding = (**finding).clone();
                    if diagnostic.severity != crate::diagnostic::Severity::Error {
                        finding = finding.downgraded();
                    }
                    files
                        .entry(location.file.clone())
                        .or_default()
                        .push(finding);
                }
                _ if diagnostic.is_error() => {
                    build_failed = true;
                    eprintln!("{}\n", report::render_diagnostic(diagnostic, false));
                }
                _ => {}
            }
        }
        if commune.outcome == Outcome::Failed && commune.pages == 0 {
            build_failed = true;
        }
    }
    Ok((files, build_failed))
}

/// `$XDG_CACHE_HOME/usine-a-sites`, else `~/.cache/usine-a-sites`, else in the temporary
/// folder.
fn user_cache_dir() -> PathBuf {
    let absolute = |var: &str| {
        std::env::var_os(var)
            .map(PathBuf::from)
            .filter(|path| path.is_absolute())
    };
    absolute("XDG_CACHE_HOME")
        .or_else(|| absolute("HOME").map(|home| home.join(".cache")))
        .unwrap_or_else(std::env::temp_dir)
        .join("usine-a-sites")
}

/// Checks every `.html`, `.htm` and `.xhtml` file below `dir`, then the site-wide rules.
fn check_html_dir(dir: &Path) -> Result<(Checked, bool), Vec<Diagnostic>> {
    if !dir.is_dir() {
        return Err(vec![
            Diagnostic::error("verification.dossier", "dossier de pages HTML introuvable")
                .in_file(&dir.display().to_string()),
        ]);
    }
    let mut files = Checked::new();
    let mut site = SiteChecker::new();
    // The pages of a folder are most often those of one site, sharing header and footer.
    let regions = accessibility::RegionMemo::new();
    let pages = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            e.path()
                .extension()
                .is_some_and(|x| x == "html" || x == "htm" || x == "xhtml")
        });
    for entry in pages {
        let shown = entry.path().display().to_string();
        let bytes = std::fs::read(entry.path()).map_err(|err| {
            vec![
                Diagnostic::error(
                    "verification.lecture",
                    format!("lecture impossible : {err}"),
                )
                .in_file(&shown),
            ]
        })?;
        // Old pages may be in Latin-1: check them anyway, positions stay right for ASCII.
        let html = String::from_utf8_lossy(&bytes);
        let (findings, summary) = accessibility::check_site_page(&html, &regions, &mut |_| {});
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        site.add_page(&rel.to_string_lossy(), summary);
        files.insert(shown, findings);
    }
    for (page, finding) in site.finish() {
        let shown = dir.join(&page).display().to_string();
        files.entry(shown).or_default().push(finding);
    }
    for findings in files.values_mut() {
        findings.sort_by_key(|f| (f.line, f.column));
    }
    Ok((files, false))
}

pub fn run_explain(args: &ExplainArgs) -> ExitCode {
    let Some(id) = &args.rule else {
        for rule in accessibility::rules() {
            let axe = rule.axe.map(|a| format!(" (axe {a})")).unwrap_or_default();
            println!("{:<20} {}{axe}", rule.id, rule.name);
        }
        return ExitCode::SUCCESS;
    };
    match accessibility::explain(id) {
        Some(doc) => {
            println!("RGAA {}", doc.id);
            if let Some(title) = &doc.criterion_title {
                println!("Critère : {title}");
            }
            for line in &doc.test_text {
                println!("{line}");
            }
            if let Some(axe) = doc.axe {
                println!("Règle axe-core correspondante : {axe}");
            }
            println!("\n{}", doc.doc.trim_end());
            ExitCode::SUCCESS
        }
        None => {
            let ids: Vec<&str> = accessibility::rules().iter().map(|r| r.id).collect();
            let hint = crate::toml_error::closest(id, &ids)
                .map(|best| format!("vouliez-vous dire « {best} » ?"))
                .unwrap_or_else(|| "« usine explain » sans argument liste les règles.".to_owned());
            eprintln!("erreur : aucune règle « {id} »\nconseil : {hint}");
            ExitCode::from(2)
        }
    }
}
