//! Versioned binary encoding of [`CardState`], so the app can keep one blob per card in the
//! vault. Decoding validates every field (counts, flags, floats, coordinates, checksum):
//! hostile bytes give a typed [`FraudError`], never a panic.

use super::merchants::{MerchantEntry, FLAG_MASK, MERCHANT_SLOTS};
use super::reason::ReasonSet;
use super::state::{
    Bucket, CardState, Episode, Notice, Place, Recent, Snooze, AMOUNT_BINS, BUCKETS, EPISODE_REFS,
    NOTICES, PLACES, RECENT, R_MASK, R_MASK_V5, SNOOZES,
};
use super::{geo, FraudError};

const MAGIC: [u8; 4] = *b"TFCS";
/// Current format. v3 appends the person-relative tables (amount histogram, usual places,
/// card-not-present and new-merchant counts, distance-from-home statistics, learning-period
/// alerts); v2 and v1 states still load, with those tables empty (they fill from the next
/// payments). v2 changed the meaning of a merchant's `streak` (monthly charges of an
/// unchanged amount, not any monthly charges); the bytes are laid out as in v1. v4 appends
/// the first-pass score of each recent payment (episode context); v3 states load with those
/// scores 0 (no suspicious payment in the last 48 hours). v5 appends the engine's own score
/// of each recent payment (two suspicious payments in 48 hours open an episode); v4 states
/// load with those scores 0 (none suspicious). v6 has v5's layout and may set the recent
/// payments' `R_BIG_KIND` flag (big for its kind of spending); older states read it as clear.
const VERSION: u8 = 6;
/// The v5 format (v6 without the `R_BIG_KIND` flag).
const VERSION_V5: u8 = 5;
/// The v4 format (v5 without the recent payments' engine scores).
const VERSION_V4: u8 = 4;
/// The v3 format (v4 without the recent payments' first-pass scores).
const VERSION_V3: u8 = 3;
/// The v2 format (v3 without the appended tables).
const VERSION_V2: u8 = 2;
/// The previous format, still read: same layout, streaks reset to 0 on load (they rebuild
/// from the next charges; until then no `recurring_increase` fires for that merchant).
const VERSION_V1: u8 = 1;

fn checksum(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in bytes {
        h ^= u32::from(*b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

struct W(Vec<u8>);

impl W {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn u16(&mut self, v: u16) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn i32(&mut self, v: i32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn i64(&mut self, v: i64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn f32(&mut self, v: f32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn bucket(&mut self, b: &Bucket) {
        self.u16(b.key);
        self.u32(b.count);
        self.f32(b.mean);
        self.f32(b.dev);
        self.f32(b.max);
        self.i32(b.last_min);
    }
}

struct R<'a> {
    b: &'a [u8],
    pos: usize,
}

impl R<'_> {
    fn take<const N: usize>(&mut self) -> Result<[u8; N], FraudError> {
        let end = self.pos.checked_add(N).ok_or(FraudError::Truncated)?;
        let s = self.b.get(self.pos..end).ok_or(FraudError::Truncated)?;
        self.pos = end;
        s.try_into().map_err(|_| FraudError::Truncated)
    }
    fn u8(&mut self) -> Result<u8, FraudError> {
        Ok(self.take::<1>()?[0])
    }
    fn u16(&mut self) -> Result<u16, FraudError> {
        Ok(u16::from_le_bytes(self.take()?))
    }
    fn u32(&mut self) -> Result<u32, FraudError> {
        Ok(u32::from_le_bytes(self.take()?))
    }
    fn i32(&mut self) -> Result<i32, FraudError> {
        Ok(i32::from_le_bytes(self.take()?))
    }
    fn i64(&mut self) -> Result<i64, FraudError> {
        Ok(i64::from_le_bytes(self.take()?))
    }
    fn u64(&mut self) -> Result<u64, FraudError> {
        Ok(u64::from_le_bytes(self.take()?))
    }
    fn f32(&mut self) -> Result<f32, FraudError> {
        let v = f32::from_le_bytes(self.take()?);
        if v.is_finite() {
            Ok(v)
        } else {
            Err(FraudError::Corrupt)
        }
    }
    fn flag(&mut self) -> Result<bool, FraudError> {
        match self.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(FraudError::Corrupt),
        }
    }
    fn bucket(&mut self) -> Result<Bucket, FraudError> {
        let b = Bucket {
            key: self.u16()?,
            count: self.u32()?,
            mean: self.f32()?,
            dev: self.f32()?,
            max: self.f32()?,
            last_min: self.i32()?,
        };
        if b.dev < 0.0 {
            return Err(FraudError::Corrupt);
        }
        Ok(b)
    }
}

impl CardState {
    /// Serialises the state (at most [`super::MAX_STATE_BYTES`]).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = W(Vec::with_capacity(12 * 1024));
        w.0.extend_from_slice(&MAGIC);
        w.u8(VERSION);
        w.u32(self.n);
        w.i64(self.first_ts);
        w.i64(self.last_ts);
        w.i64(self.spend);
        w.bucket(&self.card);
        for h in self.hours {
            w.u16(h);
        }
        for b in &self.buckets {
            w.bucket(b);
        }
        w.u8(self.head);
        w.u8(self.recent_len);
        for r in &self.recent {
            w.i64(r.ts);
            w.i64(r.amount);
            w.u32(r.merchant);
            w.f32(r.z);
            w.u8(r.flags);
        }
        for m in self.merchants.slots.iter() {
            w.u32(m.hash);
            w.i32(m.last_min);
            w.u32(m.last_amount);
            w.u16(m.count);
            w.u8(m.flags);
            w.u8(m.streak);
        }
        w.i64(self.last_cp.0);
        w.i32(self.last_cp.1);
        w.i32(self.last_cp.2);
        match &self.episode {
            None => w.u8(0),
            Some(e) => {
                w.u8(1);
                w.u32(e.id);
                w.u8(e.status);
                w.i64(e.start_ts);
                w.i64(e.last_ts);
                w.u16(e.reasons);
                w.f32(e.max_score);
                w.u16(e.n_refs);
                for i in 0..EPISODE_REFS {
                    w.u64(e.refs[i]);
                    w.u32(e.merchants[i]);
                    w.u16(e.buckets[i]);
                }
            }
        }
        w.u32(self.next_episode);
        w.i64(self.compromised_until);
        for n in &self.notices {
            match n {
                None => w.u8(0),
                Some(n) => {
                    w.u8(1);
                    w.i32(n.lat_e6);
                    w.i32(n.lon_e6);
                    w.u32(n.radius_km);
                    w.i64(n.start_ts);
                    w.i64(n.end_ts);
                }
            }
        }
        for s in &self.snoozes {
            w.u32(s.hash);
            w.i64(s.until_ts);
        }
        for c in self.amounts {
            w.u16(c);
        }
        for p in &self.places {
            w.i32(p.lat_e6);
            w.i32(p.lon_e6);
            w.u16(p.count);
            w.i32(p.last_min);
        }
        w.u32(self.cnp);
        w.u32(self.novel);
        w.bucket(&self.home_dist);
        w.u8(self.learning_alerts);
        for r in &self.recent {
            w.u8(r.first);
        }
        for r in &self.recent {
            w.u8(r.score);
        }
        let sum = checksum(&w.0);
        w.u32(sum);
        w.0
    }

    /// Parses and validates serialised state.
    pub fn from_bytes(bytes: &[u8]) -> Result<CardState, FraudError> {
        let body_len = bytes.len().checked_sub(4).ok_or(FraudError::Truncated)?;
        let (body, sum) = bytes.split_at(body_len);
        let mut r = R { b: body, pos: 0 };
        if r.take::<4>()? != MAGIC {
            return Err(FraudError::BadMagic);
        }
        let version = r.u8()?;
        if ![
            VERSION,
            VERSION_V5,
            VERSION_V4,
            VERSION_V3,
            VERSION_V2,
            VERSION_V1,
        ]
        .contains(&version)
        {
            return Err(FraudError::UnsupportedVersion);
        }
        let mask = if version == VERSION {
            R_MASK
        } else {
            R_MASK_V5
        };
        let want = u32::from_le_bytes(sum.try_into().map_err(|_| FraudError::Truncated)?);
        if checksum(body) != want {
            return Err(FraudError::BadChecksum);
        }
        let mut s = CardState::new();
        s.n = r.u32()?;
        s.first_ts = r.i64()?;
        s.last_ts = r.i64()?;
        s.spend = r.i64()?;
        s.card = r.bucket()?;
        for h in &mut s.hours {
            *h = r.u16()?;
        }
        for b in &mut s.buckets {
            *b = r.bucket()?;
        }
        s.head = r.u8()?;
        s.recent_len = r.u8()?;
        if usize::from(s.head) >= RECENT || usize::from(s.recent_len) > RECENT {
            return Err(FraudError::Corrupt);
        }
        for x in &mut s.recent {
            *x = Recent {
                ts: r.i64()?,
                amount: r.i64()?,
                merchant: r.u32()?,
                z: r.f32()?,
                flags: r.u8()?,
                first: 0,
                score: 0,
            };
            if x.flags & !mask != 0 {
                return Err(FraudError::Corrupt);
            }
        }
        for m in s.merchants.slots.iter_mut() {
            *m = MerchantEntry {
                hash: r.u32()?,
                last_min: r.i32()?,
                last_amount: r.u32()?,
                count: r.u16()?,
                flags: r.u8()?,
                streak: r.u8()?,
            };
            if m.flags & !FLAG_MASK != 0 {
                return Err(FraudError::Corrupt);
            }
            if version == VERSION_V1 {
                m.streak = 0;
            }
        }
        s.last_cp = (r.i64()?, r.i32()?, r.i32()?);
        if s.last_cp.0 != i64::MIN && !geo::valid(s.last_cp.1, s.last_cp.2) {
            return Err(FraudError::Corrupt);
        }
        if r.flag()? {
            let mut e = Episode {
                id: r.u32()?,
                status: r.u8()?,
                start_ts: r.i64()?,
                last_ts: r.i64()?,
                reasons: r.u16()?,
                max_score: r.f32()?,
                n_refs: r.u16()?,
                refs: [0; EPISODE_REFS],
                merchants: [0; EPISODE_REFS],
                buckets: [0; EPISODE_REFS],
            };
            if e.status > 2 || e.reasons & !ReasonSet::MASK != 0 || e.n_refs == 0 {
                return Err(FraudError::Corrupt);
            }
            for i in 0..EPISODE_REFS {
                e.refs[i] = r.u64()?;
                e.merchants[i] = r.u32()?;
                e.buckets[i] = r.u16()?;
            }
            s.episode = Some(e);
        }
        s.next_episode = r.u32()?;
        s.compromised_until = r.i64()?;
        for n in &mut s.notices {
            if r.flag()? {
                let v = Notice {
                    lat_e6: r.i32()?,
                    lon_e6: r.i32()?,
                    radius_km: r.u32()?,
                    start_ts: r.i64()?,
                    end_ts: r.i64()?,
                };
                if !geo::valid(v.lat_e6, v.lon_e6) || v.start_ts > v.end_ts {
                    return Err(FraudError::Corrupt);
                }
                *n = Some(v);
            }
        }
        for x in &mut s.snoozes {
            *x = Snooze {
                hash: r.u32()?,
                until_ts: r.i64()?,
            };
        }
        if version >= VERSION_V3 {
            read_v3_tables(&mut r, &mut s)?;
        }
        if version >= VERSION_V4 {
            for x in &mut s.recent {
                x.first = r.u8()?;
            }
        }
        if version >= VERSION_V5 {
            for x in &mut s.recent {
                x.score = r.u8()?;
            }
        }
        if r.pos != body.len() {
            return Err(FraudError::TrailingBytes);
        }
        Ok(s)
    }
}

/// The tables v3 appends.
fn read_v3_tables(r: &mut R<'_>, s: &mut CardState) -> Result<(), FraudError> {
    for c in &mut s.amounts {
        *c = r.u16()?;
    }
    for p in &mut s.places {
        *p = Place {
            lat_e6: r.i32()?,
            lon_e6: r.i32()?,
            count: r.u16()?,
            last_min: r.i32()?,
        };
        if p.count > 0 && !geo::valid(p.lat_e6, p.lon_e6) {
            return Err(FraudError::Corrupt);
        }
    }
    s.cnp = r.u32()?;
    s.novel = r.u32()?;
    s.home_dist = r.bucket()?;
    s.learning_alerts = r.u8()?;
    Ok(())
}

/// Compile-time check that the fixed layout fits the bound.
const _: () = {
    let bucket = 2 + 4 + 4 + 4 + 4 + 4;
    let size = 4
        + 1
        + 4
        + 8 * 3
        + bucket
        + 48
        + BUCKETS * bucket
        + 2
        + RECENT * 25
        + MERCHANT_SLOTS * 16
        + 16
        + 1
        + (4 + 1 + 16 + 2 + 4 + 2 + EPISODE_REFS * 14)
        + 4
        + 8
        + NOTICES * 29
        + SNOOZES * 12
        + AMOUNT_BINS * 2
        + PLACES * 14
        + 8
        + bucket
        + 1
        + 2 * RECENT
        + 4;
    assert!(size <= super::state::MAX_STATE_BYTES);
};

#[cfg(test)]
mod tests {
    use super::*;

    /// A v2 state (without the v3 tables) still loads, with those tables empty.
    #[test]
    fn v2_state_loads_with_empty_v3_tables() {
        let mut s = CardState::new();
        s.n = 7;
        let mut b = s.to_bytes();
        let tail = AMOUNT_BINS * 2 + PLACES * 14 + 8 + 22 + 1 + 2 * RECENT;
        b.truncate(b.len() - 4 - tail);
        b[4] = VERSION_V2;
        let sum = checksum(&b);
        b.extend_from_slice(&sum.to_le_bytes());
        let back = CardState::from_bytes(&b).unwrap();
        assert_eq!(back, s);
    }

    /// A v3 state (without the recent payments' first-pass scores) loads with those scores 0.
    #[test]
    fn v3_state_loads_with_no_recent_scores() {
        let mut s = CardState::new();
        s.n = 3;
        s.recent[0].first = 200;
        let full = s.to_bytes();
        assert_eq!(CardState::from_bytes(&full).unwrap(), s);
        let mut b = full;
        b.truncate(b.len() - 4 - 2 * RECENT);
        b[4] = VERSION_V3;
        let sum = checksum(&b);
        b.extend_from_slice(&sum.to_le_bytes());
        let back = CardState::from_bytes(&b).unwrap();
        s.recent[0].first = 0;
        assert_eq!(back, s);
    }

    /// A v4 state (without the recent payments' engine scores) loads with those scores 0.
    #[test]
    fn v4_state_loads_with_no_recent_engine_scores() {
        let mut s = CardState::new();
        s.n = 3;
        s.recent[0].first = 200;
        s.recent[0].score = 180;
        let full = s.to_bytes();
        assert_eq!(CardState::from_bytes(&full).unwrap(), s);
        let mut b = full;
        b.truncate(b.len() - 4 - RECENT);
        b[4] = VERSION_V4;
        let sum = checksum(&b);
        b.extend_from_slice(&sum.to_le_bytes());
        let back = CardState::from_bytes(&b).unwrap();
        s.recent[0].score = 0;
        assert_eq!(back, s);
    }

    /// A v5 state (same layout, without `R_BIG_KIND`) loads; that flag is invalid in it.
    #[test]
    fn v5_state_loads_without_the_big_kind_flag() {
        let mut s = CardState::new();
        s.n = 3;
        s.recent[0].flags = R_MASK;
        let full = s.to_bytes();
        assert_eq!(CardState::from_bytes(&full).unwrap(), s);
        let v5 = |flags: u8| {
            let mut t = s.clone();
            t.recent[0].flags = flags;
            let mut b = t.to_bytes();
            b.truncate(b.len() - 4);
            b[4] = VERSION_V5;
            let sum = checksum(&b);
            b.extend_from_slice(&sum.to_le_bytes());
            CardState::from_bytes(&b)
        };
        assert_eq!(v5(R_MASK_V5).unwrap().recent[0].flags, R_MASK_V5);
        assert_eq!(v5(R_MASK), Err(FraudError::Corrupt));
    }

    /// A v1 state (same layout) still loads; its merchant streaks are reset, since v1 counted
    /// any monthly charges rather than charges of an unchanged amount.
    #[test]
    fn v1_state_loads_with_streaks_reset() {
        let mut s = CardState::new();
        if let Some(e) = s.merchants.entry(42) {
            e.count = 5;
            e.streak = 4;
        }
        let mut b = s.to_bytes();
        let tail = AMOUNT_BINS * 2 + PLACES * 14 + 8 + 22 + 1 + 2 * RECENT;
        b.truncate(b.len() - 4 - tail);
        b[4] = VERSION_V1;
        let sum = checksum(&b);
        b.extend_from_slice(&sum.to_le_bytes());
        let back = CardState::from_bytes(&b).unwrap();
        let e = back.merchants.get(42).unwrap();
        assert_eq!((e.count, e.streak), (5, 0));
        assert_eq!(CardState::from_bytes(&s.to_bytes()).unwrap(), s);
        b[4] = VERSION + 1;
        assert_eq!(
            CardState::from_bytes(&b),
            Err(FraudError::UnsupportedVersion)
        );
    }
}
