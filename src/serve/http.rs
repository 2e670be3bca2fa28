//! The preview's HTTP server (tiny_http), bound to 127.0.0.1 only.
//!
//! Routes:
//! - `/_usine/rechargement.js` and `/_usine/apercu.css`: the reload script and the overlay's
//!   style, external files so that they work under the site's strict CSP;
//! - `/_usine/evenements`: the reload events (see `events`), one thread per open page;
//! - `/_usine/etat`: the state of the preview in JSON (generation, files, errors), for tools
//!   and tests;
//! - anything else: a file of the current snapshot, looked up like a static web server would
//!   (`/mairie/` → `mairie/index.html`, unknown → the site's 404 page). HTML gets the overlay.

use std::io::{self, Read};
use std::net::SocketAddr;
use std::sync::Arc;

use tiny_http::{Header, Method, Request, Response, Server, StatusCode};

use crate::diagnostic::Diagnostic;

use super::events;
use super::overlay;
use super::preview::{Body, Preview, Shared};

const SCRIPT: &str = include_str!("assets/rechargement.js");
const STYLE: &str = include_str!("assets/apercu.css");

/// Opens the server on `address`.
pub(crate) fn bind(address: SocketAddr) -> Result<Server, Vec<Diagnostic>> {
    Server::http(address).map_err(|err| {
        let mut message = format!("impossible d'ouvrir l'aperçu sur {address} : {err}");
        let mut cause = err.source();
        while let Some(inner) = cause {
            message.push_str(&format!(" ({inner})"));
            cause = inner.source();
        }
        vec![
            Diagnostic::error("apercu.port", message)
                .with_hint("le port est peut-être déjà pris : choisissez-en un autre avec --port, ou --port 0 pour un port libre."),
        ]
    })
}

/// Answers requests until the process stops.
pub(crate) fn serve(server: Server, shared: &Arc<Shared>) {
    for request in server.incoming_requests() {
        if request.url() == "/_usine/evenements" {
            let shared = Arc::clone(shared);
            let spawned = std::thread::Builder::new()
                .name("usine-evenements".into())
                .spawn(move || open_stream(request, &shared));
            // Without a thread left the page retries on its own (`retry` of the stream).
            drop(spawned);
            continue;
        }
        // A client that went away is not the preview's problem.
        let _ = respond(request, &shared.current());
    }
}

fn open_stream(request: Request, shared: &Shared) {
    // Subscribe first: a snapshot made in between is then both announced and counted.
    let receiver = shared.reloads.subscribe();
    let current = shared.current().generation;
    let _ = events::stream(request.into_writer(), &receiver, current);
}

fn respond(request: Request, preview: &Preview) -> io::Result<()> {
    if !matches!(request.method(), Method::Get | Method::Head) {
        let response = text(
            405,
            "text/plain",
            "méthode non acceptée par l'aperçu".into(),
        );
        return request.respond(response);
    }
    let path = request.url().split(['?', '#']).next().unwrap_or("/");
    let response = match path {
        "/_usine/rechargement.js" => text(200, "text/javascript", SCRIPT.into()),
        "/_usine/apercu.css" => text(200, "text/css", STYLE.into()),
        "/_usine/etat" => text(200, "application/json", state(preview)),
        _ => match decode(path) {
            Some(path) => site_file(preview, &path),
            None => text(400, "text/plain", "adresse invalide".into()),
        },
    };
    request.respond(response)
}

/// A file of the site, or its 404 page.
fn site_file(preview: &Preview, path: &str) -> Response<io::Cursor<Vec<u8>>> {
    let Some(site) = &preview.site else {
        return text(503, "text/html", overlay::waiting_page(preview));
    };
    let rel = path.trim_start_matches('/');
    let wanted = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_owned()
    };
    if let Some(body) = site.files.get(&wanted) {
        return match read(body) {
            Ok(bytes) => file(200, preview, &wanted, bytes),
            // A copied file removed since the snapshot: the next rebuild will say so.
            Err(_) => not_found(preview),
        };
    }
    // `/mairie` → `/mairie/`, as static web servers do for folders.
    if site.files.contains_key(&format!("{rel}/index.html")) {
        let mut response = text(301, "text/plain", String::new());
        if let Ok(header) = Header::from_bytes(&b"Location"[..], format!("/{rel}/").as_bytes()) {
            response.add_header(header);
        }
        return response;
    }
    not_found(preview)
}

fn not_found(preview: &Preview) -> Response<io::Cursor<Vec<u8>>> {
    let page = preview
        .site
        .as_ref()
        .and_then(|site| site.files.get("404.html"))
        .and_then(|body| read(body).ok());
    match page {
        Some(bytes) => file(404, preview, "404.html", bytes),
        None => text(404, "text/plain", "page introuvable".into()),
    }
}

fn read(body: &Body) -> io::Result<Vec<u8>> {
    match body {
        Body::Bytes(bytes) => Ok(bytes.to_vec()),
        Body::File(path) => {
            let mut bytes = Vec::new();
            std::fs::File::open(path)?.read_to_end(&mut bytes)?;
            Ok(bytes)
        }
    }
}

fn file(
    status: u16,
    preview: &Preview,
    rel: &str,
    bytes: Vec<u8>,
) -> Response<io::Cursor<Vec<u8>>> {
    let kind = content_type(rel);
    let bytes = if kind.starts_with("text/html") {
        overlay::inject(&bytes, preview, rel)
    } else {
        bytes
    };
    respond_with(status, kind, bytes)
}

fn text(status: u16, kind: &str, body: String) -> Response<io::Cursor<Vec<u8>>> {
    let kind = format!("{kind}; charset=utf-8");
    respond_with(status, &kind, body.into_bytes())
}

fn respond_with(status: u16, kind: &str, bytes: Vec<u8>) -> Response<io::Cursor<Vec<u8>>> {
    let mut response = Response::from_data(bytes)
        .with_status_code(StatusCode(status))
        // Always a Content-Length: simple clients need no chunk decoding.
        .with_chunked_threshold(usize::MAX);
    for (name, value) in [
        ("Content-Type", kind),
        // The preview changes at every save: never from a cache.
        ("Cache-Control", "no-store"),
        ("X-Content-Type-Options", "nosniff"),
    ] {
        if let Ok(header) = Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            response.add_header(header);
        }
    }
    response
}

fn content_type(path: &str) -> &'static str {
    let extension = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match extension.as_deref() {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("xml") => "application/xml",
        Some("txt") => "text/plain; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("avif") => "image/avif",
        Some("ico") => "image/x-icon",
        Some("pdf") => "application/pdf",
        Some("odt") => "application/vnd.oasis.opendocument.text",
        Some("ods") => "application/vnd.oasis.opendocument.spreadsheet",
        Some("docx") => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        Some("xlsx") => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Some("woff2") => "font/woff2",
        Some("woff") => "font/woff",
        Some("mp4") => "video/mp4",
        Some("mp3") => "audio/mpeg",
        _ => "application/octet-stream",
    }
}

/// Percent-decodes a request path; `None` when it is not UTF-8 or tries to leave the site.
fn decode(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    let path = String::from_utf8(out).ok()?;
    (!path.split('/').any(|part| part == "..")).then_some(path)
}

/// The preview's state for tools: generation, files and the errors of the latest build.
fn state(preview: &Preview) -> String {
    let mut files: Vec<&String> = preview
        .site
        .as_ref()
        .map(|site| site.files.keys().collect())
        .unwrap_or_default();
    files.sort();
    serde_json::json!({
        "generation": preview.generation,
        "construit": preview.site.is_some(),
        "erreurs": preview.problems,
        "fichiers": files,
    })
    .to_string()
}

/// A failure to start the server thread.
pub(crate) fn startup_error(err: &str) -> Diagnostic {
    Diagnostic::error(
        "apercu.demarrage",
        format!("impossible de démarrer l'aperçu : {err}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_paths_and_refuses_to_leave_the_site() {
        assert_eq!(decode("/a%20b/").as_deref(), Some("/a b/"));
        assert_eq!(decode("/%C3%A9t%C3%A9").as_deref(), Some("/été"));
        assert_eq!(decode("/../etc/passwd"), None);
        assert_eq!(decode("/%2e%2e/x"), None);
        assert_eq!(decode("/%zz"), None);
    }
}
