//! Site search without third parties (issue #7).
//!
//! The index is static, built at build time by the Pagefind program (the `pagefind` npm
//! package, pinned in `tools/pagefind/`), and queried in the visitor's browser by the theme's
//! `recherche.js` through Pagefind's own JavaScript API. No request leaves the site.
//!
//! 1. Once per run, [`locate`] finds the program (`--pagefind`, `USINE_PAGEFIND`, the npm
//!    install under `tools/pagefind/`, then `PATH`); its identity (real path, size, date) is
//!    part of the inputs of incremental builds.
//! 2. For each commune with `[fonctionnalites] recherche` on, once its pages are written to
//!    the staging folder and found free of errors, [`index_site`] runs the program on that
//!    folder: the index lands in `recherche/index/` and is published with the site, or the
//!    commune fails (its previous site stays) when the program fails.
//! 3. Without a program the site is still published, with a warning, and its search page
//!    says that search is unavailable (the render stage is told through `SiteContext`).
//!
//! What gets indexed is the theme's choice: the element marked `data-pagefind-body`.

mod locate;
mod pagefind;

pub use locate::{ENV_VAR, locate};
pub use pagefind::Pagefind;

use std::path::Path;
use std::time::Duration;

use crate::diagnostic::Diagnostic;
use crate::load::CONFIG_FILE;
use crate::model::Site;

/// The search page's address; the build adds it to every site with search on.
pub const SEARCH_URL: &str = "/recherche/";
/// Where the index is written, relative to the site root (`/recherche/index/pagefind.js`).
pub const INDEX_DIR: &str = "recherche/index";

/// What a run does about search indexes.
#[derive(Debug, Clone)]
pub enum Indexer {
    /// Index every site with search on with this program.
    Pagefind(Pagefind),
    /// No program found: each such site is published without index, with a warning.
    Missing(Missing),
    /// No index and nothing to say: `usine check` builds into a throwaway folder.
    Off,
}

/// Where the program was looked for, for the warning.
#[derive(Debug, Clone)]
pub struct Missing {
    pub looked_for: String,
}

impl Indexer {
    /// Whether sites with search on get an index, hence a working search page.
    pub fn builds_index(&self) -> bool {
        matches!(self, Indexer::Pagefind(_))
    }

    /// What incremental builds hash: a new Pagefind install, or the program appearing or
    /// disappearing, rebuilds every commune once.
    pub fn fingerprint(&self) -> String {
        match self {
            Indexer::Pagefind(program) => program.identity.clone(),
            Indexer::Missing(_) => "absent".to_owned(),
            Indexer::Off => "aucun".to_owned(),
        }
    }
}

/// The index of one site, written into its folder.
#[derive(Debug, Clone, Copy)]
pub struct Indexed {
    /// How long the program ran.
    pub took: Duration,
    /// Files and bytes of `recherche/index/`.
    pub files: usize,
    pub bytes: u64,
}

/// What indexing one site gave.
#[derive(Debug)]
pub enum Outcome {
    Built(Indexed),
    /// Search is off for this commune, or the run makes no index.
    NotNeeded,
    /// A warning (no program: published without index) or an error (the program failed).
    Problem(Diagnostic),
}

/// Indexes the finished site written in `site_dir` (the staging folder), if the commune
/// wants search.
pub fn index_site(indexer: &Indexer, site: &Site, site_dir: &Path) -> Outcome {
    if !site.config.features.search {
        return Outcome::NotNeeded;
    }
    let config = site.root.join(CONFIG_FILE).display().to_string();
    match indexer {
        Indexer::Off => Outcome::NotNeeded,
        Indexer::Missing(missing) => Outcome::Problem(missing_warning(missing, &config)),
        Indexer::Pagefind(program) => match program.index(site_dir) {
            Ok(indexed) => Outcome::Built(indexed),
            Err(problem) => Outcome::Problem(problem),
        },
    }
}

fn missing_warning(missing: &Missing, config: &str) -> Diagnostic {
    Diagnostic::warning(
        "recherche.pagefind-introuvable",
        format!(
            "index de recherche non construit : programme pagefind introuvable (cherché : {})",
            missing.looked_for
        ),
    )
    .in_file(config)
    .with_hint(format!(
        "installez-le depuis la racine du projet : npm ci --prefix tools/pagefind (ou indiquez-le \
         avec --pagefind CHEMIN ou {ENV_VAR}). Le site est publié ; sa page Rechercher indique \
         que la recherche est indisponible. Sans recherche : [fonctionnalites] recherche = false."
    ))
}
