//! Reload events: every new snapshot is announced to the open pages over server-sent events.
//!
//! The stream of `GET /_usine/evenements` starts with `bonjour` carrying the current
//! generation, then sends `rechargement` with each new one. The page knows the generation it
//! was served with (see `overlay`), so a snapshot made between its loading and its connecting
//! is not missed: it reloads as soon as the two differ. A comment line every
//! [`KEEP_ALIVE`] finds out browsers that went away.

use std::io::{self, Write};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

/// How often an idle stream gets a comment line.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// The pages waiting for the next snapshot.
#[derive(Default)]
pub(crate) struct Reloads {
    subscribers: Mutex<Vec<Sender<u64>>>,
}

impl Reloads {
    /// A new listener; it receives every generation announced from now on.
    pub(crate) fn subscribe(&self) -> Receiver<u64> {
        let (sender, receiver) = mpsc::channel();
        self.lock().push(sender);
        receiver
    }

    /// Tells every listener; forgets those whose stream has ended.
    pub(crate) fn announce(&self, generation: u64) {
        self.lock()
            .retain(|subscriber| subscriber.send(generation).is_ok());
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Sender<u64>>> {
        self.subscribers
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

/// The response head of an event stream. Written by hand because tiny_http buffers chunked
/// bodies: the connection is closed at the end instead, so no length or chunking is needed.
pub(crate) const STREAM_HEAD: &str = "HTTP/1.1 200 OK\r\n\
    Content-Type: text/event-stream; charset=utf-8\r\n\
    Cache-Control: no-store\r\n\
    Connection: close\r\n\
    X-Content-Type-Options: nosniff\r\n\r\n";

/// One event in the `text/event-stream` format.
pub(crate) fn event(name: &str, generation: u64) -> String {
    format!("event: {name}\ndata: {generation}\n\n")
}

/// Sends events to one page until it goes away (a write fails) or the server stops.
pub(crate) fn stream(
    mut writer: impl Write,
    receiver: &Receiver<u64>,
    current: u64,
) -> io::Result<()> {
    writer.write_all(STREAM_HEAD.as_bytes())?;
    // `retry`: reconnect quickly after the preview is restarted.
    write!(writer, "retry: 500\n{}", event("bonjour", current))?;
    writer.flush()?;
    loop {
        match receiver.recv_timeout(KEEP_ALIVE) {
            Ok(generation) => writer.write_all(event("rechargement", generation).as_bytes())?,
            Err(RecvTimeoutError::Timeout) => writer.write_all(b": en attente\n\n")?,
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        }
        writer.flush()?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn announces_reach_subscribers_and_forget_the_gone() {
        let reloads = Reloads::default();
        let kept = reloads.subscribe();
        drop(reloads.subscribe());
        reloads.announce(7);
        assert_eq!(kept.recv().unwrap(), 7);
        assert_eq!(reloads.lock().len(), 1);
    }

    #[test]
    fn stream_starts_with_the_current_generation() {
        let (sender, receiver) = mpsc::channel();
        sender.send(4).unwrap();
        drop(sender);
        let mut out = Vec::new();
        stream(&mut out, &receiver, 3).unwrap();
        let text = String::from_utf8(out).unwrap();
        let body = text.split("\r\n\r\n").nth(1).unwrap();
        assert_eq!(
            body,
            "retry: 500\nevent: bonjour\ndata: 3\n\nevent: rechargement\ndata: 4\n\n"
        );
    }
}
