//! `usine serve` (issue #6): live reload over server-sent events, the French error overlay,
//! and a preview equal to a cold `usine build` after any sequence of changes.
//!
//! Each test starts the real server on a free port (`--port 0`, address read from stderr),
//! waits for events rather than for time, and kills the server when it ends (even on failure).

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::support::{Workspace, code, edit, repo, stderr, tree};

/// Far above any expected wait: only a broken preview reaches it.
const TIMEOUT: Duration = Duration::from_secs(60);

const OVERLAY_START: &str = "<!--usine:apercu-->";
const OVERLAY_END: &str = "<!--/usine:apercu-->";

/// `usine serve` running in a workspace; killed when dropped.
struct Preview {
    child: Child,
    address: SocketAddr,
    log: Arc<Mutex<String>>,
}

impl Preview {
    fn start(ws: &Workspace, slug: &str, extra: &[&str]) -> Preview {
        let mut child = Command::new(env!("CARGO_BIN_EXE_usine"))
            .current_dir(ws.path())
            .args([
                "serve",
                slug,
                "--port",
                "0",
                "--date",
                "2026-11-23",
                "--theme",
            ])
            .arg(repo().join("themes/commun"))
            .args(extra)
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start usine serve");
        let stderr = child.stderr.take().unwrap();
        let log = Arc::new(Mutex::new(String::new()));
        let (sender, receiver) = mpsc::channel();
        let kept = Arc::clone(&log);
        // Read stderr until the server dies: a full pipe would block it.
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(address) = address_in(&line) {
                    let _ = sender.send(address);
                }
                kept.lock().unwrap().push_str(&(line + "\n"));
            }
        });
        let address = match receiver.recv_timeout(TIMEOUT) {
            Ok(address) => address,
            Err(_) => {
                let _ = child.kill();
                panic!("no address on stderr:\n{}", log.lock().unwrap());
            }
        };
        Preview {
            child,
            address,
            log,
        }
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// Waits until the server's stderr holds `needle`: the reader thread may lag behind the
    /// page; fails after [`TIMEOUT`].
    fn wait_for_log(&self, needle: &str) {
        let deadline = Instant::now() + TIMEOUT;
        while !self.log().contains(needle) {
            assert!(
                Instant::now() < deadline,
                "the server never said {needle:?}; it said:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn events(&self) -> Events {
        Events::connect(self.address)
    }

    fn get(&self, path: &str) -> Fetched {
        get(self.address, path)
    }

    /// The page at `path` once a reload shows `marker` in it; fails after [`TIMEOUT`].
    fn reload_until(&self, events: &mut Events, path: &str, marker: &str) -> Fetched {
        self.reload_until_page(events, path, |html| html.contains(marker))
    }

    /// The page at `path` after the first reload where `wanted` holds for it.
    fn reload_until_page(
        &self,
        events: &mut Events,
        path: &str,
        wanted: impl Fn(&str) -> bool,
    ) -> Fetched {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            assert!(
                Instant::now() < deadline,
                "{path} never became as expected; server said:\n{}",
                self.log()
            );
            events.next_reload(&self.log());
            let page = self.get(path);
            if wanted(&page.text()) {
                return page;
            }
        }
    }
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn address_in(line: &str) -> Option<SocketAddr> {
    let start = line.find("http://")? + 7;
    let end = start + line[start..].find('/')?;
    line[start..end].parse().ok()
}

/// The reload events, read like a browser's `EventSource`.
struct Events {
    lines: Receiver<String>,
    generation: u64,
}

impl Events {
    fn connect(address: SocketAddr) -> Events {
        let mut stream = TcpStream::connect(address).unwrap();
        stream
            .write_all(b"GET /_usine/evenements HTTP/1.1\r\nHost: apercu\r\n\r\n")
            .unwrap();
        let (sender, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        let mut events = Events {
            lines,
            generation: 0,
        };
        let (name, generation) = events.next_event("");
        assert_eq!(name, "bonjour");
        events.generation = generation;
        events
    }

    /// Waits for `rechargement` to a newer generation.
    fn next_reload(&mut self, log: &str) {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            assert!(Instant::now() < deadline, "no reload; server said:\n{log}");
            let (name, generation) = self.next_event(log);
            if name == "rechargement" && generation > self.generation {
                self.generation = generation;
                return;
            }
        }
    }

    fn next_event(&mut self, log: &str) -> (String, u64) {
        let (mut name, mut data) = (String::new(), String::new());
        // A deadline, not a timeout per line: keep-alive comments come every 15 s.
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let line = self
                .lines
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                .unwrap_or_else(|_| panic!("no reload event; server said:\n{log}"));
            if let Some(value) = line.strip_prefix("event: ") {
                name = value.to_owned();
            } else if let Some(value) = line.strip_prefix("data: ") {
                data = value.to_owned();
            } else if line.is_empty() && !name.is_empty() {
                return (name, data.parse().unwrap());
            }
        }
    }
}

struct Fetched {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Fetched {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// `GET path` in HTTP/1.0: the server closes the connection after the response.
fn get(address: SocketAddr, path: &str) -> Fetched {
    let mut stream = TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(TIMEOUT)).unwrap();
    write!(stream, "GET {path} HTTP/1.0\r\nHost: apercu\r\n\r\n").unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let split = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("response head");
    let head = String::from_utf8_lossy(&response[..split]).into_owned();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    Fetched {
        status,
        head,
        body: response[split + 4..].to_vec(),
    }
}

/// The page without the block the preview injects as it serves it.
fn without_overlay(body: &[u8]) -> Vec<u8> {
    let find = |needle: &[u8]| body.windows(needle.len()).position(|w| w == needle);
    match (find(OVERLAY_START.as_bytes()), find(OVERLAY_END.as_bytes())) {
        (Some(start), Some(end)) => {
            let mut out = body[..start].to_vec();
            out.extend_from_slice(&body[end + OVERLAY_END.len()..]);
            out
        }
        _ => body.to_vec(),
    }
}

#[test]
fn saving_a_page_reloads_the_browser_with_the_new_page() {
    let ws = Workspace::new();
    ws.add_commune("ville");
    let preview = Preview::start(&ws, "ville", &[]);
    assert_eq!(preview.address.ip().to_string(), "127.0.0.1");
    let mut events = preview.events();
    let home = preview.get("/");
    assert_eq!(home.status, 200);
    assert!(home.text().contains("/_usine/rechargement.js"));

    edit(
        &ws.commune("ville").join("contenu/_index.md"),
        "Bienvenue",
        "Bonjour et bienvenue",
    );
    // A save is not atomic: a rebuild may catch the file half written and show an error
    // first. The reload that matters is the one that shows the new text.
    let home = preview.reload_until(&mut events, "/", "Bonjour et bienvenue");
    assert_eq!(home.status, 200);
    assert!(home.head.contains("no-store"));

    let script = preview.get("/_usine/rechargement.js");
    assert_eq!(script.status, 200);
    assert!(
        script
            .text()
            .contains("EventSource(\"/_usine/evenements\")")
    );
    assert!(script.head.contains("text/javascript"));
    assert_eq!(preview.get("/page-qui-n-existe-pas/").status, 404);
}

#[test]
fn broken_front_matter_shows_the_overlay_over_the_last_good_page() {
    let ws = Workspace::new();
    let ville = ws.add_commune("ville");
    let page = ville.join("contenu/mairie/horaires.md");
    let preview = Preview::start(&ws, "ville", &[]);
    let mut events = preview.events();

    edit(&page, "ordre = 1", "ordre = un");
    let broken = preview.reload_until(&mut events, "/mairie/horaires/", "usine-erreurs");
    let html = broken.text();
    assert_eq!(broken.status, 200);
    // The last good page stays, under the errors: file and line, message, hint, in French.
    assert!(html.contains("Horaires d&#39;ouverture") || html.contains("Horaires d'ouverture"));
    assert!(
        html.contains("<code>communes/ville/contenu/mairie/horaires.md:3:"),
        "{html}"
    );
    assert!(html.contains("Conseil :"), "{html}");
    preview.wait_for_log("communes/ville/contenu/mairie/horaires.md:3");

    // Fixed: the overlay goes away, the page and its accessibility panel stay.
    edit(&page, "ordre = un", "ordre = 2");
    let fixed = preview.reload_until_page(&mut events, "/mairie/horaires/", |html| {
        !html.contains("usine-erreurs")
    });
    assert!(fixed.text().contains("usine-accessibilite"));
    assert!(
        preview
            .get("/_usine/etat")
            .text()
            .contains("\"erreurs\":[]")
    );
}

#[test]
fn preview_equals_a_cold_build_after_edits_creations_renames_and_deletions() {
    let ws = Workspace::new();
    let ville = ws.add_commune("ville");
    let contenu = ville.join("contenu");
    // Without drafts, the preview must be the published site itself. (With drafts, the
    // default, it is compared with a cold build that includes them: `serve::rebuild` tests.)
    let preview = Preview::start(&ws, "ville", &["--sans-brouillons"]);
    let mut events = preview.events();

    type Step<'a> = (&'a str, Box<dyn Fn() + 'a>);
    let steps: Vec<Step<'_>> = vec![
        (
            "edit",
            Box::new(|| {
                edit(
                    &contenu.join("mairie/horaires.md"),
                    "le matin",
                    "le matin et le samedi",
                )
            }),
        ),
        (
            "link a document",
            Box::new(|| {
                fs::write(contenu.join("mairie/budget.pdf"), vec![b'%'; 1_000]).unwrap();
                edit(
                    &contenu.join("mairie/horaires.md"),
                    "Voir aussi",
                    "Lire [le budget](budget.pdf). Voir aussi",
                )
            }),
        ),
        (
            "create a page",
            Box::new(|| {
                fs::write(
                    contenu.join("mairie/conseil.md"),
                    "+++\ntitre = \"Conseil municipal\"\nordre = 2\n+++\n\nLe conseil se réunit chaque mois.\n",
                )
                .unwrap()
            }),
        ),
        (
            "create a section",
            Box::new(|| {
                fs::create_dir_all(contenu.join("vie-pratique")).unwrap();
                fs::write(
                    contenu.join("vie-pratique/_index.md"),
                    "+++\ntitre = \"Vie pratique\"\n+++\n\nTout pour le quotidien.\n",
                )
                .unwrap();
                fs::write(
                    contenu.join("vie-pratique/marche.md"),
                    "+++\ntitre = \"Marché\"\ndate = 2026-10-01\n+++\n\nLe marché a lieu le jeudi.\n",
                )
                .unwrap();
            }),
        ),
        (
            "tagged news (issue #7)",
            Box::new(|| {
                fs::create_dir_all(contenu.join("actualites")).unwrap();
                fs::write(
                    contenu.join("actualites/_index.md"),
                    "+++\ntitre = \"Actualités\"\n+++\n",
                )
                .unwrap();
                fs::write(
                    contenu.join("actualites/rue-haute.md"),
                    "+++\ntitre = \"Rue Haute\"\ndate = 2026-11-02\netiquettes = [\"Travaux\", \"Voirie\"]\n+++\n\nLa rue est fermée.\n",
                )
                .unwrap();
            }),
        ),
        (
            // Only a tag changes: the tag pages and every listing must follow.
            "change a tag",
            Box::new(|| {
                edit(
                    &contenu.join("actualites/rue-haute.md"),
                    "\"Voirie\"",
                    "\"Écoles\"",
                )
            }),
        ),
        (
            "draft (absent from both)",
            Box::new(|| {
                fs::write(
                    contenu.join("mairie/projet.md"),
                    "+++\ntitre = \"Projet\"\nbrouillon = true\n+++\n\nPas encore.\n",
                )
                .unwrap()
            }),
        ),
        (
            "rename",
            Box::new(|| {
                fs::rename(
                    contenu.join("mairie/horaires.md"),
                    contenu.join("mairie/ouverture.md"),
                )
                .unwrap()
            }),
        ),
        (
            "break",
            Box::new(|| {
                edit(
                    &contenu.join("mairie/conseil.md"),
                    "ordre = 2",
                    "ordre = deux",
                )
            }),
        ),
        (
            "fix",
            Box::new(|| {
                edit(
                    &contenu.join("mairie/conseil.md"),
                    "ordre = deux",
                    "ordre = 3",
                )
            }),
        ),
        (
            // Same pages, same HTML rendered: only the size shown beside the link changes.
            "replace the document",
            Box::new(|| fs::write(contenu.join("mairie/budget.pdf"), vec![b'%'; 90_000]).unwrap()),
        ),
        (
            "delete",
            Box::new(|| fs::remove_file(contenu.join("vie-pratique/marche.md")).unwrap()),
        ),
        (
            "configuration",
            Box::new(|| {
                edit(
                    &ville.join("commune.toml"),
                    "01 23 45 67 89",
                    "01 98 76 54 32",
                )
            }),
        ),
        (
            "publish the draft",
            Box::new(|| edit(&contenu.join("mairie/projet.md"), "brouillon = true", "")),
        ),
    ];
    for (n, (what, step)) in steps.iter().enumerate() {
        step();
        if *what == "break" {
            // The build fails: the preview keeps the last good site and shows the error.
            preview.reload_until(&mut events, "/", "usine-erreurs");
            let state = preview.get("/_usine/etat").text();
            assert!(state.contains("conseil.md"), "{state}");
            continue;
        }
        // Then a marker on the home page: once a reload shows it, the preview was rebuilt
        // after the step was complete, whatever events the step made.
        let marker = format!("Étape {n}");
        let home = contenu.join("_index.md");
        let text = fs::read_to_string(&home).unwrap();
        let body = text
            .split("\n\nÉtape ")
            .next()
            .unwrap()
            .trim_end()
            .to_owned();
        fs::write(&home, format!("{body}\n\n{marker} : {what}.\n")).unwrap();
        preview.reload_until(&mut events, "/", &marker);
        let state = preview.get("/_usine/etat").text();
        assert!(state.contains("\"erreurs\":[]"), "{what}: {state}");
        assert_same_as_cold_build(&ws, &preview, what);
        if *what == "change a tag" {
            assert_eq!(preview.get("/actualites/etiquettes/ecoles/").status, 200);
            assert_eq!(preview.get("/actualites/etiquettes/voirie/").status, 404);
        }
    }
}

/// Every file of a cold `usine build` is served with the same bytes, and nothing else is.
fn assert_same_as_cold_build(ws: &Workspace, preview: &Preview, step: &str) {
    let out = ws.path().join("public");
    let _ = fs::remove_dir_all(&out);
    let build = ws.usine(&["build", "--out", out.to_str().unwrap()]);
    assert_eq!(code(&build), 0, "{step}: {}", stderr(&build));
    let cold = tree(&out.join("ville"));
    let state: serde_json::Value =
        serde_json::from_slice(&preview.get("/_usine/etat").body).expect("state in JSON");
    let served_paths: Vec<String> = state["fichiers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_owned())
        .collect();
    let cold_paths: Vec<String> = cold.iter().map(|(p, _)| p.clone()).collect();
    assert_eq!(served_paths, cold_paths, "{step}: not the same files");
    for (path, bytes) in &cold {
        let served = preview.get(&format!("/{path}"));
        assert_eq!(served.status, 200, "{step}: {path}");
        assert!(
            without_overlay(&served.body) == *bytes,
            "{step}: {path} differs from the cold build"
        );
    }
}

#[test]
fn unknown_commune_suggests_the_right_one() {
    let ws = Workspace::new();
    ws.add_commune("ville");
    let output = Command::new(env!("CARGO_BIN_EXE_usine"))
        .current_dir(ws.path())
        .args(["serve", "vile", "--port", "0"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(code(&output), 2);
    assert!(stderr(&output).contains("vouliez-vous dire « ville »"));
}
