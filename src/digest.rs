//! 128-bit content digests, for the caches that reuse work on equal content (`serve`'s pages,
//! the regions minify sees again).
//!
//! SipHash-1-3: like git's object names, a collision between two pages is not a practical
//! concern, and the content is not held a second time to compare.

use std::hash::Hasher as _;

use siphasher::sip128::{Hasher128 as _, SipHasher13};

/// A 128-bit content digest.
pub(crate) type Digest = u128;

/// The 128-bit digest of `text`.
pub(crate) fn digest(text: &str) -> Digest {
    let mut hasher = SipHasher13::new();
    hasher.write(text.as_bytes());
    let hash = hasher.finish128();
    (u128::from(hash.h1) << 64) | u128::from(hash.h2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_tell_contents_apart() {
        assert_eq!(digest("<p>a</p>"), digest("<p>a</p>"));
        assert_ne!(digest("<p>a</p>"), digest("<p>b</p>"));
        assert_ne!(digest(""), digest(" "));
    }
}
