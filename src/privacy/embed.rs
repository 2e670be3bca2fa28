//! Video and map embeds, shown only when the visitor asks for them.
//!
//! Editors write an embed like an image whose address is the video's or map's page:
//!
//! ```markdown
//! ![Conseil municipal du 12 mars](https://www.youtube.com/watch?v=M7lc1UVf-VE)
//! ![Plan d'accès à la mairie](https://www.openstreetmap.org/?mlat=47.21&mlon=-1.55#map=17/47.21/-1.55)
//! ```
//!
//! When the commune allows the provider (`integrations` in `[vie_privee]`), the check stage
//! replaces the image by a placeholder made of phrasing content only (it sits inside the
//! paragraph of the Markdown image): a notice naming the third party, a link to the content
//! on the provider's site (works without JavaScript), and a hidden button that
//! `themes/commun/static/integrations.js` reveals and turns into the player on click. Nothing
//! is requested from the provider before that click.

use crate::config::EmbedProvider;
use crate::escape::html as escape;

/// What the site says about a provider.
#[derive(Debug, Clone, Copy)]
pub struct ProviderFacts {
    /// As visitors know it: `YouTube`.
    pub name: &'static str,
    /// Who receives the data: `Google Ireland Limited`.
    pub company: &'static str,
    /// Origin of the player frames, for `frame-src`.
    pub frame_origin: &'static str,
    pub privacy_policy: &'static str,
    pub kind: EmbedKind,
    /// Transfers outside the European Union, in French.
    pub transfer: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmbedKind {
    Video,
    Map,
}

impl EmbedKind {
    /// `la vidéo`, `la carte`.
    fn the(self) -> &'static str {
        match self {
            EmbedKind::Video => "la vidéo",
            EmbedKind::Map => "la carte",
        }
    }

    fn noun(self) -> &'static str {
        match self {
            EmbedKind::Video => "Vidéo",
            EmbedKind::Map => "Carte",
        }
    }
}

pub fn facts(provider: EmbedProvider) -> ProviderFacts {
    match provider {
        EmbedProvider::Youtube => ProviderFacts {
            name: "YouTube",
            company: "Google Ireland Limited",
            frame_origin: "https://www.youtube-nocookie.com",
            privacy_policy: "https://policies.google.com/privacy?hl=fr",
            kind: EmbedKind::Video,
            transfer: "Google peut transférer des données aux États-Unis, dans le cadre de protection des données UE–États-Unis.",
        },
        EmbedProvider::Dailymotion => ProviderFacts {
            name: "Dailymotion",
            company: "Dailymotion SA",
            frame_origin: "https://www.dailymotion.com",
            privacy_policy: "https://legal.dailymotion.com/fr/politique-de-confidentialite/",
            kind: EmbedKind::Video,
            transfer: "Dailymotion est établie en France ; ses éventuels transferts sont décrits dans sa politique de confidentialité.",
        },
        EmbedProvider::Vimeo => ProviderFacts {
            name: "Vimeo",
            company: "Vimeo.com, Inc.",
            frame_origin: "https://player.vimeo.com",
            privacy_policy: "https://vimeo.com/privacy",
            kind: EmbedKind::Video,
            transfer: "Vimeo est établie aux États-Unis : vos données y sont transférées, dans le cadre de protection des données UE–États-Unis.",
        },
        EmbedProvider::Openstreetmap => ProviderFacts {
            name: "OpenStreetMap",
            company: "OpenStreetMap Foundation",
            frame_origin: "https://www.openstreetmap.org",
            privacy_policy: "https://osmfoundation.org/wiki/Privacy_Policy",
            kind: EmbedKind::Map,
            transfer: "La fondation OpenStreetMap est établie au Royaume-Uni, couvert par une décision d'adéquation de la Commission européenne.",
        },
    }
}

/// The key editors write in `integrations`.
pub fn key(provider: EmbedProvider) -> &'static str {
    match provider {
        EmbedProvider::Youtube => "youtube",
        EmbedProvider::Dailymotion => "dailymotion",
        EmbedProvider::Vimeo => "vimeo",
        EmbedProvider::Openstreetmap => "openstreetmap",
    }
}

/// Whether `html` may contain an embed: a cheap test, before the rewrite, to link the
/// placeholder stylesheet in the page's head.
pub fn mentions_provider(html: &str) -> bool {
    [
        "youtube.com",
        "youtu.be",
        "youtube-nocookie.com",
        "dailymotion.com",
        "dai.ly",
        "vimeo.com",
        "openstreetmap.org",
    ]
    .iter()
    .any(|host| html.contains(host))
}

/// An embeddable address, understood.
#[derive(Debug, Clone, PartialEq)]
pub struct Embed {
    pub provider: EmbedProvider,
    /// What the player frame loads once the visitor asks for it.
    pub frame: String,
    /// The content on the provider's own site.
    pub page: String,
}

/// The embed `url` points at, if it is a video or map page of a known provider.
pub fn recognise(url: &str) -> Option<Embed> {
    let parts = UrlParts::parse(url)?;
    let host = parts.host.strip_prefix("www.").unwrap_or(&parts.host);
    match host {
        "youtube.com" | "m.youtube.com" | "youtu.be" | "youtube-nocookie.com" => youtube(&parts),
        "dailymotion.com" | "dai.ly" => dailymotion(&parts),
        "vimeo.com" | "player.vimeo.com" => vimeo(&parts),
        "openstreetmap.org" => openstreetmap(&parts),
        _ => None,
    }
}

fn youtube(url: &UrlParts) -> Option<Embed> {
    let segments: Vec<&str> = url.segments().collect();
    let id = match (url.host.as_str(), segments.as_slice()) {
        ("youtu.be", [id, ..]) => *id,
        (_, ["watch"]) => url.query("v")?,
        (_, ["embed" | "shorts" | "live", id, ..]) => *id,
        _ => return None,
    };
    let valid = id.len() == 11
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !valid {
        return None;
    }
    let start = url
        .query("t")
        .or_else(|| url.query("start"))
        .and_then(seconds);
    Some(Embed {
        provider: EmbedProvider::Youtube,
        frame: match start {
            Some(s) => format!("https://www.youtube-nocookie.com/embed/{id}?start={s}"),
            None => format!("https://www.youtube-nocookie.com/embed/{id}"),
        },
        page: match start {
            Some(s) => format!("https://www.youtube.com/watch?v={id}&t={s}s"),
            None => format!("https://www.youtube.com/watch?v={id}"),
        },
    })
}

/// `90`, `90s`, `1m30s`, `1h2m` → seconds.
fn seconds(text: &str) -> Option<u32> {
    if let Ok(s) = text.parse() {
        return Some(s);
    }
    let mut total = 0u32;
    let mut number = 0u32;
    for c in text.chars() {
        match c {
            '0'..='9' => number = number.checked_mul(10)?.checked_add(c.to_digit(10)?)?,
            'h' => (total, number) = (total + number * 3600, 0),
            'm' => (total, number) = (total + number * 60, 0),
            's' => (total, number) = (total + number, 0),
            _ => return None,
        }
    }
    (number == 0).then_some(total)
}

fn dailymotion(url: &UrlParts) -> Option<Embed> {
    let segments: Vec<&str> = url.segments().collect();
    let id = match (url.host.as_str(), segments.as_slice()) {
        ("dai.ly", [id]) => *id,
        (_, ["video", id]) | (_, ["embed", "video", id]) => id.split('_').next()?,
        _ => return None,
    };
    let valid = (5..=20).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric());
    valid.then(|| Embed {
        provider: EmbedProvider::Dailymotion,
        frame: format!("https://www.dailymotion.com/embed/video/{id}"),
        page: format!("https://www.dailymotion.com/video/{id}"),
    })
}

fn vimeo(url: &UrlParts) -> Option<Embed> {
    let segments: Vec<&str> = url.segments().collect();
    let (id, hash) = match (url.host.as_str(), segments.as_slice()) {
        ("player.vimeo.com", ["video", id]) => (*id, url.query("h")),
        ("vimeo.com" | "www.vimeo.com", [id]) => (*id, url.query("h")),
        ("vimeo.com" | "www.vimeo.com", [id, hash]) => (*id, Some(*hash)),
        _ => return None,
    };
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let hash = hash.filter(|h| h.bytes().all(|b| b.is_ascii_alphanumeric()));
    // dnt=1: the player sets no tracking cookie.
    let frame = match hash {
        Some(h) => format!("https://player.vimeo.com/video/{id}?h={h}&dnt=1"),
        None => format!("https://player.vimeo.com/video/{id}?dnt=1"),
    };
    Some(Embed {
        provider: EmbedProvider::Vimeo,
        frame,
        page: match hash {
            Some(h) => format!("https://vimeo.com/{id}/{h}"),
            None => format!("https://vimeo.com/{id}"),
        },
    })
}

fn openstreetmap(url: &UrlParts) -> Option<Embed> {
    let marker = match (url.query("mlat"), url.query("mlon")) {
        (Some(lat), Some(lon)) => Some((lat.parse::<f64>().ok()?, lon.parse::<f64>().ok()?)),
        _ => url.query("marker").and_then(|m| {
            let (lat, lon) = m.split_once(',')?;
            Some((lat.parse().ok()?, lon.parse().ok()?))
        }),
    };
    let (bbox, centre, zoom) = if url.path.trim_end_matches('/') == "/export/embed.html" {
        let values: Vec<f64> = url
            .query("bbox")?
            .split(',')
            .map(str::parse)
            .collect::<Result<_, _>>()
            .ok()?;
        let [west, south, east, north] = values.as_slice() else {
            return None;
        };
        let width = (east - west).abs().max(1e-6);
        let zoom = (360.0 / width).log2().round().clamp(1.0, 19.0) as u8 + 1;
        let centre = ((south + north) / 2.0, (west + east) / 2.0);
        ([*west, *south, *east, *north], centre, zoom)
    } else {
        // `#map=17/47.21/-1.55`, as the site's address bar shows it.
        let map = url.fragment.strip_prefix("map=")?;
        let mut values = map.split('/');
        let zoom: u8 = values.next()?.parse().ok()?;
        let lat: f64 = values.next()?.parse().ok()?;
        let lon: f64 = values.next()?.parse().ok()?;
        let half_width = 360.0 / f64::from(1u32 << zoom.clamp(1, 19));
        let half_height = half_width * lat.to_radians().cos() * 0.75;
        (
            [
                lon - half_width,
                lat - half_height,
                lon + half_width,
                lat + half_height,
            ],
            (lat, lon),
            zoom,
        )
    };
    let in_range =
        |lat: f64, lon: f64| (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon);
    if !in_range(centre.0, centre.1) || marker.is_some_and(|(lat, lon)| !in_range(lat, lon)) {
        return None;
    }
    let bbox = bbox.map(|v| format!("{v:.5}")).join("%2C");
    let mut frame =
        format!("https://www.openstreetmap.org/export/embed.html?bbox={bbox}&layer=mapnik");
    let page = match marker {
        Some((lat, lon)) => {
            frame.push_str(&format!("&marker={lat:.5}%2C{lon:.5}"));
            format!(
                "https://www.openstreetmap.org/?mlat={lat:.5}&mlon={lon:.5}#map={zoom}/{lat:.5}/{lon:.5}"
            )
        }
        None => format!(
            "https://www.openstreetmap.org/#map={zoom}/{:.5}/{:.5}",
            centre.0, centre.1
        ),
    };
    Some(Embed {
        provider: EmbedProvider::Openstreetmap,
        frame,
        page,
    })
}

/// The click-to-load placeholder for `embed`, titled by the image's alternative text.
/// Phrasing content only: it replaces an `<img>` inside a paragraph.
pub fn placeholder(embed: &Embed, title: &str) -> String {
    let facts = facts(embed.provider);
    let title = escape(title.trim());
    let (name, the, anchor) = (facts.name, facts.kind.the(), key(embed.provider));
    format!(
        concat!(
            r#"<span class="integration" data-integration="{anchor}">"#,
            r#"<span class="integration-avertissement">{noun} « {title} », hébergée par {name}. "#,
            r#"L'afficher ici transmet votre adresse IP à {company}, qui peut déposer des cookies "#,
            r#"(<a href="/donnees-personnelles/#integration-{anchor}">en savoir plus sur {name} et vos données</a>).</span> "#,
            r#"<button type="button" class="integration-charger" hidden data-adresse="{frame}" "#,
            r#"data-titre="{noun} : {title} ({name})">Afficher {the} « {title} » ici ({name})</button> "#,
            r#"<a class="integration-lien" href="{page}">Voir {the} « {title} » sur {name}</a>"#,
            r#"</span>"#
        ),
        anchor = anchor,
        noun = facts.kind.noun(),
        title = title,
        name = name,
        company = facts.company,
        frame = escape(&embed.frame),
        the = the,
        page = escape(&embed.page),
    )
}

/// An http(s) URL cut into the parts embeds need.
struct UrlParts {
    host: String,
    path: String,
    query: String,
    fragment: String,
}

impl UrlParts {
    fn parse(url: &str) -> Option<UrlParts> {
        let url = super::decode_entities(url.trim());
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"))?;
        let (rest, fragment) = rest.split_once('#').unwrap_or((rest, ""));
        let (rest, query) = rest.split_once('?').unwrap_or((rest, ""));
        let (host, path) = match rest.find('/') {
            Some(at) => (&rest[..at], &rest[at..]),
            None => (rest, "/"),
        };
        Some(UrlParts {
            host: host.to_ascii_lowercase(),
            path: path.to_owned(),
            query: query.to_owned(),
            fragment: fragment.to_owned(),
        })
    }

    fn segments(&self) -> impl Iterator<Item = &str> {
        self.path.split('/').filter(|s| !s.is_empty())
    }

    fn query(&self, name: &str) -> Option<&str> {
        self.query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value)
            .filter(|value| !value.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn youtube_addresses() {
        for url in [
            "https://www.youtube.com/watch?v=M7lc1UVf-VE",
            "https://youtu.be/M7lc1UVf-VE",
            "https://www.youtube.com/embed/M7lc1UVf-VE",
            "https://m.youtube.com/shorts/M7lc1UVf-VE",
        ] {
            let embed = recognise(url).unwrap_or_else(|| panic!("{url}"));
            assert_eq!(
                embed.frame,
                "https://www.youtube-nocookie.com/embed/M7lc1UVf-VE"
            );
            assert_eq!(embed.page, "https://www.youtube.com/watch?v=M7lc1UVf-VE");
        }
        let timed = recognise("https://youtu.be/M7lc1UVf-VE?t=1m30s").unwrap();
        assert!(timed.frame.ends_with("?start=90"));
        assert!(recognise("https://www.youtube.com/@mairie").is_none());
    }

    #[test]
    fn other_videos_and_maps() {
        let daily = recognise("https://www.dailymotion.com/video/x8abc12_conseil").unwrap();
        assert_eq!(
            daily.frame,
            "https://www.dailymotion.com/embed/video/x8abc12"
        );
        let vimeo = recognise("https://vimeo.com/76979871").unwrap();
        assert_eq!(vimeo.frame, "https://player.vimeo.com/video/76979871?dnt=1");
        let map =
            recognise("https://www.openstreetmap.org/?mlat=47.21&mlon=-1.55#map=17/47.21/-1.55")
                .unwrap();
        assert!(
            map.frame
                .starts_with("https://www.openstreetmap.org/export/embed.html?bbox=")
        );
        assert!(
            map.frame.ends_with("&marker=47.21000%2C-1.55000"),
            "{}",
            map.frame
        );
        let embedded = recognise(
            "https://www.openstreetmap.org/export/embed.html?bbox=-1.56,47.20,-1.54,47.22&layer=mapnik",
        )
        .unwrap();
        assert!(
            embedded
                .page
                .starts_with("https://www.openstreetmap.org/#map=")
        );
        assert!(recognise("https://www.openstreetmap.org/#map=17/147.0/-1.55").is_none());
    }

    #[test]
    fn placeholder_names_the_third_party_and_escapes() {
        let embed = recognise("https://youtu.be/M7lc1UVf-VE").unwrap();
        let html = placeholder(&embed, "Conseil <du> \"12\"");
        assert!(html.contains("hébergée par YouTube"));
        assert!(html.contains("Google Ireland Limited"));
        assert!(html.contains("Conseil &lt;du&gt; &quot;12&quot;"));
        assert!(html.contains(" hidden "));
        assert!(!html.contains("<iframe"));
    }
}
