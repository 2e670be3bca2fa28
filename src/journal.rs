//! The log of a run for the metropole's monitoring: JSON lines, one per commune with its
//! outcome and durations, then one for the whole run (`usine build --format jsonl`, or
//! `--journal FICHIER` to append them to a file while people read the usual report).
//!
//! Keys and values are in English like the JSON report; every line is a complete JSON
//! object, so log shippers (Vector, Fluent Bit, Filebeat) take them as they are.

use std::io::Write as _;
use std::path::Path;

use serde::Serialize;

use crate::diagnostic::Severity;
use crate::incremental::Reason;
use crate::report::{CommuneReport, FleetReport, Outcome};
use crate::shard::Shard;

/// What the log says about the run besides the report.
#[derive(Debug, Clone, Copy)]
pub struct RunContext {
    pub build_date: crate::dates::Date,
    pub shard: Option<Shard>,
    pub exit_code: u8,
}

#[derive(Serialize)]
struct CommuneLine<'a> {
    event: &'static str,
    time: &'a str,
    build_date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    shard: Option<String>,
    slug: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    outcome: Outcome,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<Reason>,
    #[serde(skip_serializing_if = "Option::is_none")]
    changed_files: Option<usize>,
    /// Hashing inputs and deciding, then building: their sum.
    duration_ms: u64,
    check_ms: u64,
    build_ms: u64,
    /// Part of `build_ms` spent by Pagefind on the search index.
    #[serde(skip_serializing_if = "Option::is_none")]
    search_index_ms: Option<u64>,
    pages: usize,
    files: usize,
    bytes: u64,
    errors: usize,
    warnings: usize,
    reviews: usize,
    accepted_exceptions: usize,
    /// Content images converted and taken from the cache, when the commune was built.
    #[serde(skip_serializing_if = "Option::is_none")]
    images: Option<crate::images::Counts>,
}

#[derive(Serialize)]
struct RunLine<'a> {
    event: &'static str,
    time: &'a str,
    build_date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    shard: Option<String>,
    communes: usize,
    published: usize,
    unchanged: usize,
    failed: usize,
    pages: usize,
    duration_ms: u64,
    exit_code: u8,
}

/// The lines of `report`, each ending with a newline.
pub fn lines(report: &FleetReport, context: RunContext) -> String {
    let time = jiff::Timestamp::now().to_string();
    let shard = context.shard.map(|s| s.to_string());
    let mut out = String::new();
    for commune in &report.communes {
        push(
            &mut out,
            &commune_line(commune, &time, context, shard.clone()),
        );
    }
    let count = |outcome| {
        report
            .communes
            .iter()
            .filter(|c| c.outcome == outcome)
            .count()
    };
    push(
        &mut out,
        &RunLine {
            event: "run",
            time: &time,
            build_date: context.build_date.to_string(),
            shard,
            communes: report.communes.len(),
            published: count(Outcome::Published),
            unchanged: count(Outcome::Unchanged),
            failed: count(Outcome::Failed),
            pages: report.communes.iter().map(|c| c.pages).sum(),
            duration_ms: report.duration.as_millis() as u64,
            exit_code: context.exit_code,
        },
    );
    out
}

fn commune_line<'a>(
    c: &'a CommuneReport,
    time: &'a str,
    context: RunContext,
    shard: Option<String>,
) -> CommuneLine<'a> {
    let check_ms = c
        .incremental
        .as_ref()
        .map_or(0, |d| d.check.as_millis() as u64);
    let build_ms = match c.outcome {
        Outcome::Unchanged => 0,
        _ => c.duration.as_millis() as u64,
    };
    CommuneLine {
        event: "commune",
        time,
        build_date: context.build_date.to_string(),
        shard,
        slug: &c.slug,
        name: c.name.as_deref(),
        outcome: c.outcome,
        reason: c.incremental.as_ref().map(|d| d.reason),
        changed_files: c.incremental.as_ref().and_then(|d| d.changed_files),
        duration_ms: check_ms + build_ms,
        check_ms,
        build_ms,
        search_index_ms: c.search_index.map(|d| d.as_millis() as u64),
        pages: c.pages,
        files: c.files,
        bytes: c.bytes,
        errors: c.count(Severity::Error),
        warnings: c.count(Severity::Warning),
        reviews: c.count(Severity::Review),
        accepted_exceptions: c.accepted_exceptions,
        images: c.images,
    }
}

fn push<T: Serialize>(out: &mut String, line: &T) {
    if let Ok(json) = serde_json::to_string(line) {
        out.push_str(&json);
        out.push('\n');
    }
}

/// Appends the lines to `path` (created if needed), in one write.
pub fn append(path: &Path, lines: &str) -> std::io::Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    file.write_all(lines.as_bytes())
}
