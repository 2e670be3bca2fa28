//! Sobriety (issue #7, RGESN 6.1): every page's weight, requests, DOM size and estimated
//! EcoIndex, held to the commune's budget.
//!
//! 1. [`measure`]: where a page is finished (`pipeline::finish_page_with`), its DOM size and
//!    the files it loads become a [`PageMeasure`]; no stage reads a page twice.
//! 2. [`assess`]: once every file of the site is written and its size known, each page is
//!    resolved to its figures and [`ecoindex`], the site summarised, and each page over the
//!    `[sobriete]` budget of `commune.toml` reported (a warning; an error when the budget is
//!    `bloquant` or the build runs with `--sobriete-stricte`).
//! 3. [`write_report`]: after the site is swapped in, the whole report goes to
//!    `OUT/.usine/sobriete/<commune>.json`, beside the manifests: it describes the published
//!    site, is never served (web servers deny `/.usine/`) and survives the next swap.

mod budget;
pub mod ecoindex;
pub mod measure;

use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub use budget::Budget;
pub use ecoindex::{EcoIndex, Grade};
pub use measure::{FileSizes, PageMeasure, PageSobriety};

use crate::diagnostic::Diagnostic;
use crate::model::Site;
use crate::write::WORK_DIR;

/// Folder of the sobriety reports, inside the output's work folder.
pub const REPORT_DIR: &str = "sobriete";
/// Version of the report's format.
const FORMAT: u32 = 1;

/// What the build reports say about a site's sobriety.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub pages: usize,
    /// The median of each figure over the pages (for an even number of pages, the lower of
    /// the two middle values), and the grade of the median score.
    pub median: Figures,
    /// The page with the lowest score (the first by URL among equals).
    pub worst: Worst,
    /// Pages over the budget.
    pub over_budget: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    pub score: u8,
    pub grade: Grade,
    pub weight_bytes: u64,
    pub requests: u32,
    pub dom: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Worst {
    pub url: String,
    pub score: u8,
    pub grade: Grade,
}

/// The report file: the budget, the summary and every page, sorted by URL.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub format: u32,
    pub commune: String,
    pub build_date: String,
    /// How the figures are obtained, in French, for whoever reads the file.
    pub method: String,
    pub budget: Budget,
    /// HTML of every page, bytes.
    pub html_bytes: u64,
    pub summary: Summary,
    pub pages: Vec<PageSobriety>,
}

const METHOD: &str = "EcoIndex estimé à la construction (formule et quantiles de référence de \
ecoindex_python) : DOM = éléments de la page hors descendants de <svg> ; requêtes = la page + \
chaque fichier distinct qu'elle charge à l'ouverture (styles, scripts, images, icône) ; poids = \
tailles des fichiers écrits, non compressés (1 Ko = 1 000 octets).";

/// A site's sobriety: the report and the diagnostics of the pages over budget.
pub struct Assessment {
    pub report: Report,
    pub diagnostics: Vec<Diagnostic>,
}

/// Resolves every page of `site` with the sizes of its files and holds it to the budget.
/// `templates_dir` names the template of a generated page in its diagnostic.
pub fn assess(
    site: &Site,
    mut measures: Vec<PageMeasure>,
    sizes: &FileSizes,
    templates_dir: &str,
) -> Assessment {
    measures.sort_by(|a, b| a.url.cmp(&b.url));
    let budget = Budget::of(site);
    let pages: Vec<PageSobriety> = measures.iter().map(|m| m.resolve(sizes)).collect();
    let diagnostics: Vec<Diagnostic> = pages
        .iter()
        .filter_map(|page| budget.check(page, site, templates_dir))
        .collect();
    let summary = summarise(&pages, diagnostics.len());
    let report = Report {
        format: FORMAT,
        commune: site.slug.clone(),
        build_date: site.options.today.to_string(),
        method: METHOD.to_owned(),
        budget,
        html_bytes: pages.iter().map(|p| p.html_bytes).sum(),
        summary,
        pages,
    };
    Assessment {
        report,
        diagnostics,
    }
}

fn summarise(pages: &[PageSobriety], over_budget: usize) -> Summary {
    fn median<T: Copy + Ord>(mut values: Vec<T>) -> T {
        values.sort_unstable();
        values[(values.len() - 1) / 2]
    }
    if pages.is_empty() {
        let empty = EcoIndex::compute(0, 0, 0.0);
        return Summary {
            pages: 0,
            median: Figures {
                score: empty.score,
                grade: empty.grade,
                weight_bytes: 0,
                requests: 0,
                dom: 0,
            },
            worst: Worst {
                url: String::new(),
                score: empty.score,
                grade: empty.grade,
            },
            over_budget,
        };
    }
    let score = median(pages.iter().map(|p| p.ecoindex.score).collect());
    // `min_by_key` keeps the first of equals: pages are sorted by URL.
    let worst = pages
        .iter()
        .min_by_key(|p| p.ecoindex.score)
        .expect("pages is not empty");
    Summary {
        pages: pages.len(),
        median: Figures {
            score,
            grade: Grade::of(f64::from(score)),
            weight_bytes: median(pages.iter().map(|p| p.weight_bytes).collect()),
            requests: median(pages.iter().map(|p| p.requests).collect()),
            dom: median(pages.iter().map(|p| p.dom).collect()),
        },
        worst: Worst {
            url: worst.url.clone(),
            score: worst.ecoindex.score,
            grade: worst.ecoindex.grade,
        },
        over_budget,
    }
}

/// Where the report of `slug` lives.
pub fn report_path(out_dir: &Path, slug: &str) -> PathBuf {
    out_dir
        .join(WORK_DIR)
        .join(REPORT_DIR)
        .join(format!("{slug}.json"))
}

/// Writes the report of a site just published, whole or not at all (temporary file renamed).
pub fn write_report(out_dir: &Path, report: &Report) -> io::Result<()> {
    let path = report_path(out_dir, &report.commune);
    let dir = path.parent().expect("the report path has a folder");
    std::fs::create_dir_all(dir)?;
    let json = serde_json::to_vec_pretty(report).map_err(io::Error::other)?;
    let temporary = dir.join(format!(".{}.{}.tmp", report.commune, std::process::id()));
    std::fs::write(&temporary, json)?;
    std::fs::rename(&temporary, &path)
}

/// The report of `slug`'s published site, if there is a readable one of this format.
pub fn read_report(out_dir: &Path, slug: &str) -> Option<Report> {
    let text = std::fs::read(report_path(out_dir, slug)).ok()?;
    let report: Report = serde_json::from_slice(&text).ok()?;
    (report.format == FORMAT).then_some(report)
}

/// A page of `/p/` made of HTML only, for the tests of this module and of `budget`.
#[cfg(test)]
pub(crate) fn sample_page(dom: u32, requests: u32, weight_bytes: u64) -> PageSobriety {
    PageSobriety {
        url: "/p/".into(),
        page: 0,
        html_bytes: weight_bytes,
        css_bytes: 0,
        js_bytes: 0,
        image_bytes: 0,
        other_bytes: 0,
        weight_bytes,
        requests,
        external_requests: 0,
        missing_files: 0,
        dom,
        ecoindex: EcoIndex::compute(dom, requests, measure::kilobytes(weight_bytes)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(url: &str, (dom, requests, weight_bytes): (u32, u32, u64)) -> PageSobriety {
        PageSobriety {
            url: url.to_owned(),
            ..sample_page(dom, requests, weight_bytes)
        }
    }

    #[test]
    fn summary_takes_the_lower_median_and_the_first_worst_page() {
        let pages = [
            page("/a/", (100, 100, 100_000)),      // 72
            page("/b/", (2240, 100, 310_182_902)), // 16
            page("/c/", (240, 20, 331_000)),       // 83
            page("/d/", (2240, 100, 310_182_902)), // 16
        ];
        let summary = summarise(&pages, 1);
        assert_eq!(summary.median.score, 16);
        assert_eq!(summary.median.grade, Grade::F);
        assert_eq!(summary.median.dom, 240);
        assert_eq!(
            summary.worst,
            Worst {
                url: "/b/".into(),
                score: 16,
                grade: Grade::F
            }
        );
        let summary = summarise(&pages[..3], 0);
        assert_eq!((summary.median.score, summary.median.grade), (72, Grade::B));
        assert_eq!(summary.median.requests, 100);
    }
}
