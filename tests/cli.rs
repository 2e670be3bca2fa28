//! The one integration-test binary: runs the real `usine` CLI on fixture communes.
//!
//! Fixtures live in `tests/fixtures/`; each test copies what it needs into a temporary
//! folder, breaks it the way the test is about, and runs the command there.

mod cli {
    pub(crate) mod agenda;
    pub(crate) mod banner;
    pub(crate) mod build;
    pub(crate) mod check;
    pub(crate) mod content;
    #[cfg(feature = "images")]
    pub(crate) mod images;
    pub(crate) mod legal;
    pub(crate) mod operations;
    pub(crate) mod privacy;
    pub(crate) mod search;
    pub(crate) mod serve;
    pub(crate) mod sobriety;
    pub(crate) mod support;
    pub(crate) mod tags;
    pub(crate) mod theme;
}
