//! `usine serve`: the editors' preview of one commune, rebuilt and reloaded on every change.
//!
//! 1. [`watch`]: notify (with its debouncer) watches the commune folder, the theme and
//!    `_metropole.toml`, and hands batches of changes to the rebuild loop.
//! 2. [`rebuild`]: rebuilds the commune from the files as they are now, through the build's own
//!    stages, reusing what did not change ([`cache`]: keyed by content, never by events).
//! 3. [`preview`]: each successful rebuild becomes an immutable snapshot of the site, kept in
//!    memory; a failed one keeps the last good snapshot and records its problems.
//! 4. [`events`]: every new snapshot is announced to the browsers over server-sent events.
//! 5. [`http`]: a tiny_http server bound to 127.0.0.1 serves the current snapshot; HTML
//!    responses get the [`overlay`] (errors in French, accessibility panel, reload script)
//!    injected as they are sent, so the site's files themselves stay byte for byte those of a
//!    cold `usine build`.
//!
//! Threads: the main thread runs the rebuild loop and is the only one that makes snapshots;
//! the HTTP thread (and one thread per open event stream) only reads the latest one.

pub mod bench;
mod cache;
mod events;
mod http;
mod overlay;
mod preview;
mod rebuild;
mod watch;

use std::convert::Infallible;
use std::io::IsTerminal;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::Args;

use crate::cli::SourceArgs;
use crate::diagnostic::Diagnostic;
use crate::fleet;
use crate::report::render_diagnostic;

use preview::{Preview, Shared};
use rebuild::{Outcome, Rebuilder, Settings};

/// Options of `usine serve`.
#[derive(Args)]
pub struct ServeArgs {
    /// Commune à prévisualiser (nom de son dossier).
    commune: String,
    /// Port local de l'aperçu ; 0 choisit un port libre.
    #[arg(long, value_name = "PORT", default_value_t = 8000)]
    port: u16,
    #[command(flatten)]
    sources: SourceArgs,
    /// Montre le site exactement tel qu'il sera publié : sans les pages en brouillon.
    #[arg(long)]
    sans_brouillons: bool,
}

/// Runs the preview until the process is stopped (Ctrl+C).
pub fn run(args: ServeArgs) -> ExitCode {
    match start(args) {
        Ok(never) => match never {},
        // Only what stops the preview from starting: a build's errors go to the overlay.
        Err(problems) => {
            let color = color();
            for problem in &problems {
                eprintln!("{}\n", render_diagnostic(problem, color));
            }
            ExitCode::from(2)
        }
    }
}

fn start(args: ServeArgs) -> Result<Infallible, Vec<Diagnostic>> {
    let communes_dir = args.sources.communes;
    let slug = fleet::select_communes(&communes_dir, std::slice::from_ref(&args.commune))
        .map_err(|fleet::FleetError(problems)| problems)?
        .remove(0);
    let settings = Settings {
        communes_dir: communes_dir.clone(),
        theme_dir: args.sources.theme.clone(),
        slug: slug.clone(),
        date: args.sources.date,
        include_drafts: !args.sans_brouillons,
    };
    let server = http::bind(SocketAddr::from(([127, 0, 0, 1], args.port)))?;
    let address = server
        .server_addr()
        .to_ip()
        .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], args.port)));
    // Watch before the first build, so nothing saved while it runs is missed.
    let roots =
        watch::Roots::new(&communes_dir, &slug, &args.sources.theme).map_err(|d| vec![d])?;
    let changes = watch::start(roots)?;
    let mut rebuilder = Rebuilder::new(settings);
    let shared = Arc::new(Shared::new());
    let first = rebuild_and_publish(&mut rebuilder, &shared);
    let server_shared = Arc::clone(&shared);
    std::thread::Builder::new()
        .name("usine-http".into())
        .spawn(move || http::serve(server, &server_shared))
        .map_err(|err| vec![http::startup_error(&err.to_string())])?;
    let state = if shared.current().problems.is_empty() {
        format!("construit en {} ms", first.as_millis())
    } else {
        "le site ne se construit pas encore : corrigez les erreurs ci-dessus".to_owned()
    };
    eprintln!("Aperçu de {slug} : http://{address}/ ({state} ; Ctrl+C pour arrêter)");
    loop {
        let Some(()) = changes.wait() else {
            return Err(vec![
                Diagnostic::error(
                    "apercu.surveillance",
                    "la surveillance des fichiers s'est arrêtée",
                )
                .with_hint("relancez usine serve."),
            ]);
        };
        rebuild_and_publish(&mut rebuilder, &shared);
    }
}

/// One rebuild: publishes the new snapshot (if anything visible changed), tells the browsers,
/// reports on stderr. Returns how long the rebuild took.
fn rebuild_and_publish(rebuilder: &mut Rebuilder, shared: &Shared) -> Duration {
    let started = Instant::now();
    let outcome = rebuilder.rebuild();
    let elapsed = started.elapsed();
    let current = shared.current();
    let next = match outcome {
        Outcome::Built(site) => Preview::built(&current, site),
        Outcome::Failed(problems) => Preview::failed(&current, problems),
    };
    let Some(next) = next else {
        return elapsed;
    };
    let color = color();
    let diagnostics = match warnings(&next) {
        _ if !next.problems.is_empty() => &next.problems[..],
        // Warnings once, not at every save.
        Some(shown) if warnings(&current) != Some(shown) => shown,
        _ => &[],
    };
    for diagnostic in diagnostics {
        eprintln!("{}\n", render_diagnostic(diagnostic, color));
    }
    if !next.problems.is_empty() {
        eprintln!(
            "Le site n'a pas pu être reconstruit : l'aperçu garde la dernière version correcte \
             et affiche les erreurs."
        );
    } else if next.generation > 1 {
        eprintln!("Aperçu mis à jour en {} ms.", elapsed.as_millis());
    }
    shared.publish(next);
    elapsed
}

fn warnings(preview: &Preview) -> Option<&[Diagnostic]> {
    preview.site.as_ref().map(|site| &site.warnings[..])
}

fn color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}
