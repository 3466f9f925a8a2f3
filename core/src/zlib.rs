//! Inflates a zlib stream embedded in the library (the fraud model is stored compressed to
//! keep the mobile library small: 48 KB raw, 29 KB compressed). One job: a whole stream in,
//! all of its bytes out, with a cap on the output so a damaged stream cannot make it
//! allocate without bound.

use flate2::{Decompress, FlushDecompress, Status};

/// The bytes of the zlib `stream`, which must end exactly where `stream` ends; `None` if it
/// is damaged, has bytes after its end or inflates to more than `max` bytes.
pub(crate) fn inflate(stream: &[u8], max: usize) -> Option<Vec<u8>> {
    // The buffer may grow to one byte past `max`: the end of a stream of exactly `max` bytes
    // is only seen with room left in it.
    let room = max.saturating_add(1);
    let mut z = Decompress::new(true);
    let mut out = Vec::with_capacity(room.min(stream.len().saturating_mul(4)));
    loop {
        let (read, wrote) = (z.total_in(), out.len());
        let input = stream.get(usize::try_from(read).ok()?..)?;
        // `Finish` would fail for good on a full buffer; `None` can be called again.
        let status = z
            .decompress_vec(input, &mut out, FlushDecompress::None)
            .ok()?;
        if status == Status::StreamEnd {
            break;
        }
        if out.len() == out.capacity() {
            if out.len() >= room {
                return None;
            }
            out.reserve_exact((room - out.len()).min(out.len().max(1024)));
        } else if z.total_in() == read && out.len() == wrote {
            return None; // no progress: the stream is cut short
        }
    }
    let whole = usize::try_from(z.total_in()).is_ok_and(|n| n == stream.len());
    (whole && out.len() <= max).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::inflate;
    use flate2::{Compress, Compression, FlushCompress};

    fn deflate(payload: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(payload.len() + 64);
        let mut z = Compress::new(Compression::best(), true);
        z.compress_vec(payload, &mut out, FlushCompress::Finish)
            .expect("compress");
        out
    }

    #[test]
    fn round_trips_through_buffer_growth() {
        // Compresses about 100:1, so the first buffer (4x the stream) fills many times.
        let payload: Vec<u8> = (0..200_000u32).map(|i| (i / 1000) as u8).collect();
        let z = deflate(&payload);
        assert_eq!(inflate(&z, payload.len()).as_deref(), Some(&payload[..]));
        assert_eq!(inflate(&z, 1 << 20).as_deref(), Some(&payload[..]));
    }

    #[test]
    fn refuses_over_cap_damage_and_trailing_bytes() {
        let payload = vec![7u8; 10_000];
        let z = deflate(&payload);
        assert_eq!(inflate(&z, payload.len() - 1), None);
        assert_eq!(inflate(&z[..z.len() - 1], payload.len()), None);
        let mut trailing = z.clone();
        trailing.push(0);
        assert_eq!(inflate(&trailing, payload.len()), None);
        let mut damaged = z;
        damaged[3] ^= 0xff;
        assert_eq!(inflate(&damaged, payload.len()), None);
        assert_eq!(inflate(b"", 10), None);
    }
}
