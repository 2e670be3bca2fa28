//! Sharding: `usine build --shard K/N` builds the K-th of N stable subsets of the communes,
//! so a CI matrix or a Kubernetes Indexed Job spreads the fleet over machines (see
//! `docs/exploitation.md`); `usine rapport fusion` gathers the shards' reports.
//!
//! A commune's shard depends only on its name and N, never on the list of communes: adding
//! or removing a commune moves no other one, and every commune is in exactly one shard. The
//! name is hashed with SHA-256 (stable across platforms and versions, unlike std's hasher)
//! and placed with Lamping and Veach's jump consistent hash, so going from N to N + 1
//! shards moves only about 1/(N + 1) of the communes (their published sites and manifests
//! follow them, see the docs).

use std::fmt;
use std::str::FromStr;

use sha2::{Digest, Sha256};

/// The K-th (1-based) of N shards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

impl Shard {
    /// This shard holds `slug`.
    pub fn contains(&self, slug: &str) -> bool {
        shard_of(slug, self.count) == self.index
    }
}

/// The shard (1-based) of `slug` among `count` shards.
pub fn shard_of(slug: &str, count: u32) -> u32 {
    let digest = Sha256::digest(slug.as_bytes());
    let mut key = [0u8; 8];
    key.copy_from_slice(&digest[..8]);
    jump_consistent_hash(u64::from_be_bytes(key), count.max(1)) + 1
}

/// "A Fast, Minimal Memory, Consistent Hash Algorithm" (Lamping, Veach, 2014): a bucket in
/// `0..buckets` for `key`.
fn jump_consistent_hash(mut key: u64, buckets: u32) -> u32 {
    let mut bucket: i64 = -1;
    let mut next: i64 = 0;
    while next < i64::from(buckets) {
        bucket = next;
        key = key.wrapping_mul(2_862_933_555_777_941_757).wrapping_add(1);
        next = ((bucket + 1) as f64 * ((1u64 << 31) as f64 / ((key >> 33) + 1) as f64)) as i64;
    }
    bucket as u32
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(text: &str) -> Result<Shard, String> {
        let invalid = || {
            format!(
                "tranche invalide « {text} » : écrivez K/N avec 1 ≤ K ≤ N, par exemple 2/4 \
                 (Kubernetes : $((JOB_COMPLETION_INDEX + 1))/N)"
            )
        };
        let (k, n) = text.split_once('/').ok_or_else(invalid)?;
        let index: u32 = k.trim().parse().map_err(|_| invalid())?;
        let count: u32 = n.trim().parse().map_err(|_| invalid())?;
        if index == 0 || index > count {
            return Err(invalid());
        }
        Ok(Shard { index, count })
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slugs(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("commune-{i:03}")).collect()
    }

    #[test]
    fn every_commune_is_in_exactly_one_shard() {
        for count in 1..=8 {
            for slug in slugs(200) {
                let holders = (1..=count)
                    .filter(|&k| Shard { index: k, count }.contains(&slug))
                    .count();
                assert_eq!(holders, 1, "{slug} in {holders} of {count} shards");
            }
        }
    }

    #[test]
    fn adding_shards_moves_few_communes_and_only_to_the_new_shard() {
        let all = slugs(1000);
        let moved: Vec<&String> = all
            .iter()
            .filter(|s| shard_of(s, 4) != shard_of(s, 5))
            .collect();
        assert!(moved.iter().all(|s| shard_of(s, 5) == 5));
        assert!((120..=280).contains(&moved.len()), "{} moved", moved.len());
    }

    #[test]
    fn shards_are_balanced_enough() {
        let all = slugs(920);
        for k in 1..=4 {
            let size = all.iter().filter(|s| shard_of(s, 4) == k).count();
            assert!((180..=280).contains(&size), "shard {k}: {size}");
        }
    }

    /// The assignment must never change between versions: CI caches a shard's output.
    #[test]
    fn assignment_is_stable() {
        let got: Vec<u32> = ["port-lavigne", "saint-aubin-des-bois", "val-de-brenne"]
            .iter()
            .map(|s| shard_of(s, 4))
            .collect();
        assert_eq!(got, GOLDEN);
    }
    const GOLDEN: [u32; 3] = [3, 3, 2];

    #[test]
    fn parses_k_over_n() {
        assert_eq!("2/4".parse::<Shard>(), Ok(Shard { index: 2, count: 4 }));
        assert!("0/4".parse::<Shard>().is_err());
        assert!("5/4".parse::<Shard>().is_err());
        assert!("deux".parse::<Shard>().is_err());
    }
}
