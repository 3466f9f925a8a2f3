//! Great-circle distances between micro-degree coordinates (floats are fine here: distances
//! feed scores, never money).

/// Mean Earth radius, km.
const EARTH_KM: f64 = 6371.0;

/// Whether a micro-degree latitude/longitude pair is on the globe.
pub(crate) fn valid(lat_e6: i32, lon_e6: i32) -> bool {
    (-90_000_000..=90_000_000).contains(&lat_e6) && (-180_000_000..=180_000_000).contains(&lon_e6)
}

/// Haversine distance in km, or `None` when a coordinate is invalid.
pub(crate) fn distance_km(a: (i32, i32), b: (i32, i32)) -> Option<f64> {
    if !valid(a.0, a.1) || !valid(b.0, b.1) {
        return None;
    }
    let r = |v: i32| f64::from(v) * 1e-6_f64.to_radians();
    let (la1, lo1, la2, lo2) = (r(a.0), r(a.1), r(b.0), r(b.1));
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    Some(2.0 * EARTH_KM * h.sqrt().min(1.0).asin())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_distance() {
        // New York to London is about 5570 km.
        let d = distance_km((40_712_800, -74_006_000), (51_507_400, -127_800)).unwrap();
        assert!((5500.0..5650.0).contains(&d), "{d}");
        assert_eq!(distance_km((0, 0), (0, 0)), Some(0.0));
        assert_eq!(distance_km((91_000_000, 0), (0, 0)), None);
    }
}
