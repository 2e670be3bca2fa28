//! The security headers of a published site, for the metropole's web server.
//!
//! Each site gets, at its root, the same headers in two formats:
//! - `_nginx.conf`: `add_header` lines to include in the site's `server` block, plus rules that
//!   never serve the build's work folder (`/.usine/`) nor these two files;
//! - `_headers`: the format of Netlify and Cloudflare Pages, which consume it.
//!
//! The Content-Security-Policy allows the site's own origin and, only when `[vie_privee]`
//! declares them, the allowed third parties, the embed players and the Matomo server. It
//! forbids inline scripts and styles: the theme uses neither (the check stage refuses them).
//! With search on, `script-src` adds `'wasm-unsafe-eval'`: Pagefind compiles its WebAssembly
//! (the site's own file) in the browser. It allows no `eval` of JavaScript; the index files
//! and the worker come from the site itself (`'self'`).

use std::path::PathBuf;

use super::Policy;
use super::embed::facts;
use crate::minify::OutputFile;
use crate::model::Site;

pub const NGINX_FILE: &str = "_nginx.conf";
pub const HEADERS_FILE: &str = "_headers";

/// One year; without `includeSubDomains`, which would also force HTTPS on every other
/// service of the commune's domain.
const HSTS: &str = "max-age=31536000";
const REFERRER_POLICY: &str = "strict-origin-when-cross-origin";

/// The two header files of `site`.
pub fn files(site: &Site) -> Vec<OutputFile> {
    let policy = Policy::new(&site.config);
    let headers = headers(&policy);
    let name = &site.config.identity.name;
    let mut nginx = format!(
        "# En-têtes de sécurité du site de {name}, générés par Usine à sites : ne pas modifier.\n\
         # À inclure dans le bloc « server » du site : include /chemin/de/publication/{slug}/{NGINX_FILE};\n\
         # Un bloc « location » qui contient lui-même un add_header n'hérite plus de ces lignes.\n",
        slug = site.slug
    );
    for (header, value) in &headers {
        nginx.push_str(&nginx_header(header, value));
    }
    nginx.push_str(&format!(
        "server_tokens off;\n\
         error_page 404 /404.html;\n\
         # Dossier de travail de la construction et fichiers de configuration : jamais servis.\n\
         location ^~ /.usine/ {{ deny all; }}\n\
         location = /{HEADERS_FILE} {{ deny all; }}\n\
         location = /{NGINX_FILE} {{ deny all; }}\n"
    ));
    let mut netlify = format!(
        "# En-têtes de sécurité du site de {name}, générés par Usine à sites (voir aussi {NGINX_FILE}).\n/*\n"
    );
    for (header, value) in &headers {
        netlify.push_str(&format!("  {header}: {value}\n"));
    }
    vec![
        OutputFile {
            path: PathBuf::from(NGINX_FILE),
            bytes: nginx.into_bytes(),
        },
        OutputFile {
            path: PathBuf::from(HEADERS_FILE),
            bytes: netlify.into_bytes(),
        },
    ]
}

/// One `add_header` line; quotes inside the value are escaped for nginx.
fn nginx_header(header: &str, value: &str) -> String {
    let value = value.replace('\\', "\\\\").replace('"', "\\\"");
    format!("add_header {header} \"{value}\" always;\n")
}

/// Every header, in a stable order.
pub fn headers(policy: &Policy) -> Vec<(&'static str, String)> {
    vec![
        ("Content-Security-Policy", content_security_policy(policy)),
        ("Strict-Transport-Security", HSTS.to_owned()),
        ("X-Content-Type-Options", "nosniff".to_owned()),
        ("Referrer-Policy", REFERRER_POLICY.to_owned()),
        ("Permissions-Policy", permissions_policy(policy)),
        ("X-Frame-Options", "DENY".to_owned()),
        ("Cross-Origin-Opener-Policy", "same-origin".to_owned()),
    ]
}

/// `default-src 'self'`, plus the declared exceptions, each only where it is needed.
pub fn content_security_policy(policy: &Policy) -> String {
    let third: Vec<&str> = policy.third_parties.iter().map(String::as_str).collect();
    let analytics: Vec<&str> = policy.analytics.iter().map(|a| a.origin.as_str()).collect();
    let frames: Vec<&str> = policy
        .embeds
        .iter()
        .map(|&p| facts(p).frame_origin)
        .chain(third.iter().copied())
        .collect();
    let list = |base: &[&str], extra: &[&[&str]]| -> String {
        let mut items: Vec<&str> = base.to_vec();
        for group in extra {
            for item in *group {
                if !items.contains(item) {
                    items.push(item);
                }
            }
        }
        items.join(" ")
    };
    let own = ["'self'"];
    let wasm: &[&str] = if policy.search {
        &["'wasm-unsafe-eval'"]
    } else {
        &[]
    };
    let directives = [
        ("default-src", list(&own, &[&third])),
        ("script-src", list(&own, &[wasm, &third, &analytics])),
        ("style-src", list(&own, &[&third])),
        ("img-src", list(&own, &[&third, &analytics])),
        ("font-src", list(&own, &[&third])),
        ("media-src", list(&own, &[&third])),
        ("connect-src", list(&own, &[&third, &analytics])),
        (
            "frame-src",
            if frames.is_empty() {
                "'none'".to_owned()
            } else {
                list(&[], &[&frames])
            },
        ),
        ("object-src", "'none'".to_owned()),
        ("base-uri", "'self'".to_owned()),
        ("form-action", "'self'".to_owned()),
        ("frame-ancestors", "'none'".to_owned()),
    ];
    let mut csp: Vec<String> = directives
        .iter()
        .map(|(name, value)| format!("{name} {value}"))
        .collect();
    csp.push("upgrade-insecure-requests".to_owned());
    csp.join("; ")
}

fn permissions_policy(policy: &Policy) -> String {
    let mut fullscreen = vec!["self".to_owned()];
    fullscreen.extend(
        policy
            .embeds
            .iter()
            .map(|&p| format!("\"{}\"", facts(p).frame_origin)),
    );
    format!(
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), fullscreen=({})",
        fullscreen.join(" ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::EmbedProvider;

    #[test]
    fn nginx_values_are_quoted() {
        let policy = Policy {
            embeds: vec![EmbedProvider::Vimeo],
            ..Policy::for_tests()
        };
        let value = permissions_policy(&policy);
        assert!(value.ends_with("fullscreen=(self \"https://player.vimeo.com\")"));
        assert!(
            nginx_header("Permissions-Policy", &value)
                .ends_with("fullscreen=(self \\\"https://player.vimeo.com\\\")\" always;\n")
        );
    }

    #[test]
    fn default_policy_allows_only_the_site() {
        let csp = content_security_policy(&Policy::default());
        assert!(csp.starts_with("default-src 'self'; script-src 'self'; style-src 'self';"));
        assert!(csp.contains("frame-src 'none'"));
        assert!(csp.contains("frame-ancestors 'none'"));
        assert!(!csp.contains("unsafe"));
    }

    /// Search needs WebAssembly, and nothing else: no `'unsafe-eval'`, no `'unsafe-inline'`,
    /// and nowhere but `script-src`.
    #[test]
    fn search_allows_webassembly_only() {
        let csp = content_security_policy(&Policy {
            search: true,
            ..Policy::for_tests()
        });
        assert!(csp.contains("; script-src 'self' 'wasm-unsafe-eval'; style-src 'self';"));
        assert_eq!(csp.matches("unsafe").count(), 1, "{csp}");
        let without = content_security_policy(&Policy::for_tests());
        assert_eq!(csp.replace(" 'wasm-unsafe-eval'", ""), without);
    }

    #[test]
    fn exceptions_appear_where_needed() {
        let policy = Policy {
            third_parties: vec!["https://medias.metropole.fr".into()],
            embeds: vec![EmbedProvider::Youtube],
            analytics: Some(super::super::AnalyticsSetup {
                origin: "https://stats.metropole.fr".into(),
                base: "https://stats.metropole.fr/".into(),
                site_id: 3,
            }),
            ..Policy::for_tests()
        };
        let csp = content_security_policy(&policy);
        assert!(
            csp.contains(
                "script-src 'self' https://medias.metropole.fr https://stats.metropole.fr;"
            )
        );
        assert!(csp.contains("style-src 'self' https://medias.metropole.fr;"));
        assert!(
            csp.contains("frame-src https://www.youtube-nocookie.com https://medias.metropole.fr;")
        );
    }
}
