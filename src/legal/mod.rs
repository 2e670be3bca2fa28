//! What the three legal pages say, computed from `commune.toml` for their templates.
//!
//! - Mentions légales (LCEN): the commune, its mayor as directeur de la publication and the
//!   host are already in `site` (all mandatory: `config` refuses a build without them).
//! - Données personnelles (RGPD art. 13): [`PrivacyNotice`], one processing per thing the site
//!   really does: server logs and e-mails always, audience measurement and each embed or
//!   third party only when `[vie_privee]` enables them.
//! - Accessibilité (loi 2005-102 art. 47, décret 2019-768): [`Declaration`], the official
//!   declaration model filled from `[accessibilite]`.
//!
//! Templates receive them as `vie_privee` and `declaration` (see `render`).

mod declaration;
mod privacy_notice;

pub use declaration::Declaration;
pub use privacy_notice::{PrivacyNotice, Processing};
