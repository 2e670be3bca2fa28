//! The budget every page of a commune is held to: `[sobriete]` of `commune.toml`, the
//! reference's targets by default (see `docs/commune.exemple.toml`).

use serde::{Deserialize, Serialize};

use super::ecoindex::Grade;
use super::measure::PageSobriety;
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Site;

/// The budget as applied to one build.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Budget {
    pub min_grade: Grade,
    pub max_weight_kb: u32,
    pub max_requests: u32,
    /// A page over budget is an error (the site is not published), not a warning:
    /// `bloquant = true` in `commune.toml`, or `usine build --sobriete-stricte`.
    pub blocking: bool,
}

impl Budget {
    pub fn of(site: &Site) -> Budget {
        let config = &site.config.sobriety;
        Budget {
            min_grade: config.min_grade,
            max_weight_kb: config.max_weight_kb,
            max_requests: config.max_requests,
            blocking: config.blocking || site.options.strict_sobriety,
        }
    }

    /// The diagnostic of `page` if it is over budget, on its Markdown file (or its template).
    pub fn check(
        &self,
        page: &PageSobriety,
        site: &Site,
        templates_dir: &str,
    ) -> Option<Diagnostic> {
        let over = self.exceeded(page);
        if over.is_empty() {
            return None;
        }
        let severity = if self.blocking {
            Severity::Error
        } else {
            Severity::Warning
        };
        let kb = kilobytes_shown(page.weight_bytes);
        let message = format!(
            "page {} hors budget de sobriété : {} (estimation : {} éléments, {} requêtes, {kb} Ko non compressés)",
            page.url,
            over.join(" ; "),
            page.dom,
            page.requests
        );
        let entry = &site.pages[page.page];
        let file = match &entry.source {
            Some(source) => source.display.clone(),
            None => format!("{templates_dir}/{}", entry.template),
        };
        Some(
            Diagnostic::new(severity, "sobriete.budget", message)
                .in_file(&file)
                .with_hint(hint(page, entry.source.is_none(), &site.slug)),
        )
    }

    /// What `page` exceeds, in French; empty when it keeps to the budget.
    fn exceeded(&self, page: &PageSobriety) -> Vec<String> {
        let eco = page.ecoindex;
        let mut over = Vec::new();
        if eco.grade > self.min_grade {
            over.push(format!(
                "EcoIndex estimé {} ({}), sous la note minimale {}",
                eco.score, eco.grade, self.min_grade
            ));
        }
        if page.weight_bytes > u64::from(self.max_weight_kb) * 1000 {
            over.push(format!("poids au-delà de {} Ko", self.max_weight_kb));
        }
        if page.requests > self.max_requests {
            over.push(format!("plus de {} requêtes", self.max_requests));
        }
        over
    }
}

/// Bytes as the whole KB shown to people (rounded up: 1 byte over the budget shows).
fn kilobytes_shown(bytes: u64) -> u64 {
    bytes.div_ceil(1000)
}

/// The reference's target DOM size: above it, the number of elements weighs on the score.
const TARGET_DOM: u32 = 600;

/// What to lighten first: the elements if there are too many, then what weighs most.
/// `generated`: the build made the page (plan du site, tag pages), no editor wrote it.
fn hint(page: &PageSobriety, generated: bool, slug: &str) -> String {
    let mut advice = Vec::new();
    if generated {
        advice.push("la construction crée cette page à partir du contenu du site : si elle reste hors budget, signalez-le à l'équipe de la métropole");
    } else {
        if page.dom > TARGET_DOM {
            advice.push("la page a trop d'éléments : raccourcissez-la ou, pour une rubrique, affichez-en moins par page (par_page dans son en-tête)");
        }
        let heaviest = [
            (page.image_bytes, "allégez ses images (format WebP ou JPEG, largeur adaptée à l'écran)"),
            (page.html_bytes, "raccourcissez son texte ou ses listes"),
            (page.css_bytes + page.js_bytes + page.other_bytes, "les styles et scripts du thème pèsent le plus : signalez-le à l'équipe de la métropole"),
        ]
        .into_iter()
        .max_by_key(|(bytes, _)| *bytes)
        .map(|(_, advice)| advice);
        advice.extend(heaviest);
    }
    format!(
        "{} ; le détail de chaque page est dans .usine/sobriete/{slug}.json du dossier de publication, le budget dans [sobriete] de commune.toml.",
        advice.join(" ; ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::sobriety::sample_page as page;

    const BUDGET: Budget = Budget {
        min_grade: Grade::C,
        max_weight_kb: 500,
        max_requests: 40,
        blocking: false,
    };

    #[test]
    fn a_page_within_every_limit_passes() {
        // 240 elements, 20 requests, 331 KB: 83 (A).
        assert!(BUDGET.exceeded(&page(240, 20, 331_000)).is_empty());
        // Exactly at the limits.
        assert!(BUDGET.exceeded(&page(100, 40, 500_000)).is_empty());
    }

    #[test]
    fn each_limit_is_reported() {
        // 200 elements, 200 requests, 10 MB: 46 (D).
        assert_eq!(
            BUDGET.exceeded(&page(200, 200, 10_000_000)),
            vec![
                "EcoIndex estimé 46 (D), sous la note minimale C",
                "poids au-delà de 500 Ko",
                "plus de 40 requêtes",
            ]
        );
        assert_eq!(
            BUDGET.exceeded(&page(100, 5, 500_001)),
            vec!["poids au-delà de 500 Ko"]
        );
    }
}
