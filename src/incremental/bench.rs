//! `usine bench --incremental`: the nightly run of a metropole of 92 communes × 500 pages
//! (issue #8). Target: under 1 s when nothing changed. Measures, each as a real `usine build`
//! child process: the cold build, the run without change, and the run after one page of one
//! commune changed (that commune only is rebuilt).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

const COMMUNES: usize = 92;
const PAGES: usize = 500;

struct Measure {
    wall: Duration,
    peak_kib: u64,
    published: u64,
    unchanged: u64,
}

/// A run where no source changed must take less than this (issue #8).
const UNCHANGED_TARGET: Duration = Duration::from_secs(1);

pub(crate) fn run(dir: &Path, theme: &Path) -> ExitCode {
    let dir = dir.join(format!("{COMMUNES}x{PAGES}"));
    let out = dir.join("public-incremental");
    // What an interrupted bench left. Deleting a site just before building slows the build
    // down on ext4 without a journal (see `crate::bench::outputs_of`): a finished bench
    // leaves none.
    let _ = fs::remove_dir_all(&out);
    let measured = measure_all(&dir, &out, theme);
    let _ = fs::remove_dir_all(&out);
    match measured {
        Ok(unchanged) if unchanged < UNCHANGED_TARGET => {
            println!("\nObjectif « sans changement < 1 s » : atteint.");
            ExitCode::SUCCESS
        }
        Ok(_) => {
            println!("\nObjectif « sans changement < 1 s » : manqué.");
            ExitCode::from(1)
        }
        Err(err) => {
            eprintln!("échec du banc incrémental : {err}");
            ExitCode::from(2)
        }
    }
}

/// Runs the three builds into `out`; returns the wall time of the one without changes.
fn measure_all(dir: &Path, out: &Path, theme: &Path) -> Result<Duration, String> {
    let communes = dir.join("communes");
    crate::bench::ensure_communes(&communes, COMMUNES, PAGES)?;
    println!(
        "{:<44} {:>9} {:>9} {:>10} {:>12}",
        "scénario (92 communes × 500 pages)", "durée", "publiées", "inchangées", "mémoire max"
    );
    let row = |name: &str, m: &Measure| {
        println!(
            "{name:<44} {:>6} ms {:>9} {:>10} {:>8} Mio",
            m.wall.as_millis(),
            m.published,
            m.unchanged,
            m.peak_kib / 1024
        );
    };
    row("construction complète", &build(&communes, out, theme)?);
    let unchanged = build(&communes, out, theme)?;
    row("sans changement (objectif < 1 s)", &unchanged);
    if unchanged.unchanged != COMMUNES as u64 {
        return Err(format!(
            "{} communes reconstruites au lieu de 0",
            unchanged.published
        ));
    }
    let page = communes.join("synthetique-000/contenu/mairie/page-0.md");
    let original = fs::read_to_string(&page).map_err(|e| e.to_string())?;
    fs::write(&page, format!("{original}\nMise à jour du banc.\n")).map_err(|e| e.to_string())?;
    let one = build(&communes, out, theme);
    fs::write(&page, original).map_err(|e| e.to_string())?;
    let one = one?;
    row("une page d'une commune modifiée", &one);
    if one.published != 1 {
        return Err(format!(
            "{} communes reconstruites au lieu de 1",
            one.published
        ));
    }
    Ok(unchanged.wall)
}

/// One `usine build` as a child process; its outcomes come from its JSON-lines log.
fn build(communes: &Path, out: &Path, theme: &Path) -> Result<Measure, String> {
    let journal: PathBuf = out.with_file_name("journal-incremental.jsonl");
    let _ = fs::remove_file(&journal);
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let started = Instant::now();
    let child = Command::new(exe)
        .arg("build")
        .arg("--communes")
        .arg(communes)
        .arg("--out")
        .arg(out)
        .arg("--theme")
        .arg(theme)
        .args(["--date", "2026-11-23"])
        .arg("--journal")
        .arg(&journal)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| e.to_string())?;
    let (status, peak_kib, _) = crate::bench::wait_with_peak_memory(child.id())?;
    let wall = started.elapsed();
    if status != 0 {
        return Err(format!(
            "usine build a échoué (code {status}) sur {}",
            communes.display()
        ));
    }
    let log = fs::read_to_string(&journal).map_err(|e| e.to_string())?;
    let run: serde_json::Value = log
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .find(|l| l["event"] == "run")
        .ok_or("journal sans ligne « run »")?;
    Ok(Measure {
        wall,
        peak_kib,
        published: run["published"].as_u64().unwrap_or(0),
        unchanged: run["unchanged"].as_u64().unwrap_or(0),
    })
}
