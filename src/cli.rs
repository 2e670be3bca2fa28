//! The `usine` command line: French help, reports on stderr or stdout, exit codes
//! 0 (all good), 1 (a commune failed or has errors), 2 (usage or tool failure).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::dates::Date;
use crate::fleet::{self, FleetOptions};
use crate::model::BuildOptions;
use crate::report;

#[derive(Parser)]
#[command(
    name = "usine",
    version,
    about = "Usine à sites : construit les sites des communes à partir de leurs fichiers Markdown.",
    disable_help_subcommand = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Construit et publie les sites des communes (toutes, ou celles nommées).
    Build(BuildArgs),
    /// Mesure la vitesse et la mémoire sur une métropole synthétique.
    Bench(crate::bench::BenchArgs),
}

/// Options shared by commands that read communes.
#[derive(Args, Clone)]
pub struct SourceArgs {
    /// Dossier des communes.
    #[arg(long, value_name = "DOSSIER", default_value = "communes")]
    pub communes: PathBuf,
    /// Dossier du thème.
    #[arg(long, value_name = "DOSSIER", default_value = "themes/commun")]
    pub theme: PathBuf,
    /// Date de construction (AAAA-MM-JJ), aujourd'hui par défaut : fixe les événements à venir.
    #[arg(long, value_name = "AAAA-MM-JJ", value_parser = parse_date)]
    pub date: Option<Date>,
}

#[derive(Args)]
struct BuildArgs {
    /// Communes à construire (nom de leur dossier) ; toutes si aucune n'est donnée.
    communes_to_build: Vec<String>,
    #[command(flatten)]
    sources: SourceArgs,
    /// Dossier de publication : chaque commune dans DOSSIER/<commune>/.
    #[arg(long, value_name = "DOSSIER", default_value = "public")]
    out: PathBuf,
    /// Format du rapport.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
}

fn parse_date(text: &str) -> Result<Date, String> {
    text.parse::<jiff::civil::Date>()
        .map(Date)
        .map_err(|_| format!("date invalide « {text} » : écrivez AAAA-MM-JJ"))
}

/// Runs the command line; returns the process exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return ExitCode::from(if err.use_stderr() { 2 } else { 0 });
        }
    };
    match cli.command {
        Command::Build(args) => build(args),
        Command::Bench(args) => crate::bench::run(&args),
    }
}

fn color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

fn build(args: BuildArgs) -> ExitCode {
    let options = FleetOptions {
        communes_dir: args.sources.communes,
        out_dir: args.out,
        theme_dir: args.sources.theme,
        slugs: args.communes_to_build,
        options: BuildOptions {
            today: args.sources.date.unwrap_or_else(Date::today),
            include_drafts: false,
        },
        progress: std::io::stderr().is_terminal(),
    };
    match fleet::build_fleet(&options) {
        Ok(report) => {
            match args.format {
                Format::Human => eprint!("{}", report::render_human(&report, color())),
                Format::Json => println!("{}", report.to_json()),
            }
            ExitCode::from(if report.failed() { 1 } else { 0 })
        }
        Err(fleet::FleetError(problems)) => {
            for problem in &problems {
                eprintln!("{}\n", report::render_diagnostic(problem, color()));
            }
            ExitCode::from(2)
        }
    }
}
