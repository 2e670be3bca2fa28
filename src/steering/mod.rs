//! `usine rapport`: what the metropole's IT team and steering committee read about the
//! fleet.
//!
//! - `usine rapport pilotage`: a dashboard across every published commune (HTML for people,
//!   JSON for tools): pages, weight, automated accessibility findings by RGAA theme, build
//!   times, last change. It reads the manifests that `usine build` leaves beside the sites
//!   (`OUT/.usine/manifestes/`), so it describes what is published, whatever the last run
//!   skipped or failed, and the published sites themselves for page weights.
//! - `usine rapport fusion`: merges the JSON reports of the shards of one run (see
//!   [`crate::shard`]).
//!
//! Findings are counts of what the automated checker flagged; they never make a conformity
//! rate, which only an audit gives (RGAA evaluation method, see `docs/exploitation.md`).

mod data;
mod html;
mod merge;

pub use data::{CommuneSteering, Steering, ThemeCount, collect};
pub use merge::merge_reports;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};

use crate::report::render_diagnostic;

#[derive(Args)]
pub struct RapportArgs {
    #[command(subcommand)]
    command: RapportCommand,
}

#[derive(Subcommand)]
enum RapportCommand {
    /// Tableau de bord de pilotage (HTML et JSON) des communes publiées.
    Pilotage(PilotageArgs),
    /// Fusionne les rapports JSON des tranches (build --shard K/N --format json).
    Fusion(FusionArgs),
}

#[derive(Args)]
struct PilotageArgs {
    /// Dossier de publication des sites (celui de usine build --out).
    #[arg(long, value_name = "DOSSIER", default_value = "public")]
    out: PathBuf,
    /// Dossier des communes : celles sans site publié sont signalées.
    #[arg(long, value_name = "DOSSIER", default_value = "communes")]
    communes: PathBuf,
    /// Dossier où écrire le tableau de bord (index.html et ses pages) et pilotage.json.
    #[arg(long, value_name = "DOSSIER", default_value = "pilotage")]
    sortie: PathBuf,
}

#[derive(Args)]
struct FusionArgs {
    /// Rapports JSON des tranches.
    #[arg(required = true, value_name = "RAPPORT")]
    rapports: Vec<PathBuf>,
    /// Fichier du rapport fusionné ; sortie standard par défaut.
    #[arg(long, value_name = "FICHIER")]
    sortie: Option<PathBuf>,
}

pub fn run(args: &RapportArgs) -> ExitCode {
    match &args.command {
        RapportCommand::Pilotage(args) => run_pilotage(args),
        RapportCommand::Fusion(args) => run_fusion(args),
    }
}

fn run_pilotage(args: &PilotageArgs) -> ExitCode {
    let steering = match collect(&args.out, Some(&args.communes)) {
        Ok(steering) => steering,
        Err(problem) => {
            eprintln!("{}", render_diagnostic(&problem, false));
            return ExitCode::from(2);
        }
    };
    let written = std::fs::create_dir_all(&args.sortie)
        .and_then(|()| {
            html::render(&steering)
                .into_iter()
                .try_for_each(|(name, page)| std::fs::write(args.sortie.join(name), page))
        })
        .and_then(|()| {
            let json = serde_json::to_string_pretty(&steering).map_err(std::io::Error::other)?;
            std::fs::write(args.sortie.join("pilotage.json"), json + "\n")
        });
    match written {
        Ok(()) => {
            eprintln!(
                "tableau de bord écrit : {} et {} ({} communes publiées, {} pages)",
                args.sortie.join("index.html").display(),
                args.sortie.join("pilotage.json").display(),
                steering.communes.len(),
                steering.totals.pages
            );
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!(
                "erreur : écriture impossible dans {} : {err}",
                args.sortie.display()
            );
            ExitCode::from(2)
        }
    }
}

fn run_fusion(args: &FusionArgs) -> ExitCode {
    let merged = match merge_reports(&args.rapports) {
        Ok(merged) => merged,
        Err(problem) => {
            eprintln!("{}", render_diagnostic(&problem, false));
            return ExitCode::from(2);
        }
    };
    let json = merged.json + "\n";
    let written = match &args.sortie {
        Some(path) => std::fs::write(path, json),
        None => {
            print!("{json}");
            Ok(())
        }
    };
    if let Err(err) = written {
        eprintln!("erreur : écriture impossible : {err}");
        return ExitCode::from(2);
    }
    eprintln!(
        "{} rapport(s) fusionné(s) : {} communes, {} publiée(s), {} inchangée(s), {} en échec.",
        args.rapports.len(),
        merged.communes,
        merged.published,
        merged.unchanged,
        merged.failed
    );
    ExitCode::from(if merged.failed > 0 || merged.errors > 0 {
        1
    } else {
        0
    })
}
