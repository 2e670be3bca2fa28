//! Usine à sites: builds the websites of a metropole's communes from Markdown.
//!
//! The pipeline, one module per stage, each handing a typed value to the next:
//!
//! 1. [`load`]: a commune folder → `SourceSet`
//! 2. [`parse`]: each Markdown source → `ParsedPage` (front matter + body)
//! 3. [`model`]: pages + `commune.toml` → read-only `Site` (content images converted once,
//!    through a cache: [`images`])
//! 4. [`render`]: `&Site` → `RenderedPage` (tera)
//! 5. [`check`]: `RenderedPage` → `CheckedPage` (lol_html rewrite + RGAA findings)
//! 6. [`minify`]: `CheckedPage` → `OutputFile`
//! 7. [`write`]: output files → staging folder → atomic swap (the [`search`] index is
//!    built in the staging folder, before the swap)
//!
//! Beside the stages, [`sobriety`] measures each finished page and reports once the site is
//! written.
//!
//! [`pipeline`] runs them for one commune, [`fleet`] for all communes in parallel; [`serve`]
//! previews one commune, rebuilt at each change.

pub mod acts;
pub mod agenda;
pub mod banner;
pub mod baseline;
pub mod bench;
pub mod check;
pub mod check_command;
pub mod cli;
pub mod config;
pub mod dates;
pub mod diagnostic;
mod digest;
pub mod downloads;
pub mod escape;
pub mod export;
pub mod feeds;
pub mod fleet;
pub mod images;
pub mod incremental;
pub mod journal;
pub mod legal;
pub mod load;
pub mod minify;
pub mod model;
pub mod parse;
pub mod pipeline;
pub mod privacy;
pub mod render;
pub mod report;
pub mod search;
pub mod serve;
pub mod shard;
pub mod sitemap;
pub mod sobriety;
pub mod steering;
pub mod toml_error;
pub mod write;
