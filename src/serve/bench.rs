//! `usine bench-serve`: how long an editor waits between saving a file and seeing the page.
//!
//! For each size, it generates a synthetic commune (the generator of `usine bench`), starts
//! `usine serve` on it as a child process, listens to its reload events like a browser does,
//! then saves pages one after the other. Each measure runs from the write of the file to the
//! reload event, then to the new page fetched (what the browser does next). Two kinds of edit:
//! the text of a page (one page changes), and its title (its section's listing and the plan du
//! site change too). Targets (issue #6): median under 150 ms at 500 pages, under 500 ms at
//! 2,000 pages.

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use clap::Args;

/// Options of `usine bench-serve`.
#[derive(Args)]
pub struct BenchServeArgs {
    /// Dossier de travail (les communes synthétiques y sont gardées d'une fois sur l'autre).
    #[arg(long, value_name = "DOSSIER", default_value = "target/bench-serve")]
    dir: PathBuf,
    /// Dossier du thème.
    #[arg(long, value_name = "DOSSIER", default_value = "themes/commun")]
    theme: PathBuf,
    /// Tailles des communes mesurées, en pages.
    #[arg(long, value_name = "PAGES", value_delimiter = ',', default_values_t = [500, 2000])]
    pages: Vec<usize>,
    /// Modifications mesurées par taille et par sorte de modification.
    #[arg(long, value_name = "N", default_value_t = 15)]
    edits: usize,
}

/// How long to wait for anything before giving up: far above any expected latency.
const TIMEOUT: Duration = Duration::from_secs(60);

#[derive(Clone, Copy)]
enum Edit {
    Text,
    Title,
}

impl Edit {
    fn name(self) -> &'static str {
        match self {
            Edit::Text => "texte d'une page",
            Edit::Title => "titre d'une page",
        }
    }
}

pub fn run(args: &BenchServeArgs) -> ExitCode {
    println!(
        "{:<8} {:<18} {:>14} {:>14} {:>10} {:>10}",
        "pages", "modification", "médiane (évt)", "médiane (page)", "p90 (page)", "max (page)"
    );
    for &pages in &args.pages {
        if let Err(err) = run_size(args, pages) {
            eprintln!("échec de la mesure sur {pages} pages : {err}");
            return ExitCode::from(2);
        }
    }
    println!("objectif : médiane (page) < 150 ms à 500 pages, < 500 ms à 2 000 pages.");
    ExitCode::SUCCESS
}

fn run_size(args: &BenchServeArgs, pages: usize) -> Result<(), String> {
    let communes = args.dir.join(pages.to_string()).join("communes");
    let root = communes.join("synthetique-000");
    crate::bench::ensure_communes(&communes, 1, pages)?;
    let mut server = Server::start(&communes, &args.theme)?;
    let result = (|| {
        let state = get(server.address, "/_usine/etat")?;
        if !state.contains("\"erreurs\":[]") || !state.contains("\"construit\":true") {
            return Err(format!(
                "la commune synthétique ne se construit pas : {state}"
            ));
        }
        let mut events = server.events()?;
        for edit in [Edit::Text, Edit::Title] {
            let mut to_event = Vec::new();
            let mut to_page = Vec::new();
            for n in 0..args.edits {
                let (event, page) = measure(&server, &mut events, &root, edit, n)?;
                to_event.push(event);
                to_page.push(page);
            }
            println!(
                "{:<8} {:<18} {:>11} ms {:>11} ms {:>7} ms {:>7} ms",
                pages,
                edit.name(),
                percentile(&mut to_event, 50),
                percentile(&mut to_page, 50),
                percentile(&mut to_page, 90),
                percentile(&mut to_page, 100),
            );
        }
        Ok(())
    })();
    server.stop();
    result
}

/// One edit: (ms to the reload event, ms to the new page fetched).
fn measure(
    server: &Server,
    events: &mut Events,
    root: &Path,
    edit: Edit,
    n: usize,
) -> Result<(u128, u128), String> {
    // Spread over pages of one section, each edited again every few rounds.
    let page = n % 5;
    let path = root.join(format!("contenu/mairie/page-{page}.md"));
    let text = fs::read_to_string(&path).map_err(|e| e.to_string())?;
    // Unique to this run: saving what a file already holds would change nothing.
    let kind = match edit {
        Edit::Text => "texte",
        Edit::Title => "titre",
    };
    let marker = format!("mesure-{kind}-{n}-{}", std::process::id());
    let edited = match edit {
        Edit::Text => {
            let body = text.split("\nModifié : ").next().unwrap_or(&text);
            format!("{}\nModifié : {marker}.\n", body.trim_end())
        }
        Edit::Title => {
            let start = text.find("titre = \"").ok_or("titre introuvable")? + 9;
            let end = start + text[start..].find('"').ok_or("titre non fermé")?;
            format!("{}{marker}{}", &text[..start], &text[end..])
        }
    };
    let started = Instant::now();
    fs::write(&path, edited).map_err(|e| e.to_string())?;
    // A save is not atomic: a rebuild may see the file half written, and fail. What counts is
    // the first reload that shows the new page.
    loop {
        events.next_reload()?;
        let to_event = started.elapsed().as_millis();
        let html = get(server.address, &format!("/mairie/page-{page}/"))?;
        if html.contains(&marker) {
            return Ok((to_event, started.elapsed().as_millis()));
        }
        if started.elapsed() > TIMEOUT {
            return Err(format!("la page rechargée ne montre pas « {marker} »"));
        }
    }
}

fn percentile(values: &mut [u128], pct: usize) -> u128 {
    values.sort_unstable();
    let index = (values.len() * pct / 100).min(values.len().saturating_sub(1));
    values.get(index).copied().unwrap_or(0)
}

/// `usine serve` running as a child process.
struct Server {
    child: Child,
    address: SocketAddr,
}

impl Server {
    fn start(communes: &Path, theme: &Path) -> Result<Server, String> {
        let exe = std::env::current_exe().map_err(|e| e.to_string())?;
        let mut child = Command::new(exe)
            .arg("serve")
            .arg("synthetique-000")
            .arg("--communes")
            .arg(communes)
            .arg("--theme")
            .arg(theme)
            .args(["--port", "0", "--date", "2026-11-23"])
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| e.to_string())?;
        let stderr = child.stderr.take().ok_or("pas de sortie d'erreur")?;
        let (sender, receiver) = mpsc::channel();
        // Keep reading stderr for the whole run: a full pipe would block the server.
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(address) = served_address(&line) {
                    let _ = sender.send(address);
                }
            }
        });
        match receiver.recv_timeout(TIMEOUT) {
            Ok(address) => Ok(Server { child, address }),
            Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                Err("usine serve n'a pas annoncé son adresse".into())
            }
        }
    }

    fn events(&self) -> Result<Events, String> {
        Events::connect(self.address)
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The address in the line `usine serve` prints when ready: `… http://127.0.0.1:PORT/ …`.
fn served_address(line: &str) -> Option<SocketAddr> {
    let start = line.find("http://")? + 7;
    let end = start + line[start..].find('/')?;
    line[start..end].parse().ok()
}

/// A reader of the preview's reload events, as a browser's `EventSource`.
struct Events {
    reader: BufReader<TcpStream>,
    generation: u64,
}

impl Events {
    fn connect(address: SocketAddr) -> Result<Events, String> {
        let mut stream = TcpStream::connect(address).map_err(|e| e.to_string())?;
        stream
            .set_read_timeout(Some(TIMEOUT))
            .map_err(|e| e.to_string())?;
        stream
            .write_all(b"GET /_usine/evenements HTTP/1.1\r\nHost: apercu\r\n\r\n")
            .map_err(|e| e.to_string())?;
        let mut events = Events {
            reader: BufReader::new(stream),
            generation: 0,
        };
        let (name, generation) = events.next_event()?;
        if name != "bonjour" {
            return Err(format!("premier événement inattendu : {name}"));
        }
        events.generation = generation;
        Ok(events)
    }

    /// Waits for a reload to a newer generation.
    fn next_reload(&mut self) -> Result<(), String> {
        let started = Instant::now();
        loop {
            // Keep-alive comments arrive while waiting: the read timeout alone never fires.
            if started.elapsed() > TIMEOUT {
                return Err("aucun rechargement annoncé".into());
            }
            let (name, generation) = self.next_event()?;
            if name == "rechargement" && generation > self.generation {
                self.generation = generation;
                return Ok(());
            }
        }
    }

    /// The next event: (name, generation). Skips the response head and comments.
    fn next_event(&mut self) -> Result<(String, u64), String> {
        let mut name = String::new();
        let mut data = String::new();
        loop {
            let mut line = String::new();
            let read = self
                .reader
                .read_line(&mut line)
                .map_err(|e| e.to_string())?;
            if read == 0 {
                return Err("le flux d'événements s'est fermé".into());
            }
            let line = line.trim_end_matches(['\r', '\n']);
            if let Some(value) = line.strip_prefix("event: ") {
                name = value.to_owned();
            } else if let Some(value) = line.strip_prefix("data: ") {
                data = value.to_owned();
            } else if line.is_empty() && !name.is_empty() {
                let generation = data.parse().map_err(|_| format!("donnée « {data} »"))?;
                return Ok((name, generation));
            } else if line.starts_with(':') {
                // A keep-alive comment: let the caller look at its deadline.
                return Ok((String::new(), 0));
            }
        }
    }
}

/// The body of `GET path`, HTTP/1.0 so the server closes the connection after the response.
fn get(address: SocketAddr, path: &str) -> Result<String, String> {
    let mut stream = TcpStream::connect(address).map_err(|e| e.to_string())?;
    stream
        .set_read_timeout(Some(TIMEOUT))
        .map_err(|e| e.to_string())?;
    write!(stream, "GET {path} HTTP/1.0\r\nHost: apercu\r\n\r\n").map_err(|e| e.to_string())?;
    let mut response = Vec::new();
    stream
        .read_to_end(&mut response)
        .map_err(|e| e.to_string())?;
    let response = String::from_utf8_lossy(&response);
    let (head, body) = response
        .split_once("\r\n\r\n")
        .ok_or("réponse sans en-tête")?;
    if !head.starts_with("HTTP/1.1 200") && !head.starts_with("HTTP/1.0 200") {
        return Err(format!(
            "{path} : {}",
            head.lines().next().unwrap_or_default()
        ));
    }
    Ok(body.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_address_line() {
        let line = "Aperçu de ville : http://127.0.0.1:43117/ (construit en 12 ms)";
        assert_eq!(
            served_address(line),
            Some(SocketAddr::from(([127, 0, 0, 1], 43117)))
        );
    }
}
