//! Privacy by default: what a commune's site may load, and from where.
//!
//! A built site sets no cookie and makes no request to another origin. The exceptions a
//! commune declares in `[vie_privee]` of `commune.toml` make up its [`Policy`], which drives
//! three things that must agree:
//!
//! 1. the check stage (`check/rewrite.rs`), which refuses any resource from an origin the
//!    policy does not allow and turns embeds into click-to-load placeholders ([`embed`]);
//! 2. the security headers written beside each site ([`headers`]): the Content-Security-Policy
//!    lists exactly the allowed origins;
//! 3. the Données personnelles page (`legal`), which declares one processing per exception.

pub mod embed;
pub mod headers;

use crate::config::{CommuneConfig, EmbedProvider, analytics_origin, parse_origin};

/// Where the theme's scripts live in each site (see `themes/commun/static/`).
pub const EMBED_SCRIPT: &str = "/theme/integrations.js";
pub const EMBED_STYLESHEET: &str = "/theme/integrations.css";
pub const ANALYTICS_SCRIPT: &str = "/theme/mesure-audience.js";

/// What one site may load from other origins. Comparable, so that a cache of checked pages
/// (the preview's) can tell when a change of `[vie_privee]` invalidates them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Policy {
    /// The site's own host (`www.commune.fr`), lowercased; `None` if its URL is unusable.
    pub(crate) site_host: Option<String>,
    /// Origins allowed for any resource, as `https://host[:port]`.
    pub third_parties: Vec<String>,
    /// Providers whose embeds become placeholders.
    pub embeds: Vec<EmbedProvider>,
    pub analytics: Option<AnalyticsSetup>,
    /// `[fonctionnalites] recherche`: the search page runs Pagefind's WebAssembly.
    pub search: bool,
}

/// The self-hosted Matomo of a site.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AnalyticsSetup {
    pub origin: String,
    /// Base URL of the Matomo server, ending with `/`.
    pub base: String,
    pub site_id: u32,
}

impl Policy {
    pub fn new(config: &CommuneConfig) -> Policy {
        let privacy = &config.privacy;
        let mut embeds = privacy.embeds.clone();
        embeds.sort();
        embeds.dedup();
        Policy {
            site_host: host_of_url(&config.identity.url),
            third_parties: privacy
                .third_parties
                .iter()
                .filter_map(|t| parse_origin(&t.origin))
                .collect(),
            embeds,
            analytics: privacy.analytics.as_ref().and_then(|a| {
                let origin = analytics_origin(&a.matomo)?;
                let base = format!("{}/", a.matomo.trim().trim_end_matches('/'));
                Some(AnalyticsSetup {
                    origin,
                    base,
                    site_id: a.site_id,
                })
            }),
            search: config.features.search,
        }
    }

    /// A policy for a site at `https://www.ville.example`, with no exception.
    #[cfg(test)]
    pub(crate) fn for_tests() -> Policy {
        Policy {
            site_host: Some("www.ville.example".to_owned()),
            ..Policy::default()
        }
    }

    /// Where `url` (an attribute value as written in the HTML) leads.
    pub fn target(&self, url: &str) -> Target {
        match classify(url) {
            Target::Origin(origin)
                if self
                    .site_host
                    .as_deref()
                    .is_some_and(|host| host_of_origin(&origin) == host) =>
            {
                Target::Local
            }
            other => other,
        }
    }

    /// Whether resources may come from `origin` (an allowed third party).
    pub fn allows(&self, origin: &str) -> bool {
        self.third_parties.iter().any(|o| o == origin)
    }

    pub fn allows_embed(&self, provider: EmbedProvider) -> bool {
        self.embeds.contains(&provider)
    }
}

/// What a URL points at, for the privacy check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A path of the site itself (relative, absolute path, or the site's own host).
    Local,
    /// Another origin, `scheme://host[:port]`, lowercased.
    Origin(String),
    /// A URL with a scheme that is not http(s): `mailto`, `tel`, `javascript`, `data`...
    Scheme(String),
}

/// Classifies a URL the way a browser would resolve it, without a base: entities decoded,
/// tabs and newlines dropped, backslashes read as slashes, `//host` as another origin.
pub fn classify(raw: &str) -> Target {
    let decoded = decode_entities(raw);
    // Most URLs need no cleaning: keep them borrowed (this runs on every link of every page).
    // Bytes, not chars: both are ASCII, and no byte of another char is either.
    let cleaned: std::borrow::Cow<'_, str> = if decoded.bytes().any(|b| b <= b' ' || b == b'\\') {
        decoded
            .trim_matches(|c: char| c <= ' ')
            .chars()
            .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
            .map(|c| if c == '\\' { '/' } else { c })
            .collect::<String>()
            .into()
    } else {
        decoded
    };
    if let Some(rest) = cleaned.strip_prefix("//") {
        return Target::Origin(format!("https://{}", authority(rest)));
    }
    let Some((scheme, rest)) = cleaned.split_once(':') else {
        return Target::Local;
    };
    let is_scheme = scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !is_scheme {
        // `a/b:c`, `?x=1:2`: a relative URL whose path contains a colon.
        return Target::Local;
    }
    let scheme = scheme.to_ascii_lowercase();
    match scheme.as_str() {
        "http" | "https" => Target::Origin(format!(
            "{scheme}://{}",
            authority(rest.trim_start_matches('/'))
        )),
        _ => Target::Scheme(scheme),
    }
}

/// `host[:port]` at the start of `rest`, lowercased, without user info.
fn authority(rest: &str) -> String {
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let authority = authority.rsplit_once('@').map_or(authority, |(_, a)| a);
    authority.to_ascii_lowercase()
}

fn host_of_origin(origin: &str) -> &str {
    let rest = origin.split_once("://").map_or(origin, |(_, r)| r);
    match rest.rsplit_once(':') {
        Some((host, port)) if port.bytes().all(|b| b.is_ascii_digit()) => host,
        _ => rest,
    }
}

fn host_of_url(url: &str) -> Option<String> {
    match classify(url) {
        Target::Origin(origin) => Some(host_of_origin(&origin).to_owned()),
        _ => None,
    }
}

/// Decodes the character references that can hide a scheme (`&#106;`, `&#x6A`, `&colon;`,
/// `&Tab;`...). Unknown named references are kept as written.
pub fn decode_entities(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('&') {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at + 1..];
        if let Some(number) = rest.strip_prefix('#') {
            let (digits, radix, skip) = match number.strip_prefix(['x', 'X']) {
                Some(hex) => (
                    hex.find(|c: char| !c.is_ascii_hexdigit())
                        .map_or(hex, |end| &hex[..end]),
                    16,
                    2,
                ),
                None => (
                    number
                        .find(|c: char| !c.is_ascii_digit())
                        .map_or(number, |end| &number[..end]),
                    10,
                    1,
                ),
            };
            if !digits.is_empty() {
                let value = u32::from_str_radix(digits, radix).unwrap_or(0xFFFD);
                out.push(char::from_u32(value).unwrap_or('\u{FFFD}'));
                rest = &rest[skip + digits.len()..];
                rest = rest.strip_prefix(';').unwrap_or(rest);
                continue;
            }
        } else {
            let name_end = rest
                .find(|c: char| !c.is_ascii_alphanumeric())
                .unwrap_or(rest.len());
            let replacement = match &rest[..name_end] {
                "amp" | "AMP" => Some('&'),
                "lt" | "LT" => Some('<'),
                "gt" | "GT" => Some('>'),
                "quot" | "QUOT" => Some('"'),
                "apos" => Some('\''),
                "colon" => Some(':'),
                "Tab" => Some('\t'),
                "NewLine" => Some('\n'),
                "sol" => Some('/'),
                "bsol" => Some('\\'),
                "period" => Some('.'),
                "nbsp" => Some('\u{a0}'),
                _ => None,
            };
            if let Some(c) = replacement {
                out.push(c);
                rest = &rest[name_end..];
                rest = rest.strip_prefix(';').unwrap_or(rest);
                continue;
            }
        }
        out.push('&');
    }
    out.push_str(rest);
    out.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_like_a_browser() {
        assert_eq!(classify("/theme/site.css"), Target::Local);
        assert_eq!(classify("photo.jpg"), Target::Local);
        assert_eq!(classify("a/b:c"), Target::Local);
        assert_eq!(
            classify("https://CDN.example:8443/x.js"),
            Target::Origin("https://cdn.example:8443".into())
        );
        assert_eq!(
            classify("//cdn.example/x.js"),
            Target::Origin("https://cdn.example".into())
        );
        assert_eq!(
            classify("/\\cdn.example/x.js"),
            Target::Origin("https://cdn.example".into())
        );
        assert_eq!(
            classify(" JaVa&#x09;Script&colon;alert(1)"),
            Target::Scheme("javascript".into())
        );
        assert_eq!(
            classify("&#106;&#97;vascript:x"),
            Target::Scheme("javascript".into())
        );
        assert_eq!(classify("mailto:a@b.fr"), Target::Scheme("mailto".into()));
    }

    #[test]
    fn the_site_host_is_local() {
        let policy = Policy {
            site_host: Some("www.ville.fr".into()),
            ..Policy::default()
        };
        assert_eq!(
            policy.target("https://www.ville.fr/logo.png"),
            Target::Local
        );
        assert_eq!(
            policy.target("https://ville.fr/logo.png"),
            Target::Origin("https://ville.fr".into())
        );
    }
}
