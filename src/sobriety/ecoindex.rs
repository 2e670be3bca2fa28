//! The EcoIndex (GreenIT / CNUMR) of a page from its DOM size, request count and weight.
//!
//! Reference: the quantile tables of `ecoindex_reference.json` and the computation of
//! `ecoindex_python` (`ecoindex/compute/ecoindex.py`), **0-based** quantiles:
//! `score = round(100 − 5 × (3·q_dom + 2·q_req + q_size) / 6)`, grades with strict `>`.
//! Older implementations (GreenIT-Analysis `ecoIndex.js`, `ecoindex_node`) use 1-based
//! quantiles and other thresholds and score about 5 points lower: not these.
//!
//! Python's `round` rounds halves to even; so does this module (`round_ties_even`), or a
//! page could differ by one point from the reference tools.

use serde::{Deserialize, Serialize};

/// DOM size bounds (number of elements, descendants of `<svg>` excepted).
const DOM: [f64; 21] = [
    0.0, 47.0, 75.0, 159.0, 233.0, 298.0, 358.0, 417.0, 476.0, 537.0, 603.0, 674.0, 753.0, 843.0,
    949.0, 1076.0, 1237.0, 1459.0, 1801.0, 2479.0, 594601.0,
];
/// Request count bounds.
const REQUESTS: [f64; 21] = [
    0.0, 2.0, 15.0, 25.0, 34.0, 42.0, 49.0, 56.0, 63.0, 70.0, 78.0, 86.0, 95.0, 105.0, 117.0,
    130.0, 147.0, 170.0, 205.0, 281.0, 3920.0,
];
/// Page weight bounds, in KB (1 KB = 1,000 bytes).
const SIZE_KB: [f64; 21] = [
    0.0, 1.37, 144.7, 319.53, 479.46, 631.97, 783.38, 937.91, 1098.62, 1265.47, 1448.32, 1648.27,
    1876.08, 2142.06, 2465.37, 2866.31, 3401.59, 4155.73, 5400.08, 8037.54, 223212.26,
];

/// The reference's targets for a good page (`targets` of the reference JSON): the defaults
/// of a commune's budget.
pub const TARGET_REQUESTS: u32 = 40;
pub const TARGET_SIZE_KB: u32 = 1024;

/// EcoIndex grade, A (best) to G.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Grade {
    A,
    B,
    C,
    D,
    E,
    F,
    G,
}

impl Grade {
    /// The grade of a score: A > 80, B > 70, C > 55, D > 40, E > 25, F > 10, else G.
    pub fn of(score: f64) -> Grade {
        const THRESHOLDS: [(Grade, f64); 6] = [
            (Grade::A, 80.0),
            (Grade::B, 70.0),
            (Grade::C, 55.0),
            (Grade::D, 40.0),
            (Grade::E, 25.0),
            (Grade::F, 10.0),
        ];
        THRESHOLDS
            .iter()
            .find(|(_, threshold)| score > *threshold)
            .map_or(Grade::G, |(grade, _)| *grade)
    }

    pub fn letter(self) -> char {
        match self {
            Grade::A => 'A',
            Grade::B => 'B',
            Grade::C => 'C',
            Grade::D => 'D',
            Grade::E => 'E',
            Grade::F => 'F',
            Grade::G => 'G',
        }
    }
}

impl std::fmt::Display for Grade {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.letter())
    }
}

/// The EcoIndex of one page.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct EcoIndex {
    /// 0 to 100, an integer as in the reference.
    pub score: u8,
    pub grade: Grade,
    /// Greenhouse gases per visit, gCO2e.
    pub ghg_g: f64,
    /// Water per visit, cl.
    pub water_cl: f64,
}

impl EcoIndex {
    /// The EcoIndex of a page of `dom` elements, `requests` requests and `size_kb` KB.
    pub fn compute(dom: u32, requests: u32, size_kb: f64) -> EcoIndex {
        let score = score(dom, requests, size_kb);
        EcoIndex {
            score: score as u8,
            grade: Grade::of(score),
            ghg_g: greenhouse_gases(score),
            water_cl: water(score),
        }
    }
}

/// The position of `value` in a table of 21 bounds: 0 to 20, linear between bounds.
fn quantile(bounds: &[f64; 21], value: f64) -> f64 {
    for i in 1..bounds.len() {
        if value < bounds[i] {
            return (i - 1) as f64 + (value - bounds[i - 1]) / (bounds[i] - bounds[i - 1]);
        }
    }
    (bounds.len() - 1) as f64
}

/// The score, rounded as the reference rounds it, clamped to 0..=100.
fn score(dom: u32, requests: u32, size_kb: f64) -> f64 {
    let q_dom = quantile(&DOM, f64::from(dom));
    let q_requests = quantile(&REQUESTS, f64::from(requests));
    let q_size = quantile(&SIZE_KB, size_kb.max(0.0));
    (100.0 - 5.0 * (3.0 * q_dom + 2.0 * q_requests + q_size) / 6.0)
        .round_ties_even()
        .clamp(0.0, 100.0)
}

/// gCO2e per visit: `2 + 2 × (50 − score) / 100`, to 2 decimals.
fn greenhouse_gases(score: f64) -> f64 {
    round_cents(2.0 + 2.0 * (50.0 - score) / 100.0)
}

/// Centilitres of water per visit: `3 + 3 × (50 − score) / 100`, to 2 decimals.
fn water(score: f64) -> f64 {
    round_cents(3.0 + 3.0 * (50.0 - score) / 100.0)
}

fn round_cents(value: f64) -> f64 {
    (100.0 * value).round_ties_even() / 100.0
}

#[cfg(test)]
mod tests {
    //! Every test vector of `ecoindex_python` `tests/compute/test_ecoindex.py` (listed in
    //! domain.md §4.2), compared exactly.

    use super::*;

    #[test]
    fn quantiles() {
        assert_eq!(quantile(&SIZE_KB, 2500.0), 14.086372025739513);
        assert_eq!(quantile(&DOM, 150.0), 2.892857142857143);
        assert_eq!(quantile(&REQUESTS, 23.0), 2.8);
        assert_eq!(quantile(&SIZE_KB, 310182.902), 20.0);
    }

    #[test]
    fn scores() {
        for (dom, requests, size, expected) in [
            (100, 100, 100.0, 72.0),
            (100, 100, 1000.0, 67.0),
            (100, 100, 10000.0, 58.0),
            (200, 200, 10000.0, 46.0),
            (2355, 267, 2493.0, 10.0),
            (240, 20, 331.0, 83.0),
        ] {
            assert_eq!(
                score(dom, requests, size),
                expected,
                "{dom} {requests} {size}"
            );
        }
    }

    #[test]
    fn ecoindex_of_a_page() {
        assert_eq!(
            EcoIndex::compute(100, 100, 100.0),
            EcoIndex {
                score: 72,
                grade: Grade::B,
                ghg_g: 1.56,
                water_cl: 2.34,
            }
        );
    }

    #[test]
    fn ecoindex_beyond_the_last_bound() {
        assert_eq!(
            EcoIndex::compute(2240, 100, 310182.902),
            EcoIndex {
                score: 16,
                grade: Grade::F,
                ghg_g: 2.68,
                water_cl: 4.02,
            }
        );
    }

    #[test]
    fn grades_use_strict_thresholds() {
        assert_eq!(Grade::of(2.0), Grade::G);
        assert_eq!(Grade::of(25.0), Grade::F);
        assert_eq!(Grade::of(10.0), Grade::G);
        assert_eq!(Grade::of(50.2), Grade::D);
        assert_eq!(Grade::of(100.0), Grade::A);
        assert_eq!(Grade::of(80.0), Grade::B);
        assert_eq!(Grade::of(81.0), Grade::A);
    }

    #[test]
    fn greenhouse_gases_and_water() {
        for (score, ghg, cl) in [
            (2.0, 2.96, 4.44),
            (10.0, 2.8, 4.2),
            (50.0, 2.0, 3.0),
            (70.0, 1.6, 2.4),
        ] {
            assert_eq!(greenhouse_gases(score), ghg, "{score}");
            assert_eq!(water(score), cl, "{score}");
        }
    }

    #[test]
    fn halves_round_to_even_as_in_python() {
        // q_dom = 3 exactly: 100 − 5 × 9 / 6 = 92.5, which Python's round makes 92.
        assert_eq!(EcoIndex::compute(159, 0, 0.0).score, 92);
    }

    #[test]
    fn an_empty_page_scores_100() {
        assert_eq!(EcoIndex::compute(0, 0, 0.0).score, 100);
    }
}
