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
    /// Mesure la vitesse et la mémoire sur une métropole synthétique, face aux objectifs.
    Bench(crate::bench::BenchArgs),
    /// Vérifie l'accessibilité (RGAA 4.1.2) des communes, ou d'un dossier HTML avec --html.
    Check(crate::check_command::CheckArgs),
    /// Explique une règle RGAA du vérificateur, par exemple : usine explain 1.1.1
    Explain(crate::check_command::ExplainArgs),
    /// Aperçu d'une commune pendant sa rédaction : reconstruit et recharge à chaque modification.
    Serve(crate::serve::ServeArgs),
    /// Mesure le délai entre l'enregistrement d'une page et son rechargement dans l'aperçu.
    BenchServe(crate::serve::bench::BenchServeArgs),
    /// Archive tout ce qui appartient à une commune (contenu, médias, configuration, site construit).
    Export(crate::export::ExportArgs),
    /// Ajoute une commune à partir de l'archive produite par « usine export ».
    Import(crate::export::ImportArgs),
    /// Rapports de la métropole : tableau de bord de pilotage, fusion des rapports des tranches.
    Rapport(crate::steering::RapportArgs),
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
    /// Reconstruit toutes les communes, même celles dont les fichiers n'ont pas changé.
    #[arg(long)]
    force: bool,
    /// Ne construit que la tranche K sur N (K de 1 à N), stable d'une exécution à l'autre.
    #[arg(long, value_name = "K/N")]
    shard: Option<crate::shard::Shard>,
    /// Ajoute le journal de l'exécution (JSON, une ligne par commune) à la fin de FICHIER.
    #[arg(long, value_name = "FICHIER")]
    journal: Option<PathBuf>,
    /// Programme pagefind qui construit l'index de recherche ; sinon USINE_PAGEFIND,
    /// tools/pagefind/node_modules/.bin/pagefind, puis pagefind dans le PATH.
    #[arg(long, value_name = "CHEMIN")]
    pagefind: Option<PathBuf>,
    /// Une page hors du budget de sobriété ([sobriete] de commune.toml) est une erreur : la
    /// commune n'est pas publiée.
    #[arg(long)]
    sobriete_stricte: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
    /// Une ligne JSON par commune, puis une pour l'exécution (supervision).
    Jsonl,
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
        Command::Check(args) => crate::check_command::run_check(args),
        Command::Explain(args) => crate::check_command::run_explain(&args),
        Command::Serve(args) => crate::serve::run(args),
        Command::BenchServe(args) => crate::serve::bench::run(&args),
        Command::Export(args) => crate::export::run_export(&args),
        Command::Import(args) => crate::export::run_import(&args),
        Command::Rapport(args) => crate::steering::run(&args),
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
            strict_sobriety: args.sobriete_stricte,
        },
        indexer: crate::search::locate(args.pagefind.as_deref()),
        image_cache: None,
        progress: std::io::stderr().is_terminal(),
    };
    let scope = fleet::RunScope {
        shard: args.shard,
        incremental: if args.force {
            crate::incremental::Mode::Rebuild
        } else {
            crate::incremental::Mode::SkipUnchanged
        },
    };
    match fleet::build_fleet_in(&options, scope) {
        Ok(report) => {
            let code = if report.failed() { 1 } else { 0 };
            let context = crate::journal::RunContext {
                build_date: options.options.today,
                shard: args.shard,
                exit_code: code,
            };
            match args.format {
                Format::Human => eprint!("{}", report::render_human(&report, color())),
                Format::Json => println!("{}", report.to_json()),
                Format::Jsonl => print!("{}", crate::journal::lines(&report, context)),
            }
            if let Some(path) = &args.journal {
                let lines = crate::journal::lines(&report, context);
                if let Err(err) = crate::journal::append(path, &lines) {
                    eprintln!("erreur : journal non écrit dans {} : {err}", path.display());
                    return ExitCode::from(2);
                }
            }
            ExitCode::from(code)
        }
        Err(fleet::FleetError(problems)) => {
            for problem in &problems {
                eprintln!("{}\n", report::render_diagnostic(problem, color()));
            }
            ExitCode::from(2)
        }
    }
}
